"""Tranche measures from a base-case run: WAL, yield, duration, loss."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tanxin.securitisation.domain.roots import irr


@dataclass(frozen=True)
class TrancheMeasures:
    name: str
    initial_fen: int
    interest_fen: int
    principal_fen: int
    residual_fen: int
    loss_fen: int
    wal_years: Decimal | None
    yield_ppm: int | None  # annual, 12 × the monthly IRR (bond-equivalent on monthly pay)
    duration_years: Decimal | None  # modified duration at that yield
    loss_ppm: int  # loss / initial balance


def measure(name: str, initial_fen: int, cash: list[tuple[int, int, int, int]], loss_fen: int) -> TrancheMeasures:
    """``cash``: (period, interest, principal, residual) received, in fen."""
    principal = sum(p for _, _, p, _ in cash)
    wal = None
    if principal:
        wal = (Decimal(sum(t * p for t, _, p, _ in cash)) / principal / 12).quantize(Decimal("0.0001"))
    flows = [-float(initial_fen)] + [0.0] * max((t for t, *_ in cash), default=0)
    for t, i, p, r in cash:
        flows[t] += i + p + r
    monthly = irr(flows)
    duration = None
    if monthly is not None and monthly > -1:
        pv = sum(cf / (1 + monthly) ** t for t, cf in enumerate(flows) if t > 0)
        if pv > 0:
            mac = sum(t * cf / (1 + monthly) ** t for t, cf in enumerate(flows) if t > 0) / pv / 12
            duration = Decimal(str(round(mac / (1 + monthly), 4)))
    return TrancheMeasures(
        name=name, initial_fen=initial_fen, interest_fen=sum(i for _, i, _, _ in cash), principal_fen=principal,
        residual_fen=sum(r for *_, r in cash), loss_fen=loss_fen, wal_years=wal,
        yield_ppm=None if monthly is None else round(monthly * 12 * 1_000_000), duration_years=duration,
        loss_ppm=loss_fen * 1_000_000 // initial_fen if initial_fen else 0,
    )  # fmt: skip
