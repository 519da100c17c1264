"""Stand-ins for the disclosure and registry public reads (fakes, not mocks): same names, same types."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from tanxin.common.errors import NotFound
from tanxin.disclosure.facts import DisclosureFacts
from tanxin.registry.facts import ComplianceFacts


def _disclosure(enterprise_id: int, year: int) -> DisclosureFacts:
    intensity = {2023: Decimal("0.900"), 2024: Decimal("0.800")}.get(year)
    return DisclosureFacts(enterprise_id, year, published=year == 2024, verified=year == 2024, total_kg=1_000_000,
                           intensity_value_added=intensity)  # fmt: skip


def _compliance(enterprise_id: int, year: int) -> ComplianceFacts:
    return ComplianceFacts(enterprise_id, year, on_time=True, surplus_t=12_000)


def _refusing(enterprise_id: int, year: int) -> DisclosureFacts:
    raise NotFound("no such enterprise")


def _crashing(enterprise_id: int, year: int) -> ComplianceFacts:
    raise RuntimeError("owner module bug")


disclosure = SimpleNamespace(disclosure=_disclosure)
registry = SimpleNamespace(compliance=_compliance)
refusing_disclosure = SimpleNamespace(disclosure=_refusing)
crashing_registry = SimpleNamespace(compliance=_crashing)
