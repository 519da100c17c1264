"""Stored activity rows -> domain activity lines, and the fields each line kind accepts.

A row is a plain dict (from ``QuerySet.values``) so the bulk recompute never instantiates models.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from tanxin.accounting.domain.lines import (
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
    from dataclasses import MISSING

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


ROW_FIELDS = ("id", "enterprise_id", "kind", "unit", "data", "year", "month", "source_id", "source__subject",
              "source__facility", "source__name")  # fmt: skip


def _series_label(row: dict[str, Any]) -> str:
    """The domain's ``facility`` names the series the quality checks compare month by month: one per
    source (two boilers burning the same gas are two series), readable in a flag's reason."""
    name = row.get("source__name") or str(row.get("source_id", ""))
    facility = row.get("source__facility") or ""
    return f"{name} @ {facility}" if facility else name
