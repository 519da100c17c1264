"""Response shapes of the accounting API's computed reads (ninja schemas): inventory, explain, trend, GWP."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class GwpRowOut(Schema):
    gas: str
    name_zh: str
    notes: str
    SAR: str = ""
    AR4: str = ""
    AR5: str = ""
    AR6: str = ""


class PassedOverOut(Schema):
    id: str
    year: int | None
    level: str
    confidence: str
    reason: str = Field(..., description="later_vintage | older_vintage | less_local | less_official | "
                                         "undated_default | lower_preference")


class FactorChoiceOut(Schema):
    id: str
    year: int | None = Field(..., description="the factor's vintage; null for an undated guideline default")
    level: str = Field(..., description="provincial | regional | national")
    source: str
    provisional: bool
    confidence: str = Field(..., description="V | V-3p | M (data/accounting/README.md)")
    passed_over: list[PassedOverOut] = Field(..., description="candidates the selection rule did not take")


class ExplainResultOut(Schema):
    view: str = Field(..., description="china_regulatory | ghg_protocol")
    scope2_method: str | None
    scope: Any
    gwp_set: str | None
    co2e_kg: str
    steps: list[dict[str, Any]] = Field(..., description="the trace: inputs with sources, formula, result")
    factors: list[FactorChoiceOut]


class ExplainOut(Schema):
    line_id: int
    period: str
    source: str
    snapshot_digest: str
    province: str | None = Field(..., description="province code from the jurisdiction's division code")
    grid_region: str | None
    results: list[ExplainResultOut]


class QualityFlagOut(Schema):
    code: str
    severity: str
    reason: str
    line_id: Any = None
    details: dict[str, Any]


class QualityOut(Schema):
    score: int | None
    flags: list[QualityFlagOut]


class InventorySourceOut(Schema):
    id: int
    name: str
    source_type: str
    facility: str


class InventoryOut(Schema):
    """Everything a disclosure report pins for an enterprise's year; kgCO2e keyed by view
    (china_regulatory, ghg_protocol_location, ghg_protocol_market)."""

    enterprise_id: int
    year: int
    snapshot_digest: str
    views: dict[str, dict[str, Any]] = Field(..., description="per view: lines, results and their factors")
    total_kg: dict[str, int]
    by_scope_kg: dict[str, dict[str, int]]
    by_source_type_kg: dict[str, dict[str, int]]
    by_gas_co2e_kg: dict[str, dict[str, int]] = Field(..., description="per view: each gas as kgCO2e (mass × GWP)")
    by_gas_mass_kg: dict[str, dict[str, int]] = Field(..., description="per view: mass of each gas, kg")
    by_gas_kg: dict[str, dict[str, int]] = Field(
        ..., deprecated=True,
        description="deprecated alias of by_gas_co2e_kg (it always held kgCO2e, not gas mass); removed in API v2")
    place: dict[str, Any] = Field(..., description="division code, province and grid region the factors were "
                                                   "chosen for, and the province table's version")
    intensities: dict[str, Any]
    denominators: dict[str, str | None] = Field(..., description="the statistics the intensities divide by")
    previous_year_total_kg: int | None
    quality: QualityOut
    sources: list[InventorySourceOut]
    activity_line_count: int

    @staticmethod
    def resolve_by_gas_kg(obj: dict[str, Any]) -> dict[str, dict[str, int]]:
        return obj["by_gas_co2e_kg"]


class TrendPointOut(Schema):
    year: int
    total_kg: int = Field(..., description="China-view total, kgCO2e")


class TrendOut(Schema):
    enterprise_id: int
    points: list[TrendPointOut] = Field(..., description="only years with activity data, oldest first")
