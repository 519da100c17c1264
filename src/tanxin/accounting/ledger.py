"""Stored activity rows -> domain activity lines, and the fields each line kind accepts.

A row is a plain dict (from ``QuerySet.values``) so the bulk recompute never instantiates models.
"""

from __future__ import annotations

import re
from dataclasses import MISSING, fields
from decimal import Decimal
from typing import Any

from tanxin.accounting.domain.lines import (
    FRACTION_FIELDS,
    NUMERIC_FIELDS,
    SIGNED_FIELDS,
    ActivityLine,
    Carbonate,
    Direction,
    Electricity,
    FuelCombustion,
    Heat,
    HotWater,
    RefrigerantLeakRate,
    RefrigerantMassBalance,
    Steam,
)
from tanxin.accounting.models import LineKind

LINE_CLASSES: dict[str, type] = {
    LineKind.FUEL: FuelCombustion,
    LineKind.ELECTRICITY: Electricity,
    LineKind.HEAT: Heat,
    LineKind.STEAM: Steam,
    LineKind.HOT_WATER: HotWater,
    LineKind.REFRIGERANT_LEAK: RefrigerantLeakRate,
    LineKind.REFRIGERANT_BALANCE: RefrigerantMassBalance,
    LineKind.CARBONATE: Carbonate,
}
# The source's ``subject`` fills this field of the line.
SUBJECT_FIELD = {
    LineKind.FUEL: "fuel",
    LineKind.REFRIGERANT_LEAK: "substance",
    LineKind.REFRIGERANT_BALANCE: "substance",
    LineKind.CARBONATE: "carbonate",
}
_FIXED = {"line_id", "unit", "period", "facility", "scope", "fuel", "substance", "carbonate"}
BOOLEAN_FIELDS = {"pressure_is_gauge"}
CHOICE_FIELDS = {"direction": {d.value for d in Direction}}


def data_fields(kind: str) -> tuple[str, ...]:
    """Fields of ``data`` a line of this kind may carry (everything but id, unit, period, subject)."""
    return tuple(f.name for f in fields(LINE_CLASSES[kind]) if f.name not in _FIXED)


def required_fields(kind: str) -> tuple[str, ...]:
    return tuple(
        f.name for f in fields(LINE_CLASSES[kind])
        if f.name not in _FIXED and f.default is MISSING and f.default_factory is MISSING
    )  # fmt: skip


def subject_required(kind: str) -> bool:
    return kind in SUBJECT_FIELD


def to_domain(row: dict[str, Any]) -> ActivityLine:
    """``row`` keys: id, kind, unit, data, year, month, source_id, source__subject, source__facility, source__name."""
    kind = row["kind"]
    kwargs: dict[str, Any] = {}
    for key, value in row["data"].items():
        if value is None or value == "":
            continue
        if key == "direction":
            value = Direction(value)
        kwargs[key] = value
    if kind in SUBJECT_FIELD:
        kwargs[SUBJECT_FIELD[kind]] = row["source__subject"]
    month = row["month"]
    return LINE_CLASSES[kind](
        line_id=str(row["id"]), unit=row["unit"], period=f"{row['year']}-{month:02d}" if month else None,
        facility=_series_label(row), **kwargs,
    )


class Refused(Exception):
    """``lean_line`` cannot vouch for a row; ``to_domain`` decides (and raises its own error, if any)."""


def lean_line(row: dict[str, Any]) -> ActivityLine:
    """``to_domain`` for the bulk recompute: the equal line (same class, same field values) built without the
    dataclass machinery. It applies the same rules (numbers as Decimal, finite, ≥ 0, fractions ≤ 1, a valid
    period) and raises ``Refused`` for anything it does not handle itself, so the caller can use ``to_domain``."""
    kind = row["kind"]
    spec = _LEAN_SPECS.get(kind) or _lean_spec(kind)
    cls, values, allowed, required = spec
    values = dict(values)
    for key, value in row["data"].items():
        if value is None or value == "":
            continue
        check = allowed.get(key)
        if check is None:
            raise Refused(key)
        if check:
            if value.__class__ is not str and value.__class__ is not int:
                raise Refused(key)
            value = Decimal(value)  # InvalidOperation is not Refused: to_domain decides either way
            if not value.is_finite() or (check > 1 and value < 0) or (check > 2 and value > 1):
                raise Refused(key)
        elif key == "direction":
            value = Direction(value)
        values[key] = value
    if kind in SUBJECT_FIELD:
        values[SUBJECT_FIELD[kind]] = row["source__subject"]
    for name in required:
        if name not in values:
            raise Refused(name)
    year, month = row["year"], row["month"]
    period = None
    if month:
        period = _PERIODS.get((year, month))
        if period is None:
            period = f"{year}-{month:02d}"
            if not _PERIOD.match(period):
                raise Refused("period")
            _PERIODS[(year, month)] = period
    values["line_id"], values["unit"], values["period"] = str(row["id"]), row["unit"], period
    values["facility"] = _series_label(row)
    line = cls.__new__(cls)
    line.__dict__.update(values)  # what the frozen dataclass's __init__ stores, its checks done above
    return line


# kind -> (class, field defaults, data field -> check (0 none, 1 finite number, 2 also ≥ 0, 3 also ≤ 1),
#          required fields)
_LEAN_SPECS: dict[str, tuple[type, dict[str, Any], dict[str, int], tuple[str, ...]]] = {}
_PERIODS: dict[tuple[int, int], str] = {}
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")  # as ``domain.lines`` checks a period


def _lean_spec(kind: str) -> tuple[type, dict[str, Any], dict[str, int], tuple[str, ...]]:
    cls = LINE_CLASSES[kind]
    if getattr(cls, "__slots__", None) is not None or not hasattr(cls, "__post_init__"):
        raise Refused(kind)
    defaults: dict[str, Any] = {}
    checks: dict[str, int] = {}
    for f in fields(cls):
        if f.default is not MISSING:
            defaults[f.name] = f.default
        if f.name not in _FIXED:
            checks[f.name] = (3 if f.name in FRACTION_FIELDS else 2 if f.name in NUMERIC_FIELDS
                              else 1 if f.name in SIGNED_FIELDS else 0)  # fmt: skip
    for name, value in defaults.items():  # defaults pass the same checks (Decimal(0), Decimal(1), None)
        if checks.get(name) and value is not None and not isinstance(value, Decimal):
            raise Refused(name)
    spec = (cls, defaults, checks, required_fields(kind))
    _LEAN_SPECS[kind] = spec
    return spec


ROW_FIELDS = ("id", "enterprise_id", "kind", "unit", "data", "year", "month", "source_id", "source__subject",
              "source__facility", "source__name")  # fmt: skip


def _series_label(row: dict[str, Any]) -> str:
    """The domain's ``facility`` names the series the quality checks compare month by month: one per
    source (two boilers burning the same gas are two series), readable in a flag's reason."""
    name = row.get("source__name") or str(row.get("source_id", ""))
    facility = row.get("source__facility") or ""
    return f"{name} @ {facility}" if facility else name
