"""Carbon price paths and default rates per path (numpy, float64, seeded).

Monthly steps. GBM: ``P_t = P0 (1 + shock) exp(Σ (μ − σ²/2)/12 + σ/√12 ε)``; regime switch: the same
with σ taken from a two-state Markov chain (calm / stressed). Default rates: ``MDR_t = min(1, MDR ×
exp(σ_d Z − σ_d²/2))`` with ``Z = −ρ ε + √(1 − ρ²) η``: with ρ > 0 a price fall (ε < 0) comes with more
defaults — the wrong-way risk of a carbon pledge. With σ = σ_d = 0 every path is the base path.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from tanxin.securitisation.domain.errors import refuse

MAX_PATHS = 100_000
MAX_CELLS = 20_000_000  # paths × periods: beyond it a run is refused, not left to run out of memory


@dataclass(frozen=True)
class PriceModel:
    kind: str = "gbm"  # gbm | regime
    drift: float = 0.0  # annual μ
    sigma: float = 0.30  # annual σ of the GBM
    sigma_calm: float = 0.25
    sigma_stressed: float = 0.60
    p_calm_to_stressed: float = 0.05  # a month
    p_stressed_to_calm: float = 0.20


@dataclass(frozen=True)
class DefaultModel:
    sigma: float = 0.0  # volatility of the default-rate multiplier
    correlation: float = 0.0  # ρ between a price fall and more defaults


def check_size(paths: int, periods: int) -> None:
    if not 1 <= paths <= MAX_PATHS:
        raise refuse("too_many_paths", "the number of paths is outside the allowed range",
                     paths=paths, limit=MAX_PATHS)  # fmt: skip
    if paths * periods > MAX_CELLS:
        raise refuse("too_many_paths", "paths × periods is above the allowed limit",
                     paths=paths, periods=periods, limit=MAX_CELLS)  # fmt: skip


def calibrate(closes: list[Decimal], *, trading_days: int = 250) -> PriceModel:
    """GBM and regime parameters from daily closes: μ and σ of log returns; months whose realised
    volatility is above the median form the stressed regime, and the month-to-month changes of regime give
    the switching probabilities."""
    prices = np.array([float(c) for c in closes if c and c > 0])
    if prices.size < 40:
        raise refuse("too_few_prices", "too few prices to calibrate a price model", count=int(prices.size))
    r = np.diff(np.log(prices))
    sigma = float(r.std(ddof=1) * math.sqrt(trading_days))
    mu = float(r.mean() * trading_days + sigma**2 / 2)
    month = 21
    chunks = [r[i : i + month] for i in range(0, r.size - month + 1, month)]
    vols = np.array([c.std(ddof=1) * math.sqrt(trading_days) for c in chunks])
    if vols.size < 4:
        return PriceModel(drift=mu, sigma=sigma, sigma_calm=sigma, sigma_stressed=sigma)
    stressed = vols > np.median(vols)
    calm_sigma = float(vols[~stressed].mean()) if (~stressed).any() else sigma
    stressed_sigma = float(vols[stressed].mean()) if stressed.any() else sigma
    moves = list(itertools.pairwise(stressed))
    calm_from = [bool(b) for a, b in moves if not a]
    stress_from = [bool(b) for a, b in moves if a]
    return PriceModel(
        drift=mu,
        sigma=sigma,
        sigma_calm=calm_sigma,
        sigma_stressed=stressed_sigma,
        p_calm_to_stressed=float(np.mean(calm_from)) if calm_from else 0.05,
        p_stressed_to_calm=1 - float(np.mean(stress_from)) if stress_from else 0.2,
    )


def prices(model: PriceModel, p0: float, shock: float, periods: int, rng: np.random.Generator,
           paths: int) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(price per tonne, shape (paths, periods + 1); the standard normal shocks, shape (paths, periods))."""
    eps = rng.standard_normal((paths, periods))
    if model.kind == "regime":
        sig = np.empty((paths, periods))
        state = np.zeros(paths, dtype=bool)
        u = rng.random((paths, periods))
        for t in range(periods):
            state = np.where(state, u[:, t] >= model.p_stressed_to_calm, u[:, t] < model.p_calm_to_stressed)
            sig[:, t] = np.where(state, model.sigma_stressed, model.sigma_calm)
    else:
        sig = np.full((paths, periods), model.sigma)
    steps = (model.drift - sig**2 / 2) / 12 + sig / math.sqrt(12) * eps
    logp = np.concatenate([np.zeros((paths, 1)), np.cumsum(steps, axis=1)], axis=1)
    return p0 * (1 + shock) * np.exp(logp), eps


def default_rates(mdr: float, model: DefaultModel, eps: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Monthly default rate per path and period, correlated with the price shocks ``eps``."""
    if model.sigma == 0:
        return np.full(eps.shape, mdr)
    rho = model.correlation
    z = -rho * eps + math.sqrt(max(0.0, 1 - rho * rho)) * rng.standard_normal(eps.shape)
    return np.minimum(1.0, mdr * np.exp(model.sigma * z - model.sigma**2 / 2))
