"""Stress: the structure's waterfall over many price and default paths at once.

Every path runs through the same interpreter as the base case (``ArrayOps``), so triggers, reserve,
liquidity and guarantor behave identically; only the number type differs. Results are statistics:
loss distribution per tranche, the probability of any senior loss, expected shortfall, the
guarantor's calls. Break-even CDR and carbon price are found by bracketing on a vector of scenarios
(one per path) and narrowing the bracket.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from tanxin.securitisation.domain import pool as pool_mod
from tanxin.securitisation.domain import vectorpool
from tanxin.securitisation.domain.errors import refuse
from tanxin.securitisation.domain.ops import ArrayOps
from tanxin.securitisation.domain.paths import DefaultModel, PriceModel, check_size, default_rates, prices
from tanxin.securitisation.domain.structure import Structure
from tanxin.securitisation.domain.waterfall import Interpreter, Totals

HISTOGRAM_BINS = 20
ES_LEVEL = 0.99


@dataclass(frozen=True)
class TrancheStats:
    name: str
    expected_loss: float  # mean loss / initial balance
    p_loss: float  # probability of losing at least one fen
    var99: float
    es99: float  # mean of the worst 1 % of losses, as a share of the initial balance
    histogram: list[int]  # counts of paths per loss bin (0–5 %, …, 95–100 %)


@dataclass(frozen=True)
class StressResult:
    paths: int
    seed: int
    tranches: list[TrancheStats]
    p_senior_loss: float
    guarantor_mean_fen: float
    p_guarantor_called: float
    price_percentiles: dict[str, list[float]] = field(default_factory=dict)  # p5/p50/p95 by period


def _checked(loans: Any, a: pool_mod.Assumptions) -> int:
    pool_mod.check_loans(loans)
    pool_mod.check_assumptions(a)
    if a.defaults:
        raise refuse("defaults_base_only", "named loan defaults apply to the base case only")
    return pool_mod.horizon(loans, a.recovery_lag)


def run_paths(loans: Any, a: pool_mod.Assumptions, structure: Structure, mdr: np.ndarray, price: np.ndarray, *,
              keep_periods: bool = False) -> Totals:  # fmt: skip
    """The waterfall over given default-rate and price paths (the engine every stress run uses)."""
    flows = vectorpool.project(loans, mdr, float(pool_mod.smm(a.cpr)), price, float(a.slippage), a.recovery_lag)
    engine = Interpreter(structure, ArrayOps(mdr.shape[0]), lpr_bp=a.lpr_bp, keep_periods=keep_periods)
    return engine.run(flows)


def simulate(loans: Any, a: pool_mod.Assumptions, structure: Structure, *, paths: int, seed: int,
             price_model: PriceModel, default_model: DefaultModel) -> StressResult:  # fmt: skip
    periods = _checked(loans, a)
    check_size(paths, periods)
    rng = np.random.default_rng(seed)
    price, eps = prices(price_model, float(a.price_fen), float(a.price_shock), periods, rng, paths)
    mdr = default_rates(float(pool_mod.smm(a.cdr)), default_model, eps, rng)
    totals = run_paths(loans, a, structure, mdr, price)
    stats = [_tranche_stats(t.name, t.balance_fen, np.asarray(totals.loss(t.name))) for t in structure.tranches]
    senior = [t.name for t in structure.tranches if not t.subordinated]
    any_senior = np.zeros(paths, dtype=bool)
    for name in senior:
        any_senior |= np.asarray(totals.loss(name)) >= 1
    guarantor = np.asarray(totals.guarantor_paid)
    pct = np.percentile(price, [5, 50, 95], axis=0)
    return StressResult(
        paths=paths, seed=seed, tranches=stats, p_senior_loss=float(any_senior.mean()),
        guarantor_mean_fen=float(guarantor.mean()), p_guarantor_called=float((guarantor >= 1).mean()),
        price_percentiles={"p5": _r(pct[0]), "p50": _r(pct[1]), "p95": _r(pct[2])},
    )  # fmt: skip


def _r(values: np.ndarray) -> list[float]:
    return [round(float(v), 2) for v in values]


def _tranche_stats(name: str, initial: int, loss: np.ndarray) -> TrancheStats:
    share = np.clip(loss / initial, 0, 1)
    worst = np.sort(share)[int(np.floor(ES_LEVEL * share.size)) :]
    hist, _ = np.histogram(share, bins=HISTOGRAM_BINS, range=(0, 1))
    return TrancheStats(name=name, expected_loss=float(share.mean()), p_loss=float((loss >= 1).mean()),
                        var99=float(np.quantile(share, ES_LEVEL)), es99=float(worst.mean()) if worst.size else 0.0,
                        histogram=[int(h) for h in hist])  # fmt: skip


# -- scenarios: one deterministic scenario per path ----------------------------------------------------------
def scenario_losses(loans: Any, a: pool_mod.Assumptions, structure: Structure, cdrs: np.ndarray,
                    shocks: np.ndarray) -> dict[str, np.ndarray]:  # fmt: skip
    """Each tranche's loss (fen) under each (CDR, price shock) pair on the base price path."""
    periods = _checked(loans, a)
    n = cdrs.size
    check_size(n, periods)
    mdr = np.repeat((1 - (1 - cdrs) ** (1 / 12))[:, None], periods, axis=1)
    t = np.arange(periods + 1)
    base = float(a.price_fen) * np.exp(float(a.price_drift) * t / 12)
    price = (1 + shocks)[:, None] * base[None, :] * (1 + float(a.price_shock))
    totals = run_paths(loans, a, structure, mdr, price)
    return {tr.name: np.asarray(totals.loss(tr.name)) for tr in structure.tranches}


def grid(loans: Any, a: pool_mod.Assumptions, structure: Structure, cdrs: list[float],
         shocks: list[float]) -> dict[str, list[list[int]]]:  # fmt: skip
    """Loss in fen per tranche on a CDR × price-shock grid (rows: CDR, columns: shock)."""
    c, s = np.meshgrid(np.array(cdrs, dtype=float), np.array(shocks, dtype=float), indexing="ij")
    losses = scenario_losses(loans, a, structure, c.ravel(), s.ravel())
    return {k: np.rint(v).reshape(c.shape).astype(int).tolist() for k, v in losses.items()}


def break_even_cdr(loans: Any, a: pool_mod.Assumptions, structure: Structure, *, tranche: str,
                   width: int = 64, rounds: int = 4) -> Decimal | None:  # fmt: skip
    """The lowest annual CDR at which ``tranche`` loses a fen (None if it survives 99.99 %)."""
    def loses(cdr: np.ndarray) -> np.ndarray:
        return scenario_losses(loans, a, structure, cdr, np.zeros_like(cdr))[tranche] >= 1

    return _bracket(loses, 0.0, 0.9999, width, rounds, rising=True)


def break_even_price(loans: Any, a: pool_mod.Assumptions, structure: Structure, *, tranche: str,
                     width: int = 64, rounds: int = 4) -> Decimal | None:  # fmt: skip
    """The highest carbon price (fen per tonne, on the base path's start) at which ``tranche`` loses a fen
    under the assumed CDR; None when it loses nothing even at a zero price."""
    start = float(a.price_fen) * (1 + float(a.price_shock))
    if start <= 0:
        return None
    cdr = float(a.cdr)

    def loses(price: np.ndarray) -> np.ndarray:
        shock = price / start - 1
        return scenario_losses(loans, a, structure, np.full(price.size, cdr), shock)[tranche] >= 1

    if not loses(np.array([0.0]))[0]:
        return None
    return _bracket(loses, 0.0, start, width, rounds, rising=False)


def _bracket(loses: Any, low: float, high: float, width: int, rounds: int, *, rising: bool) -> Decimal | None:
    """Narrow [low, high] to where ``loses`` switches, ``width`` scenarios at a time."""
    for _ in range(rounds):
        xs = np.linspace(low, high, width)
        hit = loses(xs)
        if rising:
            if not hit.any():
                return None
            k = int(np.argmax(hit))
            if k == 0:
                return Decimal(str(round(xs[0], 6)))
            low, high = xs[k - 1], xs[k]
        else:
            if hit.all():
                return Decimal(str(round(xs[-1], 2)))
            k = int(np.argmin(hit))  # first price that no longer loses
            low, high = xs[k - 1], xs[k]
    return Decimal(str(round(high if rising else low, 6)))
