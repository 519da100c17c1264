"""Request and response shapes of the support-fund API (ninja schemas)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

Points = Decimal


class SchemeIn(Schema):
    code: str = Field(..., max_length=40)
    year: int = Field(..., ge=2000, le=2100)
    title_zh: str = Field(..., max_length=200)
    title_en: str = Field("", max_length=200)
    budget_fen: int = Field(..., gt=0)
    cap_fen: int = Field(50_000_000, gt=0)
    window_opens: datetime
    window_closes: datetime
    facts_year: int | None = None
    full_marks: Points = Decimal(100)
    allocation_kind: Literal["banded", "proportional"] = "proportional"
    allocation_config: dict[str, Any] = {}
    auto_scoring: dict[str, Any] = {}
    publicity_workdays: int = Field(5, ge=1, le=60)
    spread_threshold: Points = Decimal(20)


class SchemePatch(Schema):
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    budget_fen: int | None = Field(None, gt=0)
    cap_fen: int | None = Field(None, gt=0)
    window_opens: datetime | None = None
    window_closes: datetime | None = None
    facts_year: int | None = None
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
    scheme_id: int
    enterprise_id: int | None = None
    requested_fen: int | None = Field(None, gt=0)
    project_summary: str = Field("", max_length=4000)


class ApplicationPatch(Schema):
    requested_fen: int | None = Field(None, gt=0)
    project_summary: str | None = Field(None, max_length=4000)


class DeclarationIn(Schema):
    declared_points: Points
    statement: str = Field("", max_length=4000)


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class CheckIn(Schema):
    outcome: Literal["complete", "returned", "ineligible"]
    reason: str = Field("", max_length=2000)


class AssignIn(Schema):
    expert_ids: list[int] = Field(..., min_length=1, max_length=20)


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
    amount_fen: int = Field(..., ge=0)
    reason: str = Field("", max_length=2000)


class ObjectionIn(Schema):
    text: str = Field(..., min_length=1, max_length=4000)
    application_id: int | None = None


class AnswerIn(Schema):
    answer: str = Field(..., max_length=4000)


class DisbursementIn(Schema):
    amount_fen: int = Field(..., gt=0)
    paid_on: date
    reference: str = Field(..., max_length=100)
