"""Seeded synthetic price series for demos and tests — never to be mistaken for market data.

Model: geometric Brownian motion on trading days, pinned to a few anchor prices by a Brownian
bridge (the random walk is shifted by a piecewise-linear correction that is exactly what it takes
to hit each anchor; a linear shift changes the drift, not the daily volatility), then
optionally reflected into a price band. Same spec + same seed → the identical series, row for row.
Every row has ``synthetic=True`` and a source naming the seed.

Anchors come from RULES.md §3 (also in data/market/reference_levels.csv; a test keeps them in
step): national CEA opened at 48 (2021-07-16), closed 2023 at 79.42 and
2024 at 97.49; the other anchors are *shape* points, not observed closes, chosen so each year's VWAP
lands within 10 % of the reported level (68.1 / 95.8 / 62.36; ``manage.py check_demo`` asserts it).
No Shenzhen SZA series was retrieved, so SZA is a reflected GBM in the 30–70 CNY/t demo band with 30 %
annual volatility.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from .calendar import is_trading_day, trading_days
from .prices import PRICE_PLACES, PriceRow, PriceSeries

DAYS_PER_YEAR = 250


@dataclass(frozen=True)
class Anchor:
    day: date  # snapped back to the nearest trading day on or before it
    price: Decimal


@dataclass(frozen=True)
class SyntheticSpec:
    instrument: str
    start: date
    end: date
    sigma_annual: float
    anchors: tuple[Anchor, ...]
    band: tuple[Decimal, Decimal] | None = None
    base_volume_t: int = 100_000
    q4_volume_factor: float = 1.0  # compliance rush: most volume trades before the year-end deadline
    gap_sigma: float = 0.005  # open vs previous close


CEA_SPEC = SyntheticSpec(
    instrument="CEA",
    start=date(2021, 7, 16),
    end=date(2025, 12, 31),
    sigma_annual=0.25,
    anchors=(
        Anchor(date(2021, 7, 16), Decimal("48")),
        # Shape points (not observed closes) so each year's volume-weighted average lands near the reported
        # VWAP (68.1 / 95.8 / 62.36) given the heavy fourth-quarter volume; the year-end closes are observed.
        Anchor(date(2022, 12, 30), Decimal("55")),
        Anchor(date(2023, 6, 30), Decimal("57")),
        Anchor(date(2023, 9, 28), Decimal("68")),
        Anchor(date(2023, 10, 31), Decimal("70")),
        Anchor(date(2023, 12, 29), Decimal("79.42")),
        Anchor(date(2024, 1, 31), Decimal("72")),
        Anchor(date(2024, 4, 30), Decimal("90")),
        Anchor(date(2024, 9, 30), Decimal("94")),
        Anchor(date(2024, 11, 15), Decimal("100")),
        Anchor(date(2024, 12, 31), Decimal("97.49")),
        Anchor(date(2025, 4, 30), Decimal("70")),
        Anchor(date(2025, 9, 30), Decimal("62")),
        Anchor(date(2025, 12, 31), Decimal("57")),
    ),
    base_volume_t=600_000,
    q4_volume_factor=4.0,
)

SZA_SPEC = SyntheticSpec(
    instrument="SZA",
    start=date(2021, 1, 4),
    end=date(2025, 12, 31),
    sigma_annual=0.30,
    anchors=(Anchor(date(2021, 1, 4), Decimal("45")),),
    band=(Decimal("30"), Decimal("70")),
    base_volume_t=20_000,
    q4_volume_factor=1.0,
)


def generate(spec: SyntheticSpec, seed: int) -> PriceSeries:
    days = list(trading_days(spec.start, spec.end))
    if len(days) < 2:
        raise ValueError("need at least two trading days")
    rng = np.random.default_rng(seed)
    log_close = _pinned_walk(spec, days, rng)
    if spec.band is not None:
        log_close = _reflect(log_close, math.log(spec.band[0]), math.log(spec.band[1]))
    gaps = rng.normal(0.0, spec.gap_sigma, len(days))
    volume_noise = rng.lognormal(mean=-0.18, sigma=0.6, size=len(days))  # mean ≈ 1

    source = f"synthetic: GBM seed={seed}, {spec.instrument} anchors per RULES.md §3; not market data"
    rows: list[PriceRow] = []
    for i, day in enumerate(days):
        close = _price(math.exp(log_close[i]))
        open_ = (
            _price(float(spec.anchors[0].price)) if i == 0 else _price(math.exp(log_close[i - 1] + gaps[i]))
        )
        factor = spec.q4_volume_factor if day.month >= 10 else 1.0
        volume = max(1, round(spec.base_volume_t * factor * float(volume_noise[i])))
        mid = (open_ + close) / 2  # the day's average price sits between open and close
        turnover = int((mid * volume * 100).to_integral_value(rounding=ROUND_HALF_UP))
        rows.append(PriceRow(day, spec.instrument, open_, close, volume, turnover, True, source))
    return PriceSeries.of(spec.instrument, rows)


def _pinned_walk(spec: SyntheticSpec, days: list[date], rng: np.random.Generator) -> np.ndarray:
    step_sigma = spec.sigma_annual / math.sqrt(DAYS_PER_YEAR)
    shocks = rng.normal(-0.5 * step_sigma**2, step_sigma, len(days))
    shocks[0] = 0.0
    walk = np.cumsum(shocks)
    index = {d: i for i, d in enumerate(days)}
    points = sorted((index[_snap(a.day, spec.start)], math.log(a.price)) for a in spec.anchors)
    xs = np.array([p[0] for p in points], dtype=float)
    targets = np.array([p[1] for p in points]) - walk[xs.astype(int)]
    # np.interp holds the first/last correction constant outside the anchors: free GBM there.
    return walk + np.interp(np.arange(len(days)), xs, targets)


def _snap(day: date, earliest: date) -> date:
    while not is_trading_day(day) and day > earliest:
        day = date.fromordinal(day.toordinal() - 1)
    return day


def _reflect(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Fold a path back into [low, high] like light between two mirrors."""
    width = high - low
    folded = np.mod(values - low, 2 * width)
    return low + np.where(folded > width, 2 * width - folded, folded)


def _price(value: float) -> Decimal:
    # Through str so the Decimal is the rounded decimal value, not the binary float's expansion.
    return Decimal(repr(value)).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)
