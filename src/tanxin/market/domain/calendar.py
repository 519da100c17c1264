"""Trading days of the Chinese carbon exchanges.

A trading day is a Chinese working day that is also Monday–Friday: on adjusted weekend workdays (调休)
the offices open but the exchanges, like the stock exchanges, stay closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from tanxin.common.workdays import is_workday


def is_trading_day(day: date) -> bool:
    return day.weekday() < 5 and is_workday(day)


def trading_days(start: date, end: date) -> Iterator[date]:
    """Trading days in [start, end]."""
    day = start
    while day <= end:
        if is_trading_day(day):
            yield day
        day += timedelta(days=1)


def add_trading_days(start: date, days: int) -> date:
    if days < 0:
        raise ValueError("days must be >= 0")
    day, remaining = start, days
    while remaining:
        day += timedelta(days=1)
        remaining -= is_trading_day(day)
    return day
