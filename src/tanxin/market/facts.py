"""What other apps read from the market: prices, averages and valuation figures.

Prices are public market data (or labelled synthetic demo data): no gate. Each function returns plain
values or a frozen dataclass; none hands out a model row.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tanxin.market import queries
from tanxin.market.domain.prices import AverageCoverage, PriceSeries
from tanxin.market.queries import Figures

__all__ = ["AverageCoverage", "Figures", "PriceSeries", "average_coverage", "average_preceding_months", "figures",
           "is_synthetic", "series"]


def series(instrument: str, start: date | None = None, end: date | None = None) -> PriceSeries:
    """Daily prices of ``instrument`` between ``start`` and ``end`` (both optional), oldest first."""
    return queries.series(instrument, start, end)


def average_preceding_months(instrument: str, event: date, months: int = 6) -> Decimal | None:
    """VWAP of the ``months`` calendar months before ``event``'s month; None when there are no prices."""
    return queries.average_preceding_months(instrument, event, months)


def average_coverage(instrument: str, event: date, months: int = 6, stamp: tuple | None = None) -> AverageCoverage:
    """The same average as ``average_preceding_months`` with what it really covers: trading days in the
    window, the calendar months without any price, the last price day (say it wherever the price is shown).
    ``stamp``: ``data_stamp()`` read once by a caller asking for many windows."""
    return queries.average_coverage(instrument, event, months, stamp)


def is_synthetic(instrument: str, stamp: tuple | None = None) -> bool:
    """True when any price of ``instrument`` is synthetic demo data (pages label it)."""
    return queries.is_synthetic(instrument, stamp)


def figures(instrument: str, on: date, n: int = 20) -> Figures:
    """Close, VWAP over ``n`` trading days, P_val and the 6-month average before ``on`` (lending's valuation)."""
    return queries.figures(instrument, on, n)


def data_stamp() -> tuple:
    """Changes whenever a price is imported or replaced (an import deletes and re-creates its days)."""
    return queries.price_stamp()
