"""Reads of carbon prices: the one place other modules get a close, a VWAP or an average price.

Prices are public market data (or labelled synthetic demo data), so there is no per-user gate: every
signed-in user and the public explorer may read them. Writes (imports) are bureau-only, in services.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max

from tanxin.common.errors import NotFound
from tanxin.common.money import fen_to_yuan
from tanxin.market.domain import prices as p
from tanxin.market.models import PricePoint

PARAMETERS = Path(settings.BASE_DIR) / "data" / "market" / "parameters.csv"


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


def is_synthetic(instrument: str, stamp: tuple | None = None) -> bool:
    """Whether any price of ``instrument`` is synthetic; with the price table's ``stamp`` the answer is kept
    under it (a caller reading many positions asks once per instrument)."""
    if stamp is None:
        return PricePoint.objects.filter(instrument=instrument, synthetic=True).exists()
    key = f"tanxin:market:synthetic:{instrument}:{stamp[0]}:{stamp[1]}"
    found = cache.get(key)
    if found is None:
        found = PricePoint.objects.filter(instrument=instrument, synthetic=True).exists()
        cache.set(key, found, 3600)
    return found


def average_preceding_months(instrument: str, event: date, months: int = 6) -> Decimal | None:
    """VWAP of the ``months`` calendar months before ``event``'s month; None when there are no prices."""
    start, end = p.preceding_months_window(event, months)
    try:
        return p.average_preceding_months(series(instrument, start, end), event, months)
    except NotFound:
        return None


def average_coverage(instrument: str, event: date, months: int = 6, stamp: tuple | None = None) -> p.AverageCoverage:
    """The average of the ``months`` calendar months before ``event``'s month, with the trading days it really
    covers and the months of the window that had no price.

    Kept in the cache under the price table's stamp (its highest id and row count: an import deletes and
    re-creates its days), so the same window is read once while no price changes, never stale. A caller that
    reads many windows passes the ``stamp`` it read once."""
    top, n = stamp or price_stamp()
    key = f"tanxin:market:average:{instrument}:{event.isoformat()}:{months}:{top}:{n}"
    found = cache.get(key)
    if found is None:
        start, end = p.preceding_months_window(event, months)
        found = p.average_coverage(series(instrument, start, end), event, months)
        cache.set(key, found, 3600)
    return found


def price_stamp() -> tuple[int | None, int]:
    """Changes whenever a price is imported or replaced."""
    found = PricePoint.objects.order_by().aggregate(top=Max("pk"), n=Count("pk"))
    return found["top"], found["n"]


@functools.cache
def stale_after_days() -> int:
    """Calendar days after which a carried-forward close is stale (``data/market/parameters.csv``, tagged M)."""
    with PARAMETERS.open(encoding="utf-8", newline="") as handle:
        rows = {r["parameter_id"]: r for r in csv.DictReader(handle)}
    return int(rows["price.stale_after_days"]["value"])


@dataclass(frozen=True)
class Figures:
    """What a price-based figure needs, and how old the prices behind it are.

    ``close_day``/``close_age_days``/``close_stale``: the close is the last one on or before ``on``, carried
    forward; its age in calendar days, stale beyond ``stale_after_days``. ``vwap_first_day``..``close_day``
    is the span the N-trading-day VWAP really covers (N rows, however far back they go).
    ``average_6m_coverage``: the 6-month average with its trading days and months without prices."""

    instrument: str
    on: date
    close: Decimal | None
    close_day: date | None
    vwap_n: Decimal | None
    n: int
    valuation: Decimal | None
    average_6m: Decimal | None
    synthetic: bool
    close_age_days: int | None = None
    close_stale: bool = True
    stale_after_days: int = 10
    vwap_first_day: date | None = None
    vwap_trading_days: int = 0
    average_6m_coverage: p.AverageCoverage | None = None


def figures(instrument: str, on: date, n: int = 20) -> Figures:
    """Close (carried forward), VWAP over ``n`` trading days, P_val, and the 6-month average before ``on``."""
    s = series(instrument, end=on)
    limit = stale_after_days()
    age = p.close_age(s, on, limit)
    vwap_n = valuation = None
    window = s.rows[-n:] if n > 0 else ()
    try:
        vwap_n = p.vwap(s, on, n)
        valuation = min(age.close, vwap_n) if age.close is not None else None
    except NotFound:
        pass
    coverage = average_coverage(instrument, on)
    return Figures(
        instrument, on, age.close, age.close_day, vwap_n, n, valuation, coverage.value,
        any(r.synthetic for r in s.rows[-max(n, 1):]), age.age_days, age.stale, limit,
        window[0].day if window else None, len(window), coverage,
    )  # fmt: skip
