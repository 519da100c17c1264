"""Request and response shapes of the screening API (ninja schemas)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from tanxin.lending.models import ConsentRequest
from tanxin.web.api_contract import Fen, Id, PageQuery


class ScreeningListQuery(PageQuery):
    q: str = Field("", max_length=100)
    band: Literal["", "A", "B", "C", "D", "out"] = ""


class ScreeningRowOut(Schema):
    rank: int
    enterprise_id: int
    enterprise: str
    uscc: str
    band: str | None = Field(None, description="A–D; null when knocked out")
    knocked_out: bool
    knockouts: list[str] = Field(..., description="reason codes")
    score: Decimal
    ltv_cap: Decimal | None
    spread_bp: int | None
    holdings_t: int
    pledgeable_t: int
    verified_emissions_t: int | None
    scorecard_version: int = Field(..., description="0: the proposed default, not yet adopted")


class ScreeningFactOut(Schema):
    code: str
    label: str
    value: str
    source: str
    source_label: str
    as_of: date | None
    reference: str


class ScreeningFactorOut(ScreeningFactOut):
    pillar: str
    points: Decimal
    weight: Decimal
    contribution: Decimal
    rule: str


class ScreeningPillarOut(Schema):
    pillar: str
    label: str
    weight: Decimal
    score: Decimal
    contribution: Decimal
    factors: list[ScreeningFactorOut]


class ScreeningKnockOutOut(Schema):
    code: str
    label: str
    facts: list[ScreeningFactOut]


class ScreeningYearOut(Schema):
    year: int
    status: str
    obligation_t: int | None
    surrendered_t: int
    shortfall_t: int | None
    surplus_t: int | None


class ScreeningSizingOut(Schema):
    instrument: str
    price: Decimal | None = Field(None, description="P_val in yuan per tonne")
    price_day: date | None
    synthetic: bool
    pledgeable_t: int
    collateral_fen: int | None
    sigma: Decimal | None
    target: Decimal
    liquidation_line: Decimal
    solved_ltv: Decimal | None
    band_cap: Decimal | None
    ltv: Decimal | None
    max_loan_fen: int | None
    problem: str


class ScreeningCardOut(Schema):
    enterprise_id: int
    enterprise: str
    as_of: date
    scorecard_version: int
    scorecard_fingerprint: str
    unconfirmed: bool
    band: str | None
    band_label: str
    score: Decimal
    ltv_cap: Decimal | None
    spread_bp: int | None
    knockouts: list[ScreeningKnockOutOut]
    pillars: list[ScreeningPillarOut]
    missing: list[str]
    holdings_t: int
    pledged_t: int
    frozen_t: int
    pledgeable_t: int
    history: list[ScreeningYearOut]
    has_application: bool
    sizing: ScreeningSizingOut


class ScreeningCreditRecordIn(Schema):
    kind: Literal["dishonest_debtor", "env_credit", "tax_credit", "overdue_loans"]
    value: str = Field(..., max_length=20)
    as_of: date
    amount_fen: Fen | None = None
    note: str = Field("", max_length=500)


class ScreeningCreditRecordOut(Schema):
    id: int
    enterprise_id: int
    kind: str
    value: str
    amount_fen: int | None
    as_of: date
    source_org_id: int
    note: str
    evidence_sha256: str
    recorded_at: datetime


class ScreeningFinancialsIn(Schema):
    period_end: date
    revenue_fen: Fen
    net_profit_fen: int = Field(..., ge=-(10**15), le=10**15)
    total_assets_fen: Fen
    total_liabilities_fen: Fen


class ScreeningFinancialsOut(Schema):
    id: int
    enterprise_id: int
    period_end: date
    revenue_fen: int
    net_profit_fen: int
    total_assets_fen: int
    total_liabilities_fen: int
    source_org_id: int
    recorded_at: datetime


class ScreeningConsentRequestIn(Schema):
    uscc: str = Field(..., max_length=18, description="the enterprise's unified social credit code")
    purpose: str = Field(..., max_length=200)
    message: str = Field("", max_length=1000)


class ScreeningConsentRequestOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    bank_id: int
    bank: str
    purpose: str
    message: str
    status: str
    requested_at: datetime
    decided_at: datetime | None
    decline_reason: str
    consent_id: int | None

    @staticmethod
    def resolve_enterprise(obj: ConsentRequest) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_bank(obj: ConsentRequest) -> str:
        return obj.bank.name


class ScreeningAnswerIn(Schema):
    accept: bool
    reason: str = Field("", max_length=500)
    expires_at: datetime | None = None


class ScreeningVisitIn(Schema):
    enterprise_id: Id
    scheduled_for: date
    purpose: str = Field(..., max_length=300)
    bank_id: Id | None = None


class ScreeningVisitReportIn(Schema):
    visited_on: date
    findings: str = Field(..., max_length=5000)
    rating: Literal["good", "fair", "poor"]


class ScreeningVisitOut(Schema):
    id: int
    enterprise_id: int
    bank_id: int | None
    scheduled_for: date
    purpose: str
    status: str
    visited_on: date | None
    findings: str
    rating: str


class ScreeningOutreachIn(Schema):
    enterprise_id: Id
    topic_kind: Literal["policy", "product"]
    topic: str = Field(..., max_length=200)
    channel: Literal["visit", "meeting", "phone", "document", "platform"]
    told_on: date
    contact_person: str = Field("", max_length=100)
    note: str = Field("", max_length=1000)
    visit_id: Id | None = None


class ScreeningOutreachOut(Schema):
    id: int
    enterprise_id: int
    told_by_id: int
    topic_kind: str
    topic: str
    channel: str
    told_on: date
    contact_person: str
    note: str
    visit_id: int | None


class ScreeningScorecardIn(Schema):
    config: dict[str, Any]
    note: str = Field("", max_length=500)


class ScreeningScorecardOut(Schema):
    id: int
    jurisdiction_id: int
    version: int
    status: str
    config: dict[str, Any]
    fingerprint: str
    note: str
    created_at: datetime
    activated_at: datetime | None
