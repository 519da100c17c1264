"""How likely is the collateral to touch the liquidation line within the tenor, and which LTV keeps that
probability at a target.

Model: the pledged allowances' value follows geometric Brownian motion with drift μ and volatility σ,
and the debt grows at the loan rate r, so the coverage ratio R_t = Q·S_t / (L·e^{rt}) is itself a GBM
with drift μ − r. A loan starts at R_0 = 1 / LTV and is in breach when R touches the liquidation line ℓ,
i.e. when S_t / S_0 falls to B/S_0 = ℓ · LTV. With ν = (μ − r) − σ²/2 and b = ln(ℓ · LTV) < 0:

    P(min R ≤ ℓ) = Φ((b − νT)/(σ√T)) + exp(2νb/σ²) · Φ((b + νT)/(σ√T))     (continuous monitoring)

A bank looks at the price once a day, so the Monte Carlo beside the closed form monitors daily and
finds slightly fewer breaches; the Broadie–Glasserman–Kou shift of the barrier by exp(−0.5826 σ √Δt)
makes the closed form agree with the daily figure, which is how the golden tests hold the two together.

Probabilities are statistics, so floats are fine here; every amount stays Decimal in the callers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from tanxin.common.errors import DomainError

BGK_BETA = 0.5826  # −ζ(1/2)/√(2π): the discrete-monitoring barrier shift of Broadie, Glasserman and Kou (1997)
LTV_PLACES = Decimal("0.0001")


def normal_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


@dataclass(frozen=True)
class RiskInputs:
    """σ and μ per year, tenor in years, the liquidation line as a coverage ratio (1.2 = 120 %)."""

    sigma: float
    tenor_years: float
    liquidation_line: float
    drift: float = 0.0  # μ − r: the price drift net of the interest that grows the debt
    steps_per_year: int = 250  # trading days: the monitoring frequency of the Monte Carlo

    def __post_init__(self) -> None:
        if not (self.sigma > 0 and self.tenor_years > 0 and self.liquidation_line > 0):
            raise DomainError("volatility, tenor and liquidation line must be positive", code="bad_risk_inputs")


def barrier_probability(inputs: RiskInputs, ltv: float, *, daily: bool = False) -> float:
    """P(coverage touches the line within the tenor) for a loan starting at coverage 1/ltv.

    ``daily`` applies the BGK shift so the figure matches daily monitoring."""
    if ltv <= 0:
        return 0.0
    ratio = inputs.liquidation_line * ltv  # B / S0
    if ratio >= 1.0:
        return 1.0  # the loan starts on or below the line
    s, t = inputs.sigma, inputs.tenor_years
    b = math.log(ratio)
    if daily:
        b -= BGK_BETA * s * math.sqrt(1.0 / inputs.steps_per_year)
    nu = inputs.drift - s * s / 2.0
    root = s * math.sqrt(t)
    return normal_cdf((b - nu * t) / root) + math.exp(2.0 * nu * b / (s * s)) * normal_cdf((b + nu * t) / root)


def solve_ltv(inputs: RiskInputs, target: float, *, daily: bool = False, tolerance: float = 1e-10) -> Decimal:
    """The largest LTV (4 places, rounded down) whose breach probability does not exceed ``target``.

    The probability rises monotonically with LTV from 0 to 1 at LTV = 1/line, so bisection is exact enough
    and cannot miss; rounding down keeps the answer on the safe side of the target."""
    if not 0.0 < target < 1.0:
        raise DomainError("the target probability must be between 0 and 1", code="bad_target")
    low, high = 0.0, 1.0 / inputs.liquidation_line
    while high - low > tolerance:
        mid = (low + high) / 2.0
        if barrier_probability(inputs, mid, daily=daily) > target:
            high = mid
        else:
            low = mid
    ltv = Decimal(repr(low)).quantize(LTV_PLACES, rounding=ROUND_DOWN)
    # the bisection ends a hair below an exact grid point; step up while the next point still keeps the target
    while barrier_probability(inputs, float(ltv + LTV_PLACES), daily=daily) <= target:
        ltv += LTV_PLACES
    return ltv


@dataclass(frozen=True)
class MonteCarloResult:
    probability: float
    standard_error: float
    paths: int
    steps: int
    seed: int


def monte_carlo_probability(
    inputs: RiskInputs, ltv: float, *, paths: int = 100_000, seed: int = 20240501, chunk: int = 20_000
) -> MonteCarloResult:
    """Daily-monitored breach probability by simulation (seeded: the same inputs give the same figure).

    Paths are simulated in chunks so 100,000 × 250 days never needs more than a few tens of MB."""
    import numpy as np  # numpy stays out of module import time for the pages that never simulate

    steps = max(1, round(inputs.tenor_years * inputs.steps_per_year))
    ratio = inputs.liquidation_line * ltv
    if ratio >= 1.0:
        return MonteCarloResult(1.0, 0.0, paths, steps, seed)
    barrier = math.log(ratio)
    dt = inputs.tenor_years / steps
    nu = inputs.drift - inputs.sigma**2 / 2.0
    generator = np.random.default_rng(seed)
    hits = 0
    done = 0
    while done < paths:
        n = min(chunk, paths - done)
        shocks = generator.standard_normal((n, steps), dtype=np.float32)
        shocks *= np.float32(inputs.sigma * math.sqrt(dt))
        shocks += np.float32(nu * dt)
        np.cumsum(shocks, axis=1, out=shocks)
        hits += int(np.count_nonzero(shocks.min(axis=1) <= barrier))
        done += n
    p = hits / paths
    return MonteCarloResult(p, math.sqrt(max(p * (1.0 - p), 1e-12) / paths), paths, steps, seed)


@dataclass(frozen=True)
class TableRow:
    ltv: Decimal
    continuous: float
    daily: float


def breach_table(inputs: RiskInputs, ltvs: tuple[Decimal, ...] | None = None) -> list[TableRow]:
    """Breach probability by LTV, continuous and daily monitoring (the table the valuation page shows)."""
    grid = ltvs or tuple(Decimal(x) / 100 for x in range(30, 75, 5))
    return [
        TableRow(ltv, barrier_probability(inputs, float(ltv)), barrier_probability(inputs, float(ltv), daily=True))
        for ltv in grid
    ]
