"""ABS stress: 10,000 paths × 200 pledge loans × 36 monthly periods (target ≤ 2 s on two cores).

Timed: ``montecarlo.simulate`` — price paths (GBM), default rates correlated with the price shocks
(wrong-way), the pool with carbon-linked recovery on every path, and the declarative waterfall with
its OC trigger, reserve, liquidity facility and guarantor shortfall payment on every path.
Reference in the same run: the same paths and pool flows through a minimal hand-written sequential
waterfall (senior interest, senior principal, the rest to the subordinated tranche), which shows the
interpreter's overhead; and a loan-by-loan (paths × loans arrays) carbon recovery, checked equal to the
engine's sorted-threshold recovery. Peak memory: tracemalloc over a second, untimed engine run.
Pure domain code: no database. Prints one JSON line.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import emit

PATHS, LOANS, LAG, SEED = 10_000, 200, 6, 2024


def setup():
    from tanxin.securitisation.domain import paths, structure, templates
    from tanxin.securitisation.domain.pool import Assumptions, Loan

    rng = np.random.default_rng(7)
    loans = [Loan(f"L{i:03d}", int(rng.integers(200_000_00, 1_500_000_00)), int(rng.integers(30_000, 60_000)),
                  int(rng.integers(6, 36 - LAG + 1)), ("bullet", "linear", "annuity")[i % 3],
                  int(rng.integers(5_000, 40_000)), (0, 300_000)[i % 2]) for i in range(LOANS)]  # fmt: skip
    total = sum(x.balance_fen for x in loans)
    s = structure.read(templates.standard(total, senior_share_bp=8700, reserve_fen=total // 100,
                                          liquidity_fen=total // 50, expected_maturity=30,
                                          oc_floor="1.08"))  # fmt: skip
    s = structure.read({**structure.write(s), "guarantor_limit_fen": total // 10})
    a = Assumptions(cdr=Decimal("0.12"), cpr=Decimal("0.05"), recovery_lag=LAG, price_fen=Decimal(6_000),
                    slippage=Decimal("0.15"))  # fmt: skip
    return loans, s, a, paths.PriceModel(sigma=0.5), paths.DefaultModel(sigma=0.8, correlation=0.5)


def minimal_sequential(flows, senior: int, coupon: float) -> np.ndarray:
    """Senior interest then senior principal from all collections, the rest to the subordinated tranche."""
    bal = np.full(flows.opening[0].shape, float(senior))
    short = np.zeros_like(bal)
    for t in range(flows.periods):
        cash = flows.interest[t] + flows.scheduled[t] + flows.prepaid[t] + flows.recovered[t]
        due = short + np.rint(bal * coupon)
        paid = np.minimum(cash, due)
        short = due - paid
        principal = np.minimum(cash - paid, bal)
        bal = bal - principal
    return bal + short


def loan_level_recovery(loans, mdr, smm, price, slippage, lag) -> np.ndarray:
    """The pool's carbon recovery per path and period, loan by loan (paths × loans arrays), to the fen."""
    from tanxin.securitisation.domain.vectorpool import schedules

    n, periods = mdr.shape
    B = schedules(loans, periods)
    Q = np.array([float(x.pledged_t) for x in loans])
    g = np.array([x.guarantee_ppm / 1e6 for x in loans])
    S, out = np.ones(n), [np.zeros(n) for _ in range(periods)]
    for t in range(1, periods + 1):
        m = mdr[:, t - 1]
        if t + lag <= periods:
            exposure = (m * S)[:, None] * B[None, :, t - 1]
            tonnes = (m * S)[:, None] * Q[None, :]
            x = (price[:, t + lag] * (1 - slippage))[:, None]
            out[t + lag - 1] = np.rint(np.minimum(exposure, tonnes * x + g[None, :] * exposure).sum(axis=1))
        S = S * (1 - m) * (1 - smm)
    return out


def main() -> None:
    from tanxin.securitisation.domain import montecarlo, vectorpool
    from tanxin.securitisation.domain.paths import default_rates, prices
    from tanxin.securitisation.domain.pool import horizon, smm

    loans, s, a, price_model, default_model = setup()
    periods = horizon(loans, LAG)
    montecarlo.simulate(loans, a, s, paths=200, seed=1, price_model=price_model, default_model=default_model)

    t0 = time.perf_counter()
    result = montecarlo.simulate(loans, a, s, paths=PATHS, seed=SEED, price_model=price_model,
                                 default_model=default_model)  # fmt: skip
    engine_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    rng = np.random.default_rng(SEED)
    price, eps = prices(price_model, float(a.price_fen), float(a.price_shock), periods, rng, PATHS)
    mdr = default_rates(float(smm(a.cdr)), default_model, eps, rng)
    flows = vectorpool.project(loans, mdr, float(smm(a.cpr)), price, float(a.slippage), LAG)
    pool_s = time.perf_counter() - t0
    senior = s.tranches[0]
    t1 = time.perf_counter()
    minimal_sequential(flows, senior.balance_fen, senior.coupon_bp / 120_000)
    reference_s = pool_s + time.perf_counter() - t1

    t0 = time.perf_counter()
    brute = loan_level_recovery(loans, mdr, float(smm(a.cpr)), price, float(a.slippage), LAG)
    loan_level_s = time.perf_counter() - t0
    gap_fen = max(float(np.abs(b - e).max()) for b, e in zip(brute, flows.recovered, strict=True))

    tracemalloc.start()
    montecarlo.simulate(loans, a, s, paths=PATHS, seed=SEED, price_model=price_model, default_model=default_model)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    emit({
        "bench": "abs_stress", "paths": PATHS, "loans": LOANS, "periods": periods,
        "engine_s": round(engine_s, 3), "target_s": 2.0,
        "reference_minimal_sequential_s": round(reference_s, 3), "pool_paths_s": round(pool_s, 3),
        "interpreter_overhead_s": round(engine_s - reference_s, 3),
        "loan_level_recovery_s": round(loan_level_s, 3), "recovery_gap_fen_max": gap_fen,
        "peak_mib": round(peak / 2**20, 1),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "p_senior_loss": result.p_senior_loss, "senior_expected_loss": round(result.tranches[0].expected_loss, 6),
    })  # fmt: skip


if __name__ == "__main__":
    main()
