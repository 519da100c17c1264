"""Request and response schemas declared with the disclosure API (component names are the class names)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from tanxin.disclosure.schemas import (
    CommentOut,
    FindingOut,
    WorkflowEventOut,
)
from tanxin.web.api_contract import Id, Kg, PageQuery, SyncQuery, Year, page_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = 20_000


class VersionOut(Schema):
    id: int
    report_id: int
    enterprise_id: int
    enterprise: str
    year: int
    kind: str
    number: int
    state: str
    previous_id: int | None
    restatement_reason: str
    total_kg: int | None = Field(..., deprecated=True, description="deprecated alias of figure_kg (the same "
                                                                   "quantity as in the public open data)")
    calculated_kg: int | None = Field(..., description="China regulatory view as calculated from the ledger, kgCO2e")
    verified_kg: int | None = Field(..., description="as verified, kgCO2e")
    figure_kg: int | None = Field(..., description="the figure that counts: verified_kg once verified, else "
                                                    "calculated_kg")
    figure_basis: str | None = Field(..., description="verified | calculated")
    previous_year_kg: int | None = Field(..., description="the previous year's published verified figure, kgCO2e")
    previous_year_calculated_kg: int | None = Field(..., description="the previous year as calculated when this "
                                                                     "version's inputs were pinned")
    change_pct: str | None = Field(..., description="figure_kg against previous_year_kg, %, only when both are "
                                                    "verified")
    intensity_value_added: str | None = Field(..., description="figure_kg per 10^4 CNY value added, tCO2e")
    intensity_basis: str | None
    ghg_location_kg: int | None
    ghg_market_kg: int | None
    quality_score: int | None
    flag_count: int
    snapshot_digest: str
    submitted_at: datetime | None
    verified_at: datetime | None
    published_at: datetime | None
    actions: list[str] = []


class VersionDetail(VersionOut):
    boundary: str
    methodology_notes: str
    reduction_targets: str
    reduction_actions: str
    quality_statement: str
    verification_opinion: str
    content: dict[str, Any] = Field(..., description="the report's sections as built from its snapshot")
    events: list[WorkflowEventOut]
    comments: list[CommentOut]
    findings: list[FindingOut]
    verifier: str | None


VersionPage = page_of(VersionOut)


class ListQuery(SyncQuery):
    year: Year | None = None
    state: str = ""
    kind: str = ""
    enterprise_id: Id | None = None
    q: str = ""


class ReportIn(Schema):
    enterprise_id: Id
    year: Year
    kind: str = "annual"
    period_start: date | None = None
    period_end: date | None = None
    event_date: date | None = None
    event_reference: str = Field("", max_length=200)
    title: str = Field("", max_length=200)


class ContentPatch(Schema):
    boundary: str | None = Field(None, max_length=TEXT)
    methodology_notes: str | None = Field(None, max_length=TEXT)
    reduction_targets: str | None = Field(None, max_length=TEXT)
    reduction_actions: str | None = Field(None, max_length=TEXT)
    quality_statement: str | None = Field(None, max_length=TEXT)


class ActionIn(Schema):
    reason: str = Field("", max_length=TEXT)


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=TEXT)
    section: str = Field("", max_length=40)


class VerifierAssignIn(Schema):
    verifier_id: Id
    reason: str = Field("", max_length=TEXT)


class FindingIn(Schema):
    severity: str
    body: str = Field(..., min_length=1, max_length=TEXT)


class VerificationIn(Schema):
    verified_kg: Kg = Field(..., ge=0, description="verified total, kgCO2e (China regulatory view)")
    opinion: str = Field("", max_length=TEXT)


class RestateIn(Schema):
    reason: str = Field(..., min_length=1, max_length=TEXT)


class DueOut(Schema):
    enterprise_id: int
    enterprise: str
    rule: str
    description: str
    data_year: int | None
    event_date: date | None
    due: date
    status: str
    days_left: int


class PublicOut(Schema):
    enterprise_id: int
    enterprise: str
    enterprise_en: str
    uscc: str
    industry: str | None
    year: int
    kind: str
    version: int
    figure_kg: int | None = Field(..., description="the published figure: verified_kg once verified")
    figure_basis: str | None = Field(..., description="verified | calculated")
    calculated_kg: int | None = Field(..., description="China regulatory view as calculated from the ledger")
    verified_kg: int | None
    previous_year_kg: int | None = Field(..., description="the previous year's published verified figure")
    change_pct: str | None = Field(..., description="figure_kg against previous_year_kg, %, both verified")
    intensity_value_added: str | None = Field(..., description="figure_kg per 10^4 CNY value added, tCO2e")
    intensity_basis: str | None
    total_kg: int | None = Field(..., deprecated=True, description="deprecated alias of figure_kg")
    ghg_location_kg: int | None
    ghg_market_kg: int | None
    published_at: datetime | None


class PublicQuery(PageQuery):
    q: str = ""
    industry: str = ""
    year: Year | None = None


class PublicEnterpriseOut(Schema):
    enterprise_id: int
    enterprise: str
    enterprise_en: str
    trend_kg: dict[str, int | None] = Field(..., description="year -> published total, kgCO2e")
    disclosures: list[PublicOut]
