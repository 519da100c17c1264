"""The valuation price of pledged allowances, its staleness, the haircut and the pledgeable quantity.

P_val = min(last close, VWAP over N trading days) on rows of one instrument (and vintage): the lender takes
the less flattering figure. A price nobody traded at lately is no price: when the last traded day lies more
than ``stale_after_trading_days`` trading days back, or the VWAP window holds fewer than
``min_traded_days`` days with volume, the valuation is refused (a new loan) or marked stale (monitoring).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from tanxin.common.errors import DomainError
from tanxin.market.domain.calendar import trading_days

from .params import LendingParams

PRICE_PLACES = Decimal("0.01")
RATIO_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Quote:
    """One trading day: close in yuan per tonne, volume in tonnes, turnover in fen."""

    day: date
    close: Decimal
    volume_t: int
    turnover_fen: int


@dataclass(frozen=True)
class Valuation:
    on: date
    close: Decimal
    close_day: date
    vwap: Decimal
    price: Decimal  # P_val
    traded_days: int
    last_traded: date | None
    stale: bool
    stale_reason: str  # "" | "old_price" | "thin_volume"


def value_price(quotes: Sequence[Quote], on: date, params: LendingParams) -> Valuation:
    """P_val and whether it is stale. Refuses only when there is nothing to value with."""
    rows = [q for q in quotes if q.day <= on]
    if not rows:
        raise DomainError("no prices for this instrument", code="no_prices")
    window = rows[-params.vwap_days :]
    volume = sum(q.volume_t for q in window)
    if len(window) < params.vwap_days or volume <= 0:
        raise DomainError("fewer trading days of prices than the VWAP window", code="short_price_history",
                          details={"have": len(window), "need": params.vwap_days})  # fmt: skip
    vwap = (Decimal(sum(q.turnover_fen for q in window)) / 100 / volume).quantize(PRICE_PLACES, ROUND_HALF_UP)
    close = rows[-1].close
    traded = [q for q in window if q.volume_t > 0]
    last_traded = max((q.day for q in rows if q.volume_t > 0), default=None)
    reason = ""
    if last_traded is None or _trading_days_after(last_traded, on) > params.stale_after_trading_days:
        reason = "old_price"
    elif len(traded) < params.min_traded_days:
        reason = "thin_volume"
    return Valuation(on, close, rows[-1].day, vwap, min(close, vwap), len(traded), last_traded, bool(reason), reason)


def require_fresh(valuation: Valuation) -> Valuation:
    """A new loan is never sized on a stale price."""
    if valuation.stale:
        raise DomainError("the price is stale", code=f"stale_{valuation.stale_reason}",
                          details={"last_traded": valuation.last_traded.isoformat() if valuation.last_traded else None,
                                   "traded_days": valuation.traded_days})  # fmt: skip
    return valuation


def _trading_days_after(start: date, end: date) -> int:
    if end <= start:
        return 0
    return sum(1 for d in trading_days(date.fromordinal(start.toordinal() + 1), end))


def haircut(sigma: Decimal, params: LendingParams) -> Decimal:
    """h = z · σ · √(MPOR/250) + liquidity add-on (σ 25–35 %, MPOR 10–20 days gives 12–23 % before the add-on)."""
    if sigma <= 0:
        raise DomainError("volatility must be positive", code="bad_volatility")
    h = params.var_z * sigma * (Decimal(params.mpor_days) / 250).sqrt() + params.liquidity_addon
    return min(h, Decimal(1)).quantize(RATIO_PLACES, ROUND_HALF_UP)


def annual_volatility(quotes: Sequence[Quote], on: date, days: int = 250) -> Decimal:
    """Sample standard deviation of daily log returns of closes over the last ``days`` rows, annualised."""
    closes = [q.close for q in quotes if q.day <= on][-(days + 1) :]
    if len(closes) < 21:
        raise DomainError("not enough prices to estimate volatility", code="short_price_history",
                          details={"have": len(closes), "need": 21})  # fmt: skip
    returns = [(b / a).ln() for a, b in pairwise(closes)]
    mean = sum(returns, Decimal(0)) / len(returns)
    var = sum(((r - mean) ** 2 for r in returns), Decimal(0)) / (len(returns) - 1)
    return (var * 250).sqrt().quantize(RATIO_PLACES, ROUND_HALF_UP)


def pledgeable_quantity(holdings_t: int, pledged_t: int, frozen_t: int, remaining_surrender_t: int) -> int:
    """Q_free = max(0, holdings − pledged − frozen − expected remaining surrender)."""
    return max(0, holdings_t - pledged_t - frozen_t - max(0, remaining_surrender_t))
