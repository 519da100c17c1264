"""The base case: the exact pool projection through the structure's waterfall, in fen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tanxin.securitisation.domain import pool as pool_mod
from tanxin.securitisation.domain.analytics import TrancheMeasures, measure
from tanxin.securitisation.domain.errors import refuse
from tanxin.securitisation.domain.ops import ExactOps
from tanxin.securitisation.domain.pool import Assumptions, Loan, PoolFlows
from tanxin.securitisation.domain.structure import Structure
from tanxin.securitisation.domain.waterfall import Interpreter, Totals


@dataclass(frozen=True)
class BaseCase:
    pool: PoolFlows
    rows: list[dict[str, Any]]  # one per period, plain ints, bools and strings (JSON-ready)
    measures: list[TrancheMeasures]
    guarantor_paid_fen: int
    liquidity_drawn_fen: int


def run(loans: list[Loan] | tuple[Loan, ...], assumptions: Assumptions, structure: Structure) -> BaseCase:
    flows = pool_mod.project(loans, assumptions)
    if structure.total_fen > flows.initial_fen:
        raise refuse("tranches_exceed_pool", "the tranches add up to more than the pool",
                     tranches_fen=structure.total_fen, pool_fen=flows.initial_fen)  # fmt: skip
    engine = Interpreter(structure, ExactOps(), lpr_bp=assumptions.lpr_bp)
    totals = engine.run(flows)
    rows = [_plain(row, engine.waterfall_names, flows, i) for i, row in enumerate(totals.rows)]
    return BaseCase(
        pool=flows,
        rows=rows,
        measures=_measures(structure, rows, totals),
        guarantor_paid_fen=int(totals.guarantor_paid),
        liquidity_drawn_fen=int(totals.liquidity_drawn),
    )


def _measures(structure: Structure, rows: list[dict[str, Any]], totals: Totals) -> list[TrancheMeasures]:
    out = []
    for t in structure.tranches:
        cash = [(r["period"], r["tranches"][t.name]["interest_paid"], r["tranches"][t.name]["principal_paid"],
                 r["tranches"][t.name]["residual_paid"]) for r in rows]  # fmt: skip
        out.append(measure(t.name, t.balance_fen, cash, int(totals.loss(t.name))))
    return out


def _plain(row: dict[str, Any], names: list[str], flows: PoolFlows, i: int) -> dict[str, Any]:
    return {
        "period": row["period"],
        "pool": {k: getattr(flows, k)[i] for k in ("opening", "interest", "scheduled", "prepaid", "defaulted",
                                                     "recovered", "loss", "closing")},
        "tranches": {n: {k: int(v) for k, v in d.items()} for n, d in row["tranches"].items()},
        "fees": {k: int(v) for k, v in row["fees"].items()},
        "accounts": {k: int(v) for k, v in row["accounts"].items()},
        "reserve": int(row["reserve"]),
        "liquidity": int(row["liquidity"]),
        "draw_reserve": int(row["draw_reserve"]),
        "draw_liquidity": int(row["draw_liquidity"]),
        "repay_liquidity": int(row["repay_liquidity"]),
        "guarantor": int(row["guarantor"]),
        "triggers": [bool(x) for x in row["triggers"]],
        "waterfall": names[int(row["active"])],
        "oc": _ratio(row["metrics"]["oc"]),
        "ic": _ratio(row["metrics"]["ic"]),
    }


def _ratio(value: Decimal) -> str | None:
    return None if not value.is_finite() else str(value.quantize(Decimal("0.0001")))
