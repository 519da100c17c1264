"""LTV solve + a 100,000-path × 250-day daily-monitored Monte Carlo for a pledge loan (target ≤ 2 s).

Inputs are the reference rules' check case (σ 25 %, 1 year, zero drift, liquidation line 120 %). The LTV is
solved for a 5 % probability of touching the line; the Monte Carlo is then run at the solved LTV. Reported:
seconds for both, the closed-form (continuous and daily-corrected) and simulated probabilities, their
difference in standard errors, and, as the reference in the same run, the time numpy takes just to draw the
25 M normal numbers the simulation needs. Prints one JSON line.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _setup import emit

PATHS, DAYS, TARGET = 100_000, 250, 0.05


def main() -> None:
    import numpy as np

    from tanxin.lending.domain.risk import RiskInputs, barrier_probability, monte_carlo_probability, solve_ltv

    inputs = RiskInputs(sigma=0.25, tenor_years=1.0, liquidation_line=1.2)
    start = time.perf_counter()
    ltv = solve_ltv(inputs, TARGET)
    solve_s = time.perf_counter() - start
    mc = monte_carlo_probability(inputs, float(ltv), paths=PATHS)
    total_s = time.perf_counter() - start
    continuous = barrier_probability(inputs, float(ltv))
    daily = barrier_probability(inputs, float(ltv), daily=True)
    t0 = time.perf_counter()
    generator = np.random.default_rng(1)
    for _ in range(PATHS // 20_000):
        generator.standard_normal((20_000, DAYS), dtype=np.float32)
    draw_s = time.perf_counter() - t0
    emit({
        "bench": "lending_risk",
        "paths": PATHS,
        "days": DAYS,
        "solved_ltv": str(ltv),
        "solve_s": round(solve_s, 4),
        "total_s": round(total_s, 3),
        "target_s": 2.0,
        "closed_form_continuous": round(continuous, 5),
        "closed_form_daily": round(daily, 5),
        "monte_carlo": round(mc.probability, 5),
        "mc_standard_error": round(mc.standard_error, 5),
        "mc_minus_daily_in_se": round((mc.probability - daily) / mc.standard_error, 2),
        "mc_minus_continuous": round(mc.probability - continuous, 5),
        "reference_draw_normals_s": round(draw_s, 3),
    })  # fmt: skip


if __name__ == "__main__":
    main()
