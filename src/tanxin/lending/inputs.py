"""Everything the loan desk reads from other modules, in one place, through their public facts.

Holdings and pledgeable quantity belong to the registry, prices to the market; lending never reads their
tables. Pledges are written through ``registry.services`` (holds), the only registry writes lending makes.
"""

from __future__ import annotations

from datetime import date, timedelta

from tanxin.lending.domain.valuation import Quote
from tanxin.market import facts as market
from tanxin.registry import facts as registry


def quotes(market_instrument: str, on: date, days: int = 400) -> list[Quote]:
    """Daily quotes up to ``on`` (a little over a year: enough for volatility and the VWAP window)."""
    rows = market.series(market_instrument, on - timedelta(days=days), on).rows
    return [Quote(r.day, r.close, r.volume_t, r.turnover_fen) for r in rows]


def quotes_between(market_instrument: str, start: date, end: date) -> list[Quote]:
    rows = market.series(market_instrument, start, end).rows
    return [Quote(r.day, r.close, r.volume_t, r.turnover_fen) for r in rows]


def has_prices(market_instrument: str) -> bool:
    return bool(market.series(market_instrument).rows)


def is_synthetic(market_instrument: str) -> bool:
    return market.is_synthetic(market_instrument)


def pledgeable(enterprise_id: int, as_of: date | None = None) -> registry.PledgeableNow | None:
    return registry.pledgeable_now(enterprise_id, as_of)


def surrender_deadline(enterprise_id: int, today: date) -> date | None:
    """The next surrender deadline the enterprise faces (None without an obligation that year)."""
    now = registry.pledgeable_now(enterprise_id, today)
    if now is None:
        return None
    pos = registry.position(enterprise_id, now.compliance_year, today)
    return pos.deadline if pos is not None else None
