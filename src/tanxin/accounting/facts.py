"""What other apps read from accounting: the figures a disclosure report pins and the emission trend.

No gate inside: the caller (disclosure) checks its own. Each function returns a frozen dataclass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tanxin.accounting import factor_names, messages
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


def factor_labels(factor_ids: Iterable[str]) -> dict[str, str]:
    """Each factor id's name for people (subject, kind of value, year), in the page's language; an unknown id
    stays as it is. The id remains the key in traces and the API."""
    return factor_names.factor_labels(factor_ids)


def flag_reason(code: str, details: Mapping[str, Any], english: str = "") -> str:
    """A stored data-quality flag's reason in the user's language, with factors and series named for people."""
    return messages.reason(code, details, english)


def severity_label(severity: str) -> str:
    return messages.severity_label(severity)


def intensity_label(name: str) -> str:
    """An emission intensity's denominator as people read it ("per 10^4 CNY revenue"), in the page's language."""
    return messages.intensity_label(name)
