"""The accounting side of a report, read through accounting's public service API only.

``tanxin.accounting.services.report_inputs(enterprise_id, year)`` gives the figures a report pins;
``emission_trend`` the China-view series. Both are looked up at call time so disclosure keeps working
(with empty inputs) on a deployment or a test database without accounting data. The registry's
``surrender_status`` is an optional hook in the same way.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError
from tanxin.disclosure.domain.errors import DisclosureInputError

log = logging.getLogger(__name__)


def _function(module: str, name: str):
    if not apps.is_installed(module.rsplit(".", 1)[0]):
        return None
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def accounting_available() -> bool:
    return _function("tanxin.accounting.services", "report_inputs") is not None


def fetch_inputs(enterprise_id: int, year: int) -> dict[str, Any] | None:
    """The accounting inputs, or None when accounting has nothing for this enterprise and year."""
    report_inputs = _function("tanxin.accounting.services", "report_inputs")
    if report_inputs is None:
        return None
    try:
        inputs = report_inputs(enterprise_id, year)
    except DomainError:  # e.g. no activity data for that year: the draft starts empty
        return None
    return inputs or None


def emission_trend(enterprise_id: int, years: list[int]) -> dict[int, int]:
    trend = _function("tanxin.accounting.services", "emission_trend")
    if trend is None:
        return {}
    try:
        return {int(k): int(v) for k, v in trend(enterprise_id, years).items() if v is not None}
    except DomainError:
        return {}


def surrender_status(enterprise_id: int, year: int) -> Any:
    """The registry's surrender status, or None when the registry does not provide one (yet)."""
    hook = _function("tanxin.registry.services", "surrender_status")
    if hook is None:
        return None
    try:
        return hook(enterprise_id, year)
    except DomainError as exc:
        log.info("surrender_status(%s, %s) refused: %s", enterprise_id, year, exc)
        return None


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
