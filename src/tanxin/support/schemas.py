"""Request and response shapes of the support-fund API (ninja schemas)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from tanxin.web.api_contract import Fen, Id, Year

Points = Decimal


class SchemeIn(Schema):
    code: str = Field(..., max_length=40)
    year: Year
    title_zh: str = Field(..., max_length=200)
    title_en: str = Field("", max_length=200)
    budget_fen: Fen = Field(..., gt=0)
    cap_fen: Fen = Field(50_000_000, gt=0)
    window_opens: datetime
    window_closes: datetime
    facts_year: Year | None = None
    full_marks: Points = Decimal(100)
    allocation_kind: Literal["banded", "proportional"] = "proportional"
    allocation_config: dict[str, Any] = {}
    auto_scoring: dict[str, Any] = {}
    publicity_workdays: int = Field(5, ge=1, le=60)
    spread_threshold: Points = Decimal(20)


class SchemePatch(Schema):
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    budget_fen: Fen | None = Field(None, gt=0)
    cap_fen: Fen | None = Field(None, gt=0)
    window_opens: datetime | None = None
    window_closes: datetime | None = None
    facts_year: Year | None = None
    full_marks: Points | None = None
    allocation_kind: Literal["banded", "proportional"] | None = None
    allocation_config: dict[str, Any] | None = None
    auto_scoring: dict[str, Any] | None = None
    publicity_workdays: int | None = Field(None, ge=1, le=60)
    spread_threshold: Points | None = None


class SchemeOut(Schema):
    id: int
    code: str
    year: int
    version: int
    title_zh: str
    title_en: str
    status: str
    budget_fen: int
    cap_fen: int
    window_opens: datetime
    window_closes: datetime
    facts_year: int
    full_marks: Points
    allocation_kind: str
    allocation_config: dict[str, Any]
    publicity_workdays: int
    spread_threshold: Points
    criteria_fingerprint: str
    publicity_start: date | None
    publicity_end: date | None


class CriterionIn(Schema):
    code: str = Field(..., max_length=20)
    category: Literal["enterprise_and_products", "projects", "management", "activities"]
    name_zh: str = Field(..., max_length=200)
    name_en: str = Field("", max_length=200)
    max_points: Points
    method: Literal["automatic", "self_declared", "expert"]
    auto_rule: Literal["", "disclosure", "intensity_reduction", "compliance_on_time", "surplus_allowances"] = ""
    enterprise_types: list[Literal["production", "rd", "service", "other"]] = []
    industries: list[str] = []
    evidence_required: list[str] = []
    expert_min: Points = Decimal(0)
    expert_max: Points | None = None


class CriterionOut(CriterionIn):
    id: int | None = None
    auto_rule: str | None = None
    enterprise_types: list[str] = []


class RuleIn(Schema):
    code: str = Field(..., max_length=40)
    kind: Literal["in", "not_in", "is_true", "is_false", "at_least"]
    fact: str = Field(..., max_length=40)
    values: list[str] = []
    threshold: Decimal | None = None


class RuleOut(RuleIn):
    id: int


class MoveIn(Schema):
    target: Literal["open", "closed", "reviewing", "result_draft", "approved", "publicity", "final", "back"]
    reason: str = Field("", max_length=2000)
    start: date | None = Field(None, description="first day of publicity (default today)")


class ApplicationIn(Schema):
    scheme_id: Id
    enterprise_id: Id | None = None
    requested_fen: Fen | None = Field(None, gt=0)
    project_summary: str = Field("", max_length=4000)


class ApplicationPatch(Schema):
    requested_fen: Fen | None = Field(None, gt=0)
    project_summary: str | None = Field(None, max_length=4000)


class DeclarationIn(Schema):
    declared_points: Points
    statement: str = Field("", max_length=4000)


class WithdrawIn(Schema):
    reason: str = Field("", max_length=2000)


class CheckIn(Schema):
    outcome: Literal["complete", "returned", "ineligible"]
    reason: str = Field("", max_length=2000)


class AssignIn(Schema):
    expert_ids: list[Id] = Field(..., min_length=1, max_length=20)


class CoiIn(Schema):
    conflicted: bool
    note: str = Field("", max_length=2000)


class SheetIn(Schema):
    scores: dict[str, Points]
    comments: dict[str, str] = {}
    comment: str = Field("", max_length=4000)


class VerifyIn(Schema):
    verified_points: Points
    note: str = Field("", max_length=2000)


class AdjustScoreIn(Schema):
    item_code: str
    new_points: Points
    reason: str = Field(..., max_length=2000)


class AwardIn(Schema):
    amount_fen: Fen = Field(..., ge=0)
    reason: str = Field("", max_length=2000)


class ObjectionIn(Schema):
    text: str = Field(..., min_length=1, max_length=4000)
    application_id: Id | None = None


class AnswerIn(Schema):
    answer: str = Field(..., max_length=4000)


class DisbursementIn(Schema):
    amount_fen: Fen = Field(..., gt=0)
    paid_on: date
    reference: str = Field(..., max_length=100)


# --- responses ----------------------------------------------------------------------------------------------


class ApplicationOut(Schema):
    """An application; the score fields appear only for those who may see scores (bureau staff, and the
    enterprise once the result is public)."""

    id: int
    reference: str
    scheme_id: int
    enterprise_id: int
    enterprise: str
    status: str
    enterprise_type: str
    industry_code: str
    requested_fen: int | None
    project_summary: str
    submitted_at: datetime | None
    check_reason: str
    automatic: str | None = None
    self_declared: str | None = None
    expert: str | None = None
    expert_method: str | None = None
    spread_flagged: bool | None = None
    total: str | None = None
    rank: int | None = None


class ResultOut(ApplicationOut):
    amount_fen: int | None
    draft_fen: int | None
    cap_fen: int | None
    basis: str
    decided_by: Any = None


class CriteriaCategoryOut(Schema):
    category: str
    label: str
    items: list[CriterionOut]


class PublicityRowOut(Schema):
    rank: int | None
    enterprise: str
    uscc: str
    total: str
    amount_fen: int | None
    application_id: int


class AutoAssignOut(Schema):
    applications: int = Field(..., description="applications that received experts")


class ObjectionOut(Schema):
    id: int
    application_id: int | None
    filed_on: date
    text: str
    answer: str
    answered_at: datetime | None


class ObjectionFiledOut(Schema):
    id: int
    filed_on: date


class AnswerOut(Schema):
    id: int
    answer: str
    answered_at: datetime | None


class DeclarationSavedOut(Schema):
    id: int
    item_code: str
    declared_points: str


class DeclarationOut(DeclarationSavedOut):
    statement: str
    verified_points: str | None
    note: str


class ApplicationEvidenceOut(Schema):
    id: int
    sha256: str
    content_type: str
    size: int


class PreviewLine(Schema):
    item_code: str
    points: str
    rule: str
    facts: dict[str, Any]
    sources: list[str]


class PreviewOut(Schema):
    automatic: str
    self_declared: str
    facts: dict[str, Any] = Field(..., description="the platform facts the automatic scores were read from")
    lines: list[PreviewLine]


class AssignmentOut(Schema):
    id: int
    expert_id: int


class CoiOut(Schema):
    id: int
    conflicted: bool | None
    coi_declared_at: datetime | None


class SheetSavedOut(Schema):
    id: int
    total: str
    submitted_at: datetime | None


class SheetOut(SheetSavedOut):
    expert_id: int
    comment: str
    scores: dict[str, str]


class ScoreLineOut(Schema):
    item_code: str
    kind: str
    points: str
    provenance: dict[str, Any]


class VerifiedPointsOut(Schema):
    id: int
    verified_points: str


class AdjustmentOut(Schema):
    id: int
    item_code: str
    new_points: str


class AwardOut(Schema):
    application_id: int
    amount_fen: int | None
    draft_fen: int | None


class DisbursementOut(Schema):
    id: int
    amount_fen: int
    paid_on: date
