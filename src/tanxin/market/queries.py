"""Reads of carbon prices: the one place other modules get a close, a VWAP or an average price.

Prices are public market data (or labelled synthetic demo data), so there is no per-user gate: every
signed-in user and the public explorer may read them. Writes (imports) are bureau-only, in services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tanxin.common.errors import NotFound
from tanxin.common.money import fen_to_yuan
from tanxin.market.domain import prices as p
from tanxin.market.models import PricePoint


def instruments() -> list[str]:
    return list(PricePoint.objects.order_by("instrument").values_list("instrument", flat=True).distinct())


def series(instrument: str, start: date | None = None, end: date | None = None) -> p.PriceSeries:
    qs = PricePoint.objects.filter(instrument=instrument)
    if start:
        qs = qs.filter(day__gte=start)
    if end:
        qs = qs.filter(day__lte=end)
    # Plain tuples, not model instances: a window is read once per page but may be a few hundred rows.
    fields = ("day", "instrument", "open_fen", "close_fen", "volume_t", "turnover_fen", "synthetic", "source")
    rows = [
        p.PriceRow(day, code, fen_to_yuan(open_fen), fen_to_yuan(close_fen), volume, turnover, synthetic, source)
        for day, code, open_fen, close_fen, volume, turnover, synthetic, source in qs.order_by("day").values_list(
            *fields)
    ]  # fmt: skip
    return p.PriceSeries.of(instrument, rows)


def is_synthetic(instrument: str) -> bool:
    return PricePoint.objects.filter(instrument=instrument, synthetic=True).exists()


def average_preceding_months(instrument: str, event: date, months: int = 6) -> Decimal | None:
    """VWAP of the ``months`` calendar months before ``event``'s month; None when there are no prices."""
    start, end = p.preceding_months_window(event, months)
    try:
        return p.average_preceding_months(series(instrument, start, end), event, months)
    except NotFound:
        return None


@dataclass(frozen=True)
class Figures:
    instrument: str
    on: date
    close: Decimal | None
    close_day: date | None
    vwap_n: Decimal | None
    n: int
    valuation: Decimal | None
    average_6m: Decimal | None
    synthetic: bool


def figures(instrument: str, on: date, n: int = 20) -> Figures:
    """Close (carried forward), VWAP over ``n`` trading days, P_val, and the 6-month average before ``on``."""
    s = series(instrument, end=on)
    close = close_day = vwap_n = valuation = None
    if s.rows:
        close, close_day = s.rows[-1].close, s.rows[-1].day
    try:
        vwap_n = p.vwap(s, on, n)
        valuation = min(close, vwap_n) if close is not None else None
    except NotFound:
        pass
    return Figures(
        instrument, on, close, close_day, vwap_n, n, valuation, average_preceding_months(instrument, on),
        any(r.synthetic for r in s.rows[-max(n, 1):]),
    )  # fmt: skip
