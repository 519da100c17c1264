"""Loan desk API at /api/v1/lending/: loans and their steps, valuation, margin, disposal, portfolio, notices.

Every write that moves money or tonnes (pledge registration, disbursement, repayment, release, partial release,
cures, disposal, recovery) requires ``Idempotency-Key``; a replay returns the first result.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tanxin.common.errors import DomainError, NotFound
from tanxin.common.limits import MAX_FEN, MAX_TONNES
from tanxin.lending import queries
from tanxin.lending.models import Loan
from tanxin.lending.services import desk, margin, recovery, servicing
from tanxin.lending.services.idempotency import MAX_KEY
from tanxin.web.api_contract import IDEMPOTENT, Id, PageQuery, SyncQuery, changed_since, page_of, paginate

router = Router(tags=["lending"])
Amount = Annotated[int, Field(le=MAX_FEN, description="money in fen; zero or less is refused with a reason")]
Tonnes = Annotated[int, Field(le=MAX_TONNES, description="whole tonnes; zero or less is refused with a reason")]
Text = Annotated[str, Field(max_length=500)]


def idempotency_key(request: HttpRequest) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > MAX_KEY:
        raise DomainError(_("The Idempotency-Key header is missing or longer than 200 characters."),
                          code="idempotency_key_required")  # fmt: skip
    return key


class CollateralIn(Schema):
    kind: str = Field(..., description="guarantee | receivable | deposit")
    face_fen: Amount
    haircut_bp: int | None = Field(None, ge=0, le=9999)
    description: str = Field("", max_length=200)


class LoanIn(Schema):
    enterprise_id: Id
    bank_id: Id
    amount_fen: Amount
    term_months: int = Field(..., le=1200)
    purpose: str = Field(..., max_length=300)
    instrument_code: str = Field(..., max_length=80)
    quantity_t: Tonnes
    collateral: list[CollateralIn] = Field(default_factory=list, max_length=20)
    profile: str = Field("standard", max_length=12)
    band: str = Field("", max_length=1)


class LoanOut(Schema):
    id: int
    ref: str
    state: str
    state_label: str
    enterprise_id: int
    enterprise: str
    bank_id: int
    bank: str
    amount_fen: int
    principal_fen: int
    term_months: int
    instrument_code: str
    quantity_t: int
    band: str
    rate_ppm: int | None
    cash_margin_fen: int
    conflict: bool
    registration_no: str
    notice_no: str
    notice_date: date | None
    disbursed_on: date | None
    maturity_on: date | None
    last_mark_on: date | None
    last_coverage_bp: int | None
    last_zone: str
    warning_bp: int
    liquidation_bp: int
    release_bp: int
    updated_at: datetime

    @staticmethod
    def resolve_state_label(obj: Loan) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_enterprise(obj: Loan) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_bank(obj: Loan) -> str:
        return obj.bank.name


class PledgeOut(Schema):
    hold_ref: str
    instrument_code: str
    quantity_t: int
    purpose: str
    status: str


class CallOut(Schema):
    id: int
    state: str
    level: str
    opened_on: date
    deadline: date
    coverage_bp: int


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    at: datetime
    actor: str | None
    reason: str

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class DocumentOut(Schema):
    kind: str
    name: str
    sha256: str
    size: int
    uploaded_at: datetime


class LoanDetailOut(LoanOut):
    pledges: list[PledgeOut]
    margin_calls: list[CallOut]
    events: list[EventOut]
    documents: list[DocumentOut]
    actions: list[str]


class TableRowOut(Schema):
    ltv: str
    continuous: float
    daily: float


class ValuationOut(Schema):
    loan_id: int
    on: date
    close: str
    vwap: str
    price: str
    stale: bool
    sigma: str
    haircut: str
    rate: str
    solved_ltv: str
    band_cap: str
    advance_rate: str
    binding: str
    allowance_value_fen: int
    other_recognised_fen: int
    max_loan_fen: int
    requested_ltv: str
    p_continuous: float
    p_daily: float
    p_monte_carlo: float
    mc_standard_error: float
    mc_paths: int
    synthetic: bool
    table: list[TableRowOut]


class ScreenIn(Schema):
    band: str = Field("", max_length=1)


class ApproveIn(Schema):
    acknowledge_conflict: bool = False
    reason: Text = ""


class PledgeIn(Schema):
    registration_no: str = Field(..., max_length=60)
    notice_no: str = Field(..., max_length=60)
    notice_date: date


class OnIn(Schema):
    on: date | None = None


class RepayIn(Schema):
    amount_fen: Amount
    on: date | None = None


class PartialReleaseIn(Schema):
    quantity_t: Tonnes
    substitute_kind: str = Field(..., description="cash | deposit | guarantee")
    substitute_fen: Amount
    reason: Text = ""


class CashIn(Schema):
    amount_fen: Amount


class AllowancesIn(Schema):
    quantity_t: Tonnes


class ReasonIn(Schema):
    reason: Text = ""


class RecoverIn(Schema):
    amount_fen: Amount


class OperationOut(Schema):
    loan_id: int
    state: str | None = None
    replayed: bool = False
    hold_ref: str | None = None
    call_state: str | None = None
    coverage: str | None = None
    principal_fen: int | None = None
    loss_fen: int | None = None
    lgd: str | None = None


class DisposalDayOut(Schema):
    day: int
    quantity_t: int
    impact: str
    expected_fen: int
    stressed_fen: int


class DisposalOut(Schema):
    trading_days: int
    expected_proceeds_fen: int
    stressed_proceeds_fen: int
    expected_recovery_fen: int
    stressed_recovery_fen: int
    expected_lgd: str
    stressed_lgd: str
    days: list[DisposalDayOut]


class MarkOut(Schema):
    on: date
    price_fen: int
    coverage_bp: int
    zone: str
    stale: bool


class PortfolioQuery(Schema):
    shock: int = Field(0, ge=-90, le=90, description="price shock in percent, e.g. -35")


class PortfolioRowOut(Schema):
    id: int
    ref: str
    enterprise: str
    bank: str
    instrument: str
    debt_fen: int
    coverage_bp: int
    shocked_coverage_bp: int
    zone: str
    shocked_zone: str
    breaches: bool


class BucketOut(Schema):
    label: str
    count: int


class ConcentrationOut(Schema):
    instrument: str
    exposure_fen: int
    share_bp: int


class PortfolioOut(Schema):
    shock: int
    live: int
    exposure_fen: int
    calls_open: int
    breaching: int
    buckets: list[BucketOut]
    concentration: list[ConcentrationOut]
    loans: list[PortfolioRowOut]


class NoticeOut(Schema):
    notice_no: str
    notice_date: date | None
    pledgor: str
    pledgee: str
    instrument_code: str
    quantity_t: int
    period_start: date | None
    period_end: date | None


def _loan(request: HttpRequest, loan_id: int) -> Loan:
    loan = queries.loan(request.user, loan_id)
    if loan is None:
        raise NotFound(_("Loan not found."), code="loan_not_found")
    return loan


def _detail(request: HttpRequest, loan: Loan) -> Loan:
    loan.actions = queries.actions(request.user, loan)  # the steps this caller may take now
    return loan


def _op(result: dict) -> dict:
    return {k: v for k, v in result.items() if k in OperationOut.model_fields}


@router.get("/loans", response=page_of(LoanOut), operation_id="lending_loans")
def list_loans(request: HttpRequest, params: Query[PageQuery], state: str = ""):
    return paginate(queries.loans(request.user, state=state[:12]), params)


@router.post("/loans", response={201: LoanDetailOut}, operation_id="lending_apply")
def apply(request: HttpRequest, payload: LoanIn):
    data = payload.dict()
    loan = desk.apply(request.user, **{**data, "collateral": data["collateral"]})
    return Status(201, _detail(request, _loan(request, loan.pk)))


@router.get("/loans/{loan_id}", response=LoanDetailOut, operation_id="lending_loan")
def get_loan(request: HttpRequest, loan_id: Id):
    return _detail(request, _loan(request, loan_id))


@router.post("/loans/{loan_id}/screen", response=LoanDetailOut, operation_id="lending_screen")
def screen(request: HttpRequest, loan_id: Id, payload: ScreenIn):
    desk.screen(request.user, loan_id, payload.band)
    return _detail(request, _loan(request, loan_id))


def valuation_out(loan: Loan, a) -> dict:
    return {
        "loan_id": loan.pk, "on": a.on, "close": str(a.valuation.close), "vwap": str(a.valuation.vwap),
        "price": str(a.valuation.price), "stale": a.valuation.stale, "sigma": str(a.sigma), "haircut": str(a.haircut),
        "rate": str(a.rate), "solved_ltv": str(a.solved_ltv), "band_cap": str(a.band_cap),
        "advance_rate": str(a.sizing.advance_rate), "binding": a.sizing.binding,
        "allowance_value_fen": a.sizing.allowance_value_fen, "other_recognised_fen": a.sizing.other_recognised_fen,
        "max_loan_fen": a.sizing.max_loan_fen, "requested_ltv": str(a.requested_ltv),
        "p_continuous": a.p_continuous, "p_daily": a.p_daily, "p_monte_carlo": a.monte_carlo.probability,
        "mc_standard_error": a.monte_carlo.standard_error, "mc_paths": a.monte_carlo.paths, "synthetic": a.synthetic,
        "table": [{"ltv": str(r.ltv), "continuous": r.continuous, "daily": r.daily} for r in a.table],
    }  # fmt: skip


@router.post("/loans/{loan_id}/value", response=ValuationOut, operation_id="lending_value")
def value(request: HttpRequest, loan_id: Id):
    loan, a = desk.value(request.user, loan_id)
    return valuation_out(loan, a)


@router.post("/loans/{loan_id}/approve", response=LoanDetailOut, operation_id="lending_approve")
def approve(request: HttpRequest, loan_id: Id, payload: ApproveIn):
    desk.approve(request.user, loan_id, payload.acknowledge_conflict, payload.reason)
    return _detail(request, _loan(request, loan_id))


@router.post("/loans/{loan_id}/contract", response=LoanDetailOut, operation_id="lending_contract")
def contract(request: HttpRequest, loan_id: Id, document: File[UploadedFile]):
    desk.contract(request.user, loan_id, (document.name or "contract", document.read()))
    return _detail(request, _loan(request, loan_id))


@router.post("/loans/{loan_id}/register-pledge", response=OperationOut, openapi_extra=IDEMPOTENT,
             operation_id="lending_register_pledge")  # fmt: skip
def register_pledge(request: HttpRequest, loan_id: Id, payload: PledgeIn):
    return _op(desk.register_pledge(request.user, loan_id, registration_no=payload.registration_no,
                                    notice_no=payload.notice_no, notice_date=payload.notice_date,
                                    key=idempotency_key(request)))  # fmt: skip


@router.post("/loans/{loan_id}/disburse", response=OperationOut, openapi_extra=IDEMPOTENT,
             operation_id="lending_disburse")  # fmt: skip
def disburse(request: HttpRequest, loan_id: Id, payload: OnIn):
    return _op(desk.disburse(request.user, loan_id, payload.on, key=idempotency_key(request)))


@router.post("/loans/{loan_id}/repayments", response=OperationOut, openapi_extra=IDEMPOTENT,
             operation_id="lending_repay")  # fmt: skip
def repay(request: HttpRequest, loan_id: Id, payload: RepayIn):
    return _op(servicing.repay(request.user, loan_id, payload.amount_fen, payload.on, key=idempotency_key(request)))


@router.post("/loans/{loan_id}/release", response=OperationOut, openapi_extra=IDEMPOTENT,
             operation_id="lending_release")  # fmt: skip
def release(request: HttpRequest, loan_id: Id):
    return _op(servicing.release(request.user, loan_id, key=idempotency_key(request)))


@router.post("/loans/{loan_id}/partial-release", response=OperationOut, openapi_extra=IDEMPOTENT,
             operation_id="lending_partial_release")  # fmt: skip
def partial_release(request: HttpRequest, loan_id: Id, payload: PartialReleaseIn):
    key = idempotency_key(request)
    return _op(servicing.partial_release(request.user, loan_id, payload.quantity_t, payload.substitute_kind,
                                         payload.substitute_fen, payload.reason, key=key))  # fmt: skip


@router.post("/loans/{loan_id}/cures/cash", response=OperationOut, openapi_extra=IDEMPOTENT,
             operation_id="lending_cure_cash")  # fmt: skip
def cure_cash(request: HttpRequest, loan_id: Id, payload: CashIn):
    return _op(margin.cure_cash(request.user, loan_id, payload.amount_fen, key=idempotency_key(request)))


@router.post("/loans/{loan_id}/cures/allowances", response=OperationOut, openapi_extra=IDEMPOTENT,
             operation_id="lending_cure_allowances")  # fmt: skip
def cure_allowances(request: HttpRequest, loan_id: Id, payload: AllowancesIn):
    return _op(margin.cure_allowances(request.user, loan_id, payload.quantity_t, key=idempotency_key(request)))


@router.post("/loans/{loan_id}/default", response=LoanDetailOut, operation_id="lending_default")
def declare_default(request: HttpRequest, loan_id: Id, payload: ReasonIn):
    recovery.declare_default(request.user, loan_id, payload.reason)
    return _detail(request, _loan(request, loan_id))


@router.get("/loans/{loan_id}/disposal-simulation", response=DisposalOut, operation_id="lending_disposal")
def disposal_simulation(request: HttpRequest, loan_id: Id):
    r = recovery.simulate(_loan(request, loan_id))
    return {"trading_days": r.trading_days, "expected_proceeds_fen": r.expected_proceeds_fen,
            "stressed_proceeds_fen": r.stressed_proceeds_fen, "expected_recovery_fen": r.expected_recovery_fen,
            "stressed_recovery_fen": r.stressed_recovery_fen, "expected_lgd": str(r.expected_lgd),
            "stressed_lgd": str(r.stressed_lgd),
            "days": [{"day": d.day, "quantity_t": d.quantity_t, "impact": str(d.impact), "expected_fen": d.expected_fen,
                      "stressed_fen": d.stressed_fen} for d in r.days]}  # fmt: skip


@router.post("/loans/{loan_id}/dispose", response=OperationOut, openapi_extra=IDEMPOTENT,
             operation_id="lending_dispose")  # fmt: skip
def dispose(request: HttpRequest, loan_id: Id):
    return _op(recovery.dispose(request.user, loan_id, key=idempotency_key(request)))


@router.post("/loans/{loan_id}/recover", response=OperationOut, openapi_extra=IDEMPOTENT,
             operation_id="lending_recover")  # fmt: skip
def recover(request: HttpRequest, loan_id: Id, payload: RecoverIn):
    return _op(recovery.recover(request.user, loan_id, payload.amount_fen, key=idempotency_key(request)))


@router.post("/loans/{loan_id}/close", response=LoanDetailOut, operation_id="lending_close")
def close(request: HttpRequest, loan_id: Id, payload: ReasonIn):
    servicing.close(request.user, loan_id, payload.reason)
    return _detail(request, _loan(request, loan_id))


@router.post("/loans/{loan_id}/decline", response=LoanDetailOut, operation_id="lending_decline")
def decline(request: HttpRequest, loan_id: Id, payload: ReasonIn):
    desk.decline(request.user, loan_id, payload.reason)
    return _detail(request, _loan(request, loan_id))


@router.post("/loans/{loan_id}/withdraw", response=LoanDetailOut, operation_id="lending_withdraw")
def withdraw(request: HttpRequest, loan_id: Id, payload: ReasonIn):
    desk.withdraw(request.user, loan_id, payload.reason)
    return _detail(request, _loan(request, loan_id))


@router.get("/loans/{loan_id}/marks", response=page_of(MarkOut), operation_id="lending_marks")
def marks(request: HttpRequest, loan_id: Id, params: Query[PageQuery]):
    return paginate(_loan(request, loan_id).marks.order_by("on", "pk"), params)


@router.get("/portfolio", response=PortfolioOut, operation_id="lending_portfolio")
def portfolio(request: HttpRequest, params: Query[PortfolioQuery]):
    return queries.portfolio(request.user, params.shock, timezone.localdate()).as_dict()


@router.get("/notices", response=page_of(NoticeOut), auth=None, operation_id="lending_notices")
def notices(request: HttpRequest, params: Query[SyncQuery]):
    """Published pledge notices; ``updated_since`` keeps the loans changed since (publication bumps it)."""
    return paginate(changed_since(queries.public_notice_rows(), params, "updated_at"), params, queries.notice_out)
