"""What other apps read from accounting: the figures a disclosure report pins and the emission trend.

No gate inside: the caller (disclosure) checks its own. Each function returns a frozen dataclass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tanxin.accounting import inventories as services
from tanxin.common.errors import NotFound


@dataclass(frozen=True)
class ReportInputs:
    """Everything a disclosure version pins. ``payload`` is JSON-ready (integers for kgCO2e) and the
    caller's own copy: it is stored verbatim, so its shape is documented in ``services.report_inputs``."""

    enterprise_id: int
    year: int
    snapshot_digest: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class YearTotal:
    year: int
    total_kg: int  # China regulatory view, kgCO2e


def report_inputs(enterprise_id: int, year: int) -> ReportInputs | None:
    """The pinned inputs of ``year``, or None when the enterprise has no activity data for it."""
    try:
        payload = services.report_inputs(enterprise_id, year)
    except NotFound as exc:
        if exc.code == "no_activity_data":
            return None
        raise
    return ReportInputs(enterprise_id, year, str(payload.get("snapshot_digest", "")), payload)


def emission_trend(enterprise_id: int, years: Iterable[int]) -> tuple[YearTotal, ...]:
    """China-view totals for the years among ``years`` that have activity data, oldest first."""
    trend = services.emission_trend(enterprise_id, list(years))
    return tuple(YearTotal(int(y), int(v)) for y, v in sorted(trend.items()) if v is not None)


def bundle_inputs(enterprise_id: int, year: int) -> dict[str, Any] | None:
    """Activity lines, the whole factor library, the place and the rules of ``year`` for a figure bundle
    (``accounting.domain.bundle``); None when the enterprise has no activity data for it."""
    try:
        return services.bundle_inputs(enterprise_id, year)
    except NotFound as exc:
        if exc.code == "no_activity_data":
            return None
        raise
