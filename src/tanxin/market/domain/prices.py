"""Daily price rows and the figures other modules read: close, VWAP, averages, valuation price.

Prices are ``Decimal`` yuan per tonne, volume whole tonnes, turnover integer fen. VWAP is always
turnover / volume (never a mean of closes) because that is what exchanges publish as 成交均价.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from tanxin.common.errors import DomainError, NotFound

PRICE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class PriceRow:
    day: date
    instrument: str  # market product code: "CEA", "SZA", "CCER"
    open: Decimal
    close: Decimal
    volume_t: int
    turnover_fen: int
    synthetic: bool = False  # demo data must say so wherever it is shown
    source: str = ""


@dataclass(frozen=True)
class PriceSeries:
    """One instrument's rows, ordered by day, one row per day."""

    instrument: str
    rows: tuple[PriceRow, ...]

    @classmethod
    def of(cls, instrument: str, rows: Iterable[PriceRow]) -> PriceSeries:
        ordered = tuple(sorted(rows, key=lambda r: r.day))
        if any(r.instrument != instrument for r in ordered):
            raise DomainError("rows of another instrument in the series", code="mixed_instruments")
        if len({r.day for r in ordered}) != len(ordered):
            raise DomainError("two rows for the same day", code="duplicate_day")
        return cls(instrument, ordered)

    def until(self, day: date) -> tuple[PriceRow, ...]:
        return tuple(r for r in self.rows if r.day <= day)

    def between(self, start: date, end: date) -> tuple[PriceRow, ...]:
        return tuple(r for r in self.rows if start <= r.day <= end)


def close_on(series: PriceSeries, day: date, *, carry_forward: bool = True) -> Decimal:
    """The close of ``day``; with ``carry_forward`` the last close before it (a holiday has no row)."""
    rows = series.until(day)
    if rows and (carry_forward or rows[-1].day == day):
        return rows[-1].close
    raise NotFound(
        f"no {series.instrument} close on {day}", code="no_price", details={"day": day.isoformat()}
    )


def vwap_of(rows: Sequence[PriceRow]) -> Decimal:
    """Σ turnover / Σ volume in yuan per tonne, rounded half-up to the fen."""
    volume = sum(r.volume_t for r in rows)
    if not volume:
        raise NotFound("no traded volume in the window", code="no_volume")
    turnover_yuan = Decimal(sum(r.turnover_fen for r in rows)) / 100
    return (turnover_yuan / volume).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)


def vwap(series: PriceSeries, end: date, n: int = 20) -> Decimal:
    """VWAP over the last ``n`` rows on or before ``end`` (rows are trading days)."""
    if n <= 0:
        raise ValueError("n must be positive")
    rows = series.until(end)[-n:]
    if len(rows) < n:
        raise NotFound(
            f"fewer than {n} trading days of prices", code="short_history", details={"have": len(rows)}
        )
    return vwap_of(rows)


def valuation_price(series: PriceSeries, on: date, n: int = 20) -> Decimal:
    """P_val = min(last close, VWAP over n trading days): the lender takes the less flattering one."""
    return min(close_on(series, on), vwap(series, on, n))


class AverageMethod(StrEnum):
    VWAP = "vwap"  # Σ turnover / Σ volume over the window (default: weights heavy trading days)
    MEAN_CLOSE = "mean_close"  # arithmetic mean of daily closes


def preceding_months_window(event: date, months: int = 6) -> tuple[date, date]:
    """The ``months`` whole calendar months before the event's month.

    Event 2024-08-30, 6 months → 2024-02-01 .. 2024-07-31. The event month itself is excluded so the
    figure is fixed before anything in that month (e.g. a last-minute squeeze) can move it.
    """
    if months <= 0:
        raise ValueError("months must be positive")
    end = date(event.year, event.month, 1)
    index = event.year * 12 + event.month - 1 - months
    start = date(index // 12, index % 12 + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def average_preceding_months(
    series: PriceSeries,
    event: date,
    months: int = 6,
    method: AverageMethod = AverageMethod.VWAP,
) -> Decimal:
    """Average price of the ``months`` calendar months before ``event``'s month (see the window above)."""
    start, end = preceding_months_window(event, months)
    rows = series.between(start, end)
    if not rows:
        raise NotFound(
            "no prices in the averaging window",
            code="no_price",
            details={"start": start.isoformat(), "end": end.isoformat()},
        )
    if method is AverageMethod.VWAP:
        return vwap_of(rows)
    mean = sum((r.close for r in rows), Decimal(0)) / len(rows)
    return mean.quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AverageCoverage:
    """An average price with what it really covers: the window asked for, the trading days (rows) inside it,
    the calendar months of the window that had no price at all, and the last price day in the window.

    A 6-month average over a series that stopped in month 2 is a 2-month average; the figure says so."""

    value: Decimal | None
    start: date
    end: date
    trading_days: int
    months: int
    months_without_prices: tuple[str, ...]  # "YYYY-MM"
    last_price_day: date | None

    @property
    def complete(self) -> bool:
        return self.value is not None and not self.months_without_prices


def average_coverage(series: PriceSeries, event: date, months: int = 6) -> AverageCoverage:
    """``average_preceding_months`` (VWAP) with its coverage; ``value`` is None when the window is empty."""
    start, end = preceding_months_window(event, months)
    rows = series.between(start, end)
    priced = {(r.day.year, r.day.month) for r in rows}
    missing = []
    for i in range(months):
        index = start.year * 12 + start.month - 1 + i
        year, month = index // 12, index % 12 + 1
        if (year, month) not in priced:
            missing.append(f"{year:04d}-{month:02d}")
    value = None
    if rows and sum(r.volume_t for r in rows):
        value = vwap_of(rows)
    return AverageCoverage(value, start, end, len(rows), months, tuple(missing), rows[-1].day if rows else None)


@dataclass(frozen=True)
class CloseAge:
    """The close used for a day and how old it is: a holiday carries the last close forward one or two days;
    weeks without a price make it stale."""

    close: Decimal | None
    close_day: date | None
    age_days: int | None  # calendar days from close_day to the day asked for
    stale: bool


def close_age(series: PriceSeries, on: date, stale_after_days: int) -> CloseAge:
    rows = series.until(on)
    if not rows:
        return CloseAge(None, None, None, True)
    last = rows[-1]
    age = (on - last.day).days
    return CloseAge(last.close, last.day, age, age > stale_after_days)
