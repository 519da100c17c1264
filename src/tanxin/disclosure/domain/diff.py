"""Restatement diff: what changed between two versions of a report payload.

A payload is plain data, as the service layer serialises a report version::

    {"totals": {"total_co2e_kg": 123, "by_scope": {"1": 100, "2": 23}},
     "lines": [{"line_id": "L1", "source_type": "fuel_combustion", "co2e_kg": 100, ...}, ...]}

Nested totals are flattened to dotted keys (``by_scope.1``) so the UI can show one row per number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tanxin.disclosure.domain.errors import DisclosureInputError


@dataclass(frozen=True)
class TotalChange:
    key: str
    old: Any
    new: Any
    delta: Decimal | None  # numeric changes only
    ratio: Decimal | None  # delta / old; None when old is zero or not numeric


@dataclass(frozen=True)
class LineChange:
    line_id: str
    fields: Mapping[str, tuple[Any, Any]]  # field -> (old, new)


@dataclass(frozen=True)
class ReportDiff:
    totals_changed: tuple[TotalChange, ...] = ()
    lines_added: tuple[Mapping[str, Any], ...] = ()
    lines_removed: tuple[Mapping[str, Any], ...] = ()
    lines_changed: tuple[LineChange, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not (self.totals_changed or self.lines_added or self.lines_removed or self.lines_changed)


def flatten(value: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping):
            flat.update(flatten(item, f"{name}."))
        else:
            flat[name] = item
    return flat


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        return None
    try:
        return Decimal(value)
    except ArithmeticError:
        return None


def _total_change(key: str, old: Any, new: Any) -> TotalChange:
    before, after = _number(old), _number(new)
    if before is None or after is None:
        return TotalChange(key, old, new, None, None)
    delta = after - before
    return TotalChange(key, old, new, delta, delta / before if before else None)


def _lines_by_id(payload: Mapping[str, Any], which: str) -> dict[str, Mapping[str, Any]]:
    lines: dict[str, Mapping[str, Any]] = {}
    for line in payload.get("lines", []):
        line_id = line.get("line_id") if isinstance(line, Mapping) else None
        if not line_id:
            raise DisclosureInputError("invalid_payload", problem=f"{which} payload: a line has no line_id")
        if line_id in lines:
            raise DisclosureInputError("invalid_payload", problem=f"{which} payload repeats line {line_id}")
        lines[line_id] = line
    return lines


def diff_reports(old: Mapping[str, Any], new: Mapping[str, Any]) -> ReportDiff:
    """Changed totals, and lines added / removed / changed (matched by ``line_id``)."""
    old_totals, new_totals = flatten(old.get("totals", {})), flatten(new.get("totals", {}))
    totals = tuple(
        _total_change(key, old_totals.get(key), new_totals.get(key))
        for key in sorted(set(old_totals) | set(new_totals))
        if old_totals.get(key) != new_totals.get(key)
    )
    old_lines, new_lines = _lines_by_id(old, "old"), _lines_by_id(new, "new")
    changed = []
    for line_id in sorted(set(old_lines) & set(new_lines)):
        before, after = flatten(old_lines[line_id]), flatten(new_lines[line_id])
        fields = {k: (before.get(k), after.get(k)) for k in sorted(set(before) | set(after))
                  if before.get(k) != after.get(k)}
        if fields:
            changed.append(LineChange(line_id, fields))
    return ReportDiff(
        totals_changed=totals,
        lines_added=tuple(new_lines[i] for i in sorted(set(new_lines) - set(old_lines))),
        lines_removed=tuple(old_lines[i] for i in sorted(set(old_lines) - set(new_lines))),
        lines_changed=tuple(changed),
    )
