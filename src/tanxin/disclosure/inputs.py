"""What a report reads from below: accounting's pinned inputs and trend, the registry's surrender status.

Plain imports of the owners' ``facts`` (the linter sees every link). A refusal from an owner
(a ``DomainError``, e.g. an unknown enterprise) means "nothing to show"; any other error is a bug and
propagates.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _

from tanxin.accounting import facts as accounting
from tanxin.common.errors import DomainError
from tanxin.disclosure.domain.errors import DisclosureInputError
from tanxin.registry import facts as registry

log = logging.getLogger(__name__)


def fetch_inputs(enterprise_id: int, year: int) -> dict[str, Any] | None:
    """The accounting inputs, or None when accounting has nothing for this enterprise and year."""
    try:
        inputs = accounting.report_inputs(enterprise_id, year)
    except DomainError:  # e.g. not an enterprise accounting knows: the draft starts empty
        return None
    return dict(inputs.payload) if inputs is not None and inputs.payload else None


def emission_trend(enterprise_id: int, years: list[int]) -> dict[int, int]:
    try:
        return {point.year: point.total_kg for point in accounting.emission_trend(enterprise_id, years)}
    except DomainError:
        return {}


def surrender_status(enterprise_id: int, year: int) -> registry.SurrenderStatus | None:
    """The registry's surrender status, or None when there is no obligation."""
    try:
        return registry.surrender_status(enterprise_id, year)
    except DomainError as exc:
        log.info("surrender_status(%s, %s) refused: %s", enterprise_id, year, exc)
        return None


def intensity_label(name: str) -> str:
    """The owner's words for an intensity's denominator ("per 10^4 CNY revenue"), in the reader's language."""
    return accounting.intensity_label(name)


def _int(value: Any, field: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DisclosureInputError("invalid_payload", problem=_("%(field)s must be an integer") % {"field": field})
    return value


def figures(inputs: dict[str, Any]) -> dict[str, Any]:
    """The integer figures a version stores in columns, checked; refuses a malformed inputs dict."""
    if not inputs:
        return {"snapshot_digest": "", "total_kg": None, "ghg_location_kg": None, "ghg_market_kg": None,
                "previous_year_kg": None, "quality_score": None, "flag_count": 0}  # fmt: skip
    total = inputs.get("total_kg")
    if not isinstance(total, dict):
        raise DisclosureInputError("invalid_payload", problem="total_kg is missing")
    quality = inputs.get("quality") or {}
    score = _int(quality.get("score"), "quality.score", optional=True)
    return {
        "snapshot_digest": str(inputs.get("snapshot_digest", ""))[:64],
        "total_kg": _int(total.get("china_regulatory"), "total_kg.china_regulatory"),
        "ghg_location_kg": _int(total.get("ghg_protocol_location"), "total_kg.ghg_protocol_location", optional=True),
        "ghg_market_kg": _int(total.get("ghg_protocol_market"), "total_kg.ghg_protocol_market", optional=True),
        "previous_year_kg": _int(inputs.get("previous_year_total_kg"), "previous_year_total_kg", optional=True),
        "quality_score": None if score is None else max(0, min(100, score)),
        "flag_count": len(quality.get("flags") or []),
    }
