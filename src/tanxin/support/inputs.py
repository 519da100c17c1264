"""Facts the support fund reads from their owners, through the owners' service APIs only.

Disclosure owns published/verified emissions and intensity; the registry owns compliance and surplus.
Those modules are built alongside this one, so each call is looked up at run time: when the function
is missing (or fails), the fact is "not available", earns no points, and the provenance says so.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from tanxin.support.domain.automatic import EnterpriseFacts

log = logging.getLogger(__name__)
NOT_AVAILABLE = "not_available"
DISCLOSURE = ("tanxin.disclosure.services", ("disclosure_facts",))
REGISTRY = ("tanxin.registry.services", ("compliance_facts", "compliance_record", "compliance_summary"))


def _provider(spec: tuple[str, tuple[str, ...]]) -> tuple[Callable[..., Any] | None, str]:
    module_name, names = spec
    try:
        if importlib.util.find_spec(module_name) is None:
            return None, ""
        module = importlib.import_module(module_name)
    except Exception:  # a half-built module must not break scoring
        log.warning("cannot import %s", module_name, exc_info=True)
        return None, ""
    for name in names:
        func = getattr(module, name, None)
        if callable(func):
            return func, f"{module_name}.{name}"
    return None, ""


def _call(spec: tuple[str, tuple[str, ...]], enterprise_id: int, year: int) -> tuple[dict | None, str]:
    func, where = _provider(spec)
    if func is None:
        return None, ""
    try:
        result = func(enterprise_id, year)
    except Exception:
        log.warning("%s(%s, %s) failed", where, enterprise_id, year, exc_info=True)
        return None, where
    return (result if isinstance(result, dict) else None), where


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool | float):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def collect(enterprise_id: int, year: int) -> dict[str, Any]:
    """A JSON-ready snapshot of every fact for ``year`` with a source per fact."""
    facts: dict[str, Any] = {}
    sources: dict[str, str] = {}
    this, where = _call(DISCLOSURE, enterprise_id, year)
    last, _ = _call(DISCLOSURE, enterprise_id, year - 1)
    if this is not None:
        facts["disclosure_published"] = bool(this.get("published"))
        facts["disclosure_verified"] = bool(this.get("verified"))
        facts["intensity_this_year"] = this.get("intensity_value_added")
        for key in ("disclosure_published", "disclosure_verified", "intensity_this_year"):
            sources[key] = f"{where}({enterprise_id}, {year})"
    if last is not None:
        facts["intensity_last_year"] = last.get("intensity_value_added")
        sources["intensity_last_year"] = f"{where}({enterprise_id}, {year - 1})"
    compliance, where = _call(REGISTRY, enterprise_id, year)
    if compliance is not None:
        facts["compliance_on_time"] = compliance.get("on_time")
        facts["surplus_t"] = compliance.get("surplus_t")
        for key in ("compliance_on_time", "surplus_t"):
            sources[key] = f"{where}({enterprise_id}, {year})"
    for key in (
        "disclosure_published",
        "disclosure_verified",
        "intensity_this_year",
        "intensity_last_year",
        "compliance_on_time",
        "surplus_t",
    ):
        if key not in sources:
            facts.setdefault(key, None)
            sources[key] = NOT_AVAILABLE
    return {"year": year, "values": facts, "sources": sources}


def to_domain(enterprise_id: int, snapshot: dict[str, Any]) -> EnterpriseFacts:
    values = snapshot.get("values", {})
    surplus = values.get("surplus_t")
    on_time = values.get("compliance_on_time")
    return EnterpriseFacts(
        enterprise_id=str(enterprise_id),
        disclosure_published=values.get("disclosure_published") is True,
        disclosure_verified=values.get("disclosure_verified") is True,
        intensity_this_year=_decimal(values.get("intensity_this_year")),
        intensity_last_year=_decimal(values.get("intensity_last_year")),
        compliance_on_time=on_time if isinstance(on_time, bool) else None,
        surplus_t=surplus if isinstance(surplus, int) and not isinstance(surplus, bool) else None,
        sources=dict(snapshot.get("sources", {})),
    )


def providers() -> dict[str, str]:
    """Which owner functions were found (shown on the dashboard and in the report)."""
    found = {label: _provider(spec)[1] for label, spec in (("disclosure", DISCLOSURE), ("registry", REGISTRY))}
    return {label: where or NOT_AVAILABLE for label, where in found.items()}
