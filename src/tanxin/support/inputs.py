"""The facts the support fund scores, read from their owners' public reads (``facts``) by plain import.

Disclosure owns published/verified emissions and intensity; the registry owns compliance and surplus.
An owner that refuses (a ``DomainError``) leaves the fact "not available": it earns no points and the
provenance says so. Any other exception is a bug in the owner and is not swallowed: a funding decision
must never be taken on "no points" that really was a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from tanxin.common.errors import DomainError
from tanxin.disclosure import facts as disclosure
from tanxin.registry import facts as registry
from tanxin.support.domain.automatic import EnterpriseFacts

log = logging.getLogger(__name__)
NOT_AVAILABLE = "not_available"
T = TypeVar("T")
# Where each fact comes from, as recorded in an application's snapshot (its provenance).
DISCLOSURE_SOURCE = "tanxin.disclosure.facts.disclosure"
REGISTRY_SOURCE = "tanxin.registry.facts.compliance"
FACT_KEYS = ("disclosure_published", "disclosure_verified", "intensity_this_year", "intensity_last_year",
             "compliance_on_time", "surplus_t")  # fmt: skip


def _read(read: Callable[[int, int], T], where: str, enterprise_id: int, year: int) -> T | None:
    try:
        return read(enterprise_id, year)
    except DomainError as exc:
        log.info("%s(%s, %s) refused: %s", where, enterprise_id, year, exc)
        return None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def collect(enterprise_id: int, year: int) -> dict[str, Any]:
    """A JSON-ready snapshot of every fact for ``year`` with a source per fact."""
    facts: dict[str, Any] = {}
    sources: dict[str, str] = {}
    this = _read(disclosure.disclosure, DISCLOSURE_SOURCE, enterprise_id, year)
    last = _read(disclosure.disclosure, DISCLOSURE_SOURCE, enterprise_id, year - 1)
    if this is not None:
        facts["disclosure_published"] = this.published
        facts["disclosure_verified"] = this.verified
        facts["intensity_this_year"] = _text(this.intensity_value_added)
        for key in ("disclosure_published", "disclosure_verified", "intensity_this_year"):
            sources[key] = f"{DISCLOSURE_SOURCE}({enterprise_id}, {year})"
    if last is not None:
        facts["intensity_last_year"] = _text(last.intensity_value_added)
        sources["intensity_last_year"] = f"{DISCLOSURE_SOURCE}({enterprise_id}, {year - 1})"
    compliance = _read(registry.compliance, REGISTRY_SOURCE, enterprise_id, year)
    if compliance is not None:
        facts["compliance_on_time"] = compliance.on_time
        facts["surplus_t"] = compliance.surplus_t
        for key in ("compliance_on_time", "surplus_t"):
            sources[key] = f"{REGISTRY_SOURCE}({enterprise_id}, {year})"
    for key in FACT_KEYS:
        if key not in sources:
            facts.setdefault(key, None)
            sources[key] = NOT_AVAILABLE
    return {"year": year, "values": facts, "sources": sources}


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool | float):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def to_domain(enterprise_id: int, snapshot: dict[str, Any]) -> EnterpriseFacts:
    """A stored snapshot (possibly written by an older release) as the domain's typed facts."""
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
    """Which owner reads the fund uses (shown on the dashboard and in the report)."""
    return {"disclosure": DISCLOSURE_SOURCE, "registry": REGISTRY_SOURCE}
