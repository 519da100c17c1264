"""Chinese working days (statutory holidays and adjusted weekend workdays) via ``chinese-calendar``.

``chinese-calendar`` only knows the years the State Council has published; outside them we fall back
to Monday–Friday and say so through ``is_authoritative`` so callers can show a caveat.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

_PUBLISHED_YEARS = frozenset(d.year for d in chinese_calendar.holidays)


def is_authoritative(day: date) -> bool:
    """True when the State Council calendar for ``day``'s year is known to the library."""
    return day.year in _PUBLISHED_YEARS


def is_workday(day: date) -> bool:
    if not is_authoritative(day):  # year not published yet: plain weekdays
        return day.weekday() < 5
    return chinese_calendar.is_workday(day)


def add_workdays(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself is not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def workdays_between(start: date, end: date) -> int:
    """Working days in (start, end]."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        count += is_workday(current)
    return count
