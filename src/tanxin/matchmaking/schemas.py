"""Typed request and response bodies of the matchmaking API (component names prefixed to stay unique)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from tanxin.common.limits import MAX_FEN
from tanxin.web.api_contract import Id

Amount = Annotated[int, Field(ge=0, le=MAX_FEN, description="money in fen; out-of-range amounts are refused")]
Months = Annotated[int, Field(ge=0, le=9999, description="months; out-of-range terms are refused with a reason")]
Text = Annotated[str, Field(max_length=300)]


class FinanceProductIn(Schema):
    name_zh: str = Field(..., max_length=120)
    name_en: str = Field("", max_length=120)
    kind: str = Field(..., max_length=12, description="pledge_loan | credit_loan | guarantee | green_bond | leasing")
    jurisdiction_id: Id
    min_amount_fen: Amount
    max_amount_fen: Amount
    min_term_months: Months
    max_term_months: Months
    spread_min_bp: int = Field(..., ge=0, le=99999)
    spread_max_bp: int = Field(..., ge=0, le=99999)
    collateral: list[str] = Field(default_factory=list, max_length=6)
    industries: list[Annotated[str, Field(max_length=8)]] = Field(default_factory=list, max_length=50)
    min_band: str = Field("", max_length=1)
    green_only: bool = False
    green_conditions: str = Field("", max_length=300)
    response_workdays: int = Field(5, ge=0, le=999)


class FinanceProductOut(Schema):
    id: int
    code: str
    provider_id: int
    provider: str
    name: str
    kind: str
    kind_label: str
    status: str
    min_amount_fen: int
    max_amount_fen: int
    min_term_months: int
    max_term_months: int
    spread_min_bp: int
    spread_max_bp: int
    collateral: list[str]
    industries: list[str]
    min_band: str
    green_only: bool
    green_conditions: str
    response_workdays: int


class FinanceProductCheckIn(Schema):
    publish: bool
    note: str = Field("", max_length=300)


class FinancingRequestIn(Schema):
    enterprise_id: Id
    amount_fen: Amount
    term_months: Months
    purpose: Text
    green_category: str = Field("", max_length=20)
    green_description: Text = ""
    collateral: list[str] = Field(default_factory=list, max_length=6)
    urgency: str = Field("normal", max_length=8)
    mode: str = Field("grab", max_length=8)
    bank_ids: list[Id] | None = Field(None, max_length=100, description="banks that may read the data; null = every "
                                                                         "bank with a matching product")


class FinancingRequestOut(Schema):
    id: int
    ref: str
    enterprise_id: int
    enterprise: str
    status: str
    status_label: str
    amount_fen: int
    term_months: int
    purpose: str
    green_category: str
    mode: str
    slots: int
    service_workdays: int
    band: str
    approved_fen: int
    disbursed_fen: int
    created_at: datetime
    updated_at: datetime


class RequestMatchOut(Schema):
    rank: int
    product_id: int
    product: str
    provider_id: int
    provider: str
    score: int
    rate_ppm: int
    net_rate_ppm: int
    likelihood_permille: int
    reasons: list[str]


class RequestBankOut(Schema):
    bank_id: int
    bank: str
    via: str
    slot: str
    accepted_on: date | None
    due_on: date | None
    outcome: str
    approved_fen: int
    rate_ppm: int | None
    decline_code: str


class RequestStepOut(Schema):
    action: str
    label: str
    at: datetime
    org: str | None
    actor: str | None


class FinancingRequestDetailOut(FinancingRequestOut):
    matches: list[RequestMatchOut]
    addressees: list[RequestBankOut]
    steps: list[RequestStepOut]


class BankAnswerIn(Schema):
    approve: bool
    amount_fen: Amount = 0
    rate_ppm: int = Field(0, ge=0, le=1_000_000)
    term_months: Months = 0
    decline_code: str = Field("", max_length=24)
    note: Text = ""


class StationDisbursementIn(Schema):
    amount_fen: Amount
    paid_on: date
    reference: str = Field(..., max_length=60)
    green_category: str = Field("", max_length=20)
    project: str = Field("", max_length=200)


class StationDisbursementOut(Schema):
    id: int
    request_id: int
    bank_id: int
    reference: str
    amount_fen: int
    paid_on: date
    rate_ppm: int
    green_category: str
    project: str


class StationGroupOut(Schema):
    key: str
    label: str
    disbursed_fen: int
    payments: int
    enterprises: int
    rate_ppm: int | None
    net_rate_ppm: int | None


class StationOut(Schema):
    requests: int
    matched: int
    accepted: int
    approved: int
    disbursed: int
    disbursed_fen: int
    approved_fen: int
    enterprises: int
    green_fen: int
    headline_yi: str
    median_days_to_cash: int | None
    rate_ppm: int | None
    net_rate_ppm: int | None
    as_of: date | None
    by_bank: list[StationGroupOut]
    by_kind: list[StationGroupOut]
    by_industry: list[StationGroupOut]
    by_month: list[StationGroupOut]


class StationSummaryOut(Schema):
    requests: int
    matched: int
    accepted: int
    approved: int
    disbursed: int
    disbursed_fen: int
    enterprises: int
    green_fen: int
    headline_yi: str


class MatchmakingMeetingOut(Schema):
    id: int
    title: str
    held_on: date
    venue: str
    banks: list[str]
    requests: list[str]
    outcomes: str


class SubsidyLoanOut(Schema):
    key: str
    ref: str
    lender: str
    principal_fen: int
    rate_ppm: int
    green: bool
    pledge: bool
    since: date | None
