"""Typed request and response bodies of the securitisation API (component names carry the ``Abs``/``Deal``
prefix so they never clash with another app's)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Schema

from tanxin.web.api_contract import Id


class DealIn(Schema):
    name_zh: str = Field(..., max_length=120)
    name_en: str = Field("", max_length=120)
    cut_off: date
    first_payment: date
    originator: str = Field("", max_length=120)
    plan_manager: str = Field("", max_length=120)
    custodian: str = Field("", max_length=120)
    servicer: str = Field("", max_length=120)
    rating_agency: str = Field("", max_length=120)


class DealPatchIn(Schema):
    name_zh: str | None = Field(None, max_length=120)
    name_en: str | None = Field(None, max_length=120)
    cut_off: date | None = None
    first_payment: date | None = None
    originator: str | None = Field(None, max_length=120)
    plan_manager: str | None = Field(None, max_length=120)
    custodian: str | None = Field(None, max_length=120)
    servicer: str | None = Field(None, max_length=120)
    rating_agency: str | None = Field(None, max_length=120)
    rules: DealRulesIn | None = None


class DealRulesIn(Schema):
    bands: list[str] | None = Field(None, max_length=4)
    min_remaining_months: int | None = Field(None, ge=0, le=600)
    max_remaining_months: int | None = Field(None, ge=0, le=600)
    max_obligor_bp: int | None = Field(None, ge=0, le=10_000)
    max_instrument_bp: int | None = Field(None, ge=0, le=10_000)
    max_industry_bp: int | None = Field(None, ge=0, le=10_000)
    guarantee_cover_ppm: int | None = Field(None, ge=0, le=1_000_000)


DealPatchIn.model_rebuild()


class AbsTrancheOut(Schema):
    name: str
    rank: int
    balance_fen: int
    coupon_bp: int
    rate_type: str
    subordinated: bool
    expected_maturity: int | None


class DealOut(Schema):
    id: int
    name_zh: str
    name_en: str
    status: str
    status_label: str
    cut_off: date
    first_payment: date
    arranger_id: int
    guarantor_id: int | None
    jurisdiction_id: int
    version: int
    access: str = Field(..., description="edit | read | line (a borrower sees its own pool line only)")


class DealDetailOut(DealOut):
    originator: str
    plan_manager: str
    custodian: str
    servicer: str
    rating_agency: str
    rules: dict[str, Any]
    structure: dict[str, Any]
    tranches: list[AbsTrancheOut]


class AbsPoolLineOut(Schema):
    loan_id: int
    ref: str
    enterprise_id: int
    enterprise: str
    bank_id: int
    bank: str
    industry_code: str
    instrument_code: str
    balance_fen: int
    rate_ppm: int
    months: int
    pledged_t: int
    band: str
    maturity_on: date | None


class AbsCandidateOut(Schema):
    loan_id: int
    ref: str
    enterprise: str
    state: str
    balance_fen: int
    eligible: bool
    in_pool: bool
    reasons: list[str]
    reason_labels: list[str]


class AbsPoolOut(Schema):
    balance_fen: int
    lines: list[AbsPoolLineOut]
    candidates: list[AbsCandidateOut] = Field(..., description="empty unless the user may edit or read the deal")


class AbsPoolIn(Schema):
    loan_ids: list[Id] = Field(..., max_length=2000)


class AbsStructureIn(Schema):
    structure: dict[str, Any] = Field(..., description="the portable structure (docs/securitisation.md)")


class AbsAssumptionsIn(Schema):
    cdr: str = Field("0.02", max_length=20, description="annual constant default rate, 0 to <1")
    cpr: str = Field("0.05", max_length=20)
    recovery_lag: int = Field(6, ge=0, le=60)
    slippage: str = Field("0.15", max_length=20)
    price_fen: str | None = Field(None, max_length=20, description="per tonne; empty: P_val at the cut-off")
    price_shock: str = Field("0", max_length=20)
    price_drift: str = Field("0", max_length=20)
    lpr_bp: int = Field(300, ge=0, le=2000)
    defaults: list[tuple[str, int]] = Field(default_factory=list, max_length=500)


class AbsStressIn(AbsAssumptionsIn):
    paths: int = Field(2000, ge=1, le=10**12, description="at most 100,000 (refused above)")
    seed: int = Field(20240601, ge=0, le=2**63 - 1)
    price_model: str = Field("gbm", max_length=10)
    default_sigma: str = Field("0.5", max_length=20)
    correlation: str = Field("0.5", max_length=20)


class AbsMeasureOut(Schema):
    name: str
    initial_fen: int
    interest_fen: int
    principal_fen: int
    residual_fen: int
    loss_fen: int
    wal_years: str | None
    yield_ppm: int | None
    duration_years: str | None
    loss_ppm: int


class AbsTrancheFlowOut(Schema):
    interest_due: int
    interest_paid: int
    principal_paid: int
    residual_paid: int
    balance: int


class AbsPoolFlowOut(Schema):
    opening: int
    interest: int
    scheduled: int
    prepaid: int
    defaulted: int
    recovered: int
    loss: int
    closing: int


class AbsPeriodOut(Schema):
    period: int
    date: date
    pool: AbsPoolFlowOut
    tranches: dict[str, AbsTrancheFlowOut]
    fees: dict[str, int]
    accounts: dict[str, int]
    reserve: int
    liquidity: int
    draw_reserve: int
    draw_liquidity: int
    repay_liquidity: int
    guarantor: int
    triggers: list[bool]
    waterfall: str
    oc: str | None
    ic: str | None


class AbsTrancheStatsOut(Schema):
    name: str
    expected_loss: float
    p_loss: float
    var99: float
    es99: float
    histogram: list[int]


class AbsRunOut(Schema):
    id: int
    kind: str
    ok: bool
    deal_version: int
    seed: int | None
    paths: int | None
    price_digest: str
    assumptions: dict[str, Any]
    error_code: str
    error: str
    created_at: Any


class AbsRunDetailOut(AbsRunOut):
    measures: list[AbsMeasureOut] = Field(default_factory=list)
    periods: list[AbsPeriodOut] = Field(default_factory=list)
    guarantor_paid_fen: int | None = None
    tranches: list[AbsTrancheStatsOut] = Field(default_factory=list)
    p_senior_loss: float | None = None
    break_even_cdr: str | None = None
    break_even_price_fen: str | None = None
    grid: dict[str, Any] | None = None
    calibration: dict[str, Any] | None = None


class AbsReportTrancheOut(Schema):
    name: str
    opening_fen: int
    interest_due_fen: int
    interest_fen: int
    principal_fen: int
    residual_fen: int
    closing_fen: int
    factor: str


class AbsTriggerOut(Schema):
    name: str
    breached: bool


class AbsDistributionOut(Schema):
    period: int
    date: date
    pool: AbsPoolFlowOut
    fees_fen: int
    tranches: list[AbsReportTrancheOut]
    reserve_fen: int
    guarantor_fen: int
    oc: str | None
    ic: str | None
    waterfall: str
    triggers: list[AbsTriggerOut]


class AbsDelinquencyOut(Schema):
    d30: int
    d60: int
    d90: int
    d90_fen: int


class AbsServicerOut(AbsDistributionOut):
    cumulative_defaults_fen: int
    cumulative_recoveries_fen: int
    cumulative_losses_fen: int
    delinquency: AbsDelinquencyOut
    loan_count: int


class AbsSubsidyOut(Schema):
    enterprise_id: int
    enterprise: str
    year: int
    financing_cost_fen: int
    subsidy_fen: int
    cap_fen: int


class DealExportOut(Schema):
    format: str
    format_version: int
    name_zh: str
    name_en: str
    parties: dict[str, str]
    cut_off: date
    first_payment: date
    payment_frequency_months: int
    price_series: str
    rules: dict[str, Any]
    structure: dict[str, Any]
    assumptions: dict[str, Any]
    pool: list[dict[str, Any]]


class DealImportIn(Schema):
    format: str = Field(..., max_length=40)
    format_version: int = Field(..., ge=1, le=10)
    name_zh: str = Field(..., max_length=120)
    name_en: str = Field("", max_length=120)
    parties: dict[str, str] = Field(default_factory=dict)
    cut_off: date
    first_payment: date
    rules: dict[str, Any] = Field(default_factory=dict)
    structure: dict[str, Any] = Field(default_factory=dict)
    assumptions: dict[str, Any] = Field(default_factory=dict)
    pool: list[dict[str, Any]] = Field(default_factory=list, max_length=2000)
