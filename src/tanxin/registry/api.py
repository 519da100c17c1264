"""Registry API at /api/v1/registry/. Every write that moves or encumbers tonnes needs ``Idempotency-Key``."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.orgs.queries import own_bureau
from tanxin.registry import facts, queries, services
from tanxin.registry.bulk import read_table
from tanxin.registry.models import Account, Posting
from tanxin.web.api_contract import IDEMPOTENT, Id, Limit, Offset, PageQuery, Quantity, Tonnes, Year, page_of

router = Router(tags=["registry"])
MAX_UPLOAD = 5 * 1024 * 1024


def idempotency_key(request: HttpRequest) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        raise DomainError(_("The Idempotency-Key header is missing or longer than 200 characters."),
                          code="idempotency_key_required")  # fmt: skip
    return key


class RegistryOperationOut(Schema):
    status: str = "executed"
    tx_id: str | None = None
    kind: str | None = None
    replayed: bool = False
    hold_ref: str | None = None
    certificate_code: str | None = None
    transfer_request_id: int | None = None
    rows: int | None = None
    total: int | None = None


MOVE = {200: RegistryOperationOut, 201: RegistryOperationOut}


class TrustedOut(Schema):
    account_id: int
    counterparty_id: int
    added_on: date


class ObligationOut(Schema):
    enterprise_id: int
    year: int
    tonnes: int
    scheme: str
    source: str
    reason: str


class StatementMatchedOut(Schema):
    status: str = Field(..., description='"matched": the statement agrees with the registry, no case opened')


class RegistryStatisticsOut(Schema):
    """Registry-wide totals, whole tonnes and counts (public)."""

    issued: int
    allocated: int
    surrendered: int
    cancelled: int
    holding_accounts: int
    transactions: int
    open_pledges: int


class PledgeableOut(Schema):
    """Q_free today: holdings − pledged − frozen − what is still to surrender for the open compliance year."""

    enterprise_id: int
    as_of: date
    compliance_year: int = Field(..., description="the year whose surrender is still ahead (or the current one)")
    instrument_kind: str = Field(..., description="SZA or CEA: allowances of the enterprise's scheme")
    pledgeable_t: int
    remaining_surrender_t: int


class HistoryQuery(PageQuery):
    limit: Limit = 200
    updated_since: datetime | None = Field(None, description="only transactions booked at or after this instant")


def _op(result: dict) -> Status:
    body = {"status": result.get("status", "executed"), **result}
    return Status(200 if result.get("replayed") else 201, body)


class AccountOut(Schema):
    id: int
    number: str
    kind: str
    owner_id: int
    owner: str
    external_number: str
    blocked: bool
    blocked_reason: str

    @staticmethod
    def resolve_owner(obj: Account) -> str:
        return obj.owner.name


class HoldingOut(Schema):
    instrument: str
    quantity: int
    held: int
    available: int


class AccountDetail(AccountOut):
    holdings: list[HoldingOut]


class AccountTransactionOut(Schema):
    tx_id: str
    at: datetime
    kind: str
    subtype: str
    instrument: str
    quantity: int
    counterparty: str
    reason: str
    reversed: bool


class AccountIn(Schema):
    organisation_id: Id
    external_number: str = Field("", max_length=60)


class IssueIn(Schema):
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    reason: str = Field(..., max_length=500)
    legal_basis: str = Field("", max_length=300)


class AllocationIn(IssueIn):
    account_id: Id
    subtype: str = Field("pre_allocation", description="pre_allocation | true_up | clawback")


class TransferIn(Schema):
    from_account_id: Id
    to_account: str = Field(..., description="destination account number", max_length=40)
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    reason: str = Field("", max_length=500)


class TransferApproveIn(Schema):
    approve: bool = True


class TrustedIn(Schema):
    counterparty: str = Field(..., max_length=40)


class SurrenderIn(Schema):
    account_id: Id
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    year: Year


class CancelIn(Schema):
    account_id: Id
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    beneficiary: str = Field("", max_length=200)
    purpose: str = Field("", max_length=300)


class HoldIn(Schema):
    account_id: Id
    instrument: str = Field(..., max_length=80)
    quantity: Quantity
    kind: str = Field(..., description="pledge | judicial_freeze | admin_hold")
    pledgee_id: Id | None = None
    references: dict[str, str] = Field(default_factory=dict, description="registration_no, notice_no, ruling ...")
    reason: str = Field("", max_length=500)
    legal_basis: str = Field("", max_length=300)


class HoldOut(Schema):
    ref: str
    account: str
    owner: str
    instrument: str
    kind: str
    original_quantity: int
    quantity: int
    enforced_quantity: int
    pledgee_id: int | None
    references: dict
    status: str
    placed_at: datetime
    closed_at: datetime | None


class ReleaseIn(Schema):
    quantity: Quantity | None = None
    reason: str = Field("", max_length=500)


class EnforceIn(Schema):
    quantity: Quantity
    beneficiary_account: str | None = Field(None, max_length=40)
    reason: str = Field("", max_length=500)
    legal_basis: str = Field("", max_length=300)


class ReverseIn(Schema):
    reason: str = Field(..., max_length=500)


class ObligationIn(Schema):
    enterprise_id: Id
    year: Year
    tonnes: Tonnes
    reason: str = Field(..., max_length=500)
    scheme: str = ""


class PositionOut(Schema):
    enterprise_id: int
    enterprise: str
    year: int
    scheme: str
    status: str
    obligation_t: int | None
    obligation_source: str | None
    deadline: date | None
    allowances_surrendered_t: int | None
    offsets_surrendered_t: int | None
    offsets_counted_t: int | None
    shortfall_t: int | None
    penalty_fen: int | None
    average_price: str | None
    price_synthetic: bool
    average_price_start: date | None = Field(None, description="first day of the averaging window")
    average_price_end: date | None = None
    average_price_trading_days: int | None = Field(None, description="trading days with a price in the window")
    average_price_months_without_prices: list[str] = Field(default_factory=list,
                                                           description="YYYY-MM months of the window with no price")
    average_price_last_day: date | None = Field(None, description="last day with a price in the window")
    surplus_t: int | None
    pledgeable_t: int | None
    to_be_confirmed: list[str]


class CaseOut(Schema):
    id: int
    statement_name: str
    status: str
    opened_at: datetime
    discrepancies: int


class ResolveIn(Schema):
    resolution: str = Field(..., max_length=2000)


class CertificateOut(Schema):
    code: str
    holder_name: str
    beneficiary: str
    purpose: str
    instrument_code: str
    quantity: int
    issued_at: datetime
    tx_id: str


def _coverage_out(c) -> dict:
    if c is None:
        return {}
    return {"average_price_start": c.start, "average_price_end": c.end, "average_price_trading_days": c.trading_days,
            "average_price_months_without_prices": list(c.months_without_prices),
            "average_price_last_day": c.last_price_day}  # fmt: skip


def _position_out(pos) -> dict:
    r = pos.result
    return {
        "enterprise_id": pos.enterprise.pk, "enterprise": pos.enterprise.name, "year": pos.year,
        "scheme": pos.scheme, "status": pos.status,
        "obligation_t": pos.obligation.tonnes if pos.obligation else None,
        "obligation_source": pos.obligation.source if pos.obligation else None,
        "deadline": r.deadline if r else None,
        "allowances_surrendered_t": r.allowances_surrendered_t if r else None,
        "offsets_surrendered_t": r.offsets_surrendered_t if r else None,
        "offsets_counted_t": r.offsets_counted_t if r else None,
        "shortfall_t": r.shortfall_t if r else None, "penalty_fen": r.penalty_fen if r else None,
        "average_price": str(pos.average_price) if pos.average_price is not None else None,
        "price_synthetic": pos.price_synthetic, "surplus_t": r.surplus_t if r else None,
        **_coverage_out(pos.price_coverage),
        "pledgeable_t": r.pledgeable_t if r else None, "to_be_confirmed": list(pos.unconfirmed),
    }  # fmt: skip


def _account(request: HttpRequest, account_id: Id) -> Account:
    account = queries.account(request.user, account_id)
    if account is None:
        raise NotFound(_("Account not found."))
    return account


# ---------------------------------------------------------------- accounts


@router.get("/accounts", response=list[AccountOut])
def list_accounts(request: HttpRequest):
    return list(queries.accounts(request.user)[:500])


@router.post("/accounts", response={201: AccountOut})
def open_account(request: HttpRequest, payload: AccountIn):
    return Status(201, services.open_holding_account(request.user, payload.organisation_id, payload.external_number))


@router.get("/accounts/{account_id}", response=AccountDetail)
def get_account(request: HttpRequest, account_id: Id):
    account = _account(request, account_id)
    account.holdings = [{"instrument": h.instrument, "quantity": h.quantity, "held": h.held,
                         "available": h.available} for h in queries.holdings(account)]  # fmt: skip
    return account


@router.get("/accounts/{account_id}/transactions", response=page_of(AccountTransactionOut))
def account_history(request: HttpRequest, account_id: Id, params: Query[HistoryQuery]):
    """The account's transactions, newest first; ``updated_since`` keeps those booked since then."""
    account = _account(request, account_id)
    since = params.updated_since
    postings = Posting.objects.filter(account=account)
    if since is not None:
        postings = postings.filter(tx__created_at__gte=since)
    count = postings.count()
    rows: list = []
    if params.offset < count:
        # history() filters by local day; a day of margin, then the exact instant.
        start = (since - timedelta(days=1)).date() if since is not None else None
        rows = queries.history(account, limit=params.offset + params.limit, start=start)
        rows = [r for r in rows if since is None or r.at >= since][params.offset :]
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": rows}


@router.post("/accounts/{account_id}/trusted", response={201: TrustedOut})
def add_trusted(request: HttpRequest, account_id: Id, payload: TrustedIn):
    row = services.add_trusted_counterparty(request.user, account_id, payload.counterparty)
    return Status(201, {"account_id": row.account_id, "counterparty_id": row.counterparty_id,
                        "added_on": row.added_on})  # fmt: skip


# ---------------------------------------------------------------- operations


@router.post("/issuances", response=MOVE, openapi_extra=IDEMPOTENT)
def issue(request: HttpRequest, payload: IssueIn):
    principal = principal_for(request.user)
    jurisdictions = sorted(principal.staff_jurisdictions)
    if not jurisdictions:
        raise PermissionDenied(_("Only bureau staff may issue allowances."))
    bureau = own_bureau(request.user)
    jurisdiction_id = bureau.jurisdiction_id if bureau else jurisdictions[0]
    return _op(services.issue(request.user, jurisdiction_id, payload.instrument, payload.quantity, payload.reason,
                              payload.legal_basis, key=idempotency_key(request)))  # fmt: skip


@router.post("/allocations", response=MOVE, openapi_extra=IDEMPOTENT)
def allocate(request: HttpRequest, payload: AllocationIn):
    return _op(services.allocate(request.user, payload.account_id, payload.instrument, payload.quantity,
                                 payload.subtype, payload.reason, payload.legal_basis,
                                 key=idempotency_key(request)))  # fmt: skip


@router.post("/allocations/bulk", response=MOVE, openapi_extra=IDEMPOTENT)
def bulk_allocate(request: HttpRequest, file: File[UploadedFile], subtype: Form[str], reason: Form[str],
                  legal_basis: Form[str] = ""):  # fmt: skip
    key = idempotency_key(request)
    bureau = own_bureau(request.user)
    if bureau is None:
        raise PermissionDenied(_("Only bureau staff may allocate."))
    if file.size > MAX_UPLOAD:
        raise DomainError(_("The file is too large."), code="too_large")
    rows = read_table(file.read())
    return _op(services.bulk_allocate(request.user, bureau.jurisdiction_id, rows, subtype, reason, legal_basis,
                                      key=key))  # fmt: skip


@router.post("/transfers", response={**MOVE, 202: RegistryOperationOut}, openapi_extra=IDEMPOTENT)
def transfer(request: HttpRequest, payload: TransferIn):
    result = services.transfer(request.user, payload.from_account_id, payload.to_account, payload.instrument,
                               payload.quantity, payload.reason, key=idempotency_key(request))  # fmt: skip
    if result.get("status") == "pending" and not result.get("replayed"):
        return Status(202, result)
    return _op(result)


class PendingOut(Schema):
    id: int
    from_account: str
    to_account: str
    instrument: str
    quantity: int
    reason: str
    initiated_by: str
    created_at: datetime


@router.get("/transfers/pending", response=list[PendingOut])
def pending_transfers(request: HttpRequest):
    return [{"id": p.pk, "from_account": p.from_account.number, "to_account": p.to_account.number,
             "instrument": p.instrument.code, "quantity": p.quantity, "reason": p.reason,
             "initiated_by": str(p.initiated_by), "created_at": p.created_at}
            for p in queries.pending_transfers(request.user)]  # fmt: skip


@router.post("/transfers/{request_id}/approve", response=MOVE, openapi_extra=IDEMPOTENT)
def approve(request: HttpRequest, request_id: Id, payload: TransferApproveIn):
    return _op(services.approve_transfer(request.user, request_id, payload.approve, key=idempotency_key(request)))


@router.post("/surrenders", response=MOVE, openapi_extra=IDEMPOTENT)
def surrender(request: HttpRequest, payload: SurrenderIn):
    return _op(services.surrender(request.user, payload.account_id, payload.instrument, payload.quantity,
                                  payload.year, key=idempotency_key(request)))  # fmt: skip


@router.post("/cancellations", response=MOVE, openapi_extra=IDEMPOTENT)
def cancel(request: HttpRequest, payload: CancelIn):
    return _op(services.cancel(request.user, payload.account_id, payload.instrument, payload.quantity,
                               payload.beneficiary, payload.purpose, key=idempotency_key(request)))  # fmt: skip


@router.get("/holds", response=list[HoldOut])
def list_holds(request: HttpRequest, status: str = ""):
    return [
        {**{f: getattr(h, f) for f in ("ref", "kind", "original_quantity", "quantity", "enforced_quantity",
                                       "pledgee_id", "references", "status", "placed_at", "closed_at")},
         "account": h.account.number, "owner": h.account.owner.name, "instrument": h.instrument.code}
        for h in queries.holds(request.user, status)[:1000]
    ]  # fmt: skip


@router.post("/holds", response=MOVE, openapi_extra=IDEMPOTENT)
def place_hold(request: HttpRequest, payload: HoldIn):
    return _op(services.place_hold(
        request.user, payload.account_id, payload.instrument, payload.quantity, payload.kind,
        pledgee_id=payload.pledgee_id, references=payload.references, reason=payload.reason,
        legal_basis=payload.legal_basis, key=idempotency_key(request),
    ))  # fmt: skip


@router.post("/holds/{ref}/release", response=MOVE, openapi_extra=IDEMPOTENT)
def release(request: HttpRequest, ref: str, payload: ReleaseIn):
    return _op(services.release_hold(request.user, ref, payload.quantity, payload.reason,
                                     key=idempotency_key(request)))  # fmt: skip


@router.post("/holds/{ref}/enforce", response=MOVE, openapi_extra=IDEMPOTENT)
def enforce(request: HttpRequest, ref: str, payload: EnforceIn):
    return _op(services.enforce_hold(request.user, ref, payload.quantity, payload.beneficiary_account,
                                     payload.reason, payload.legal_basis, key=idempotency_key(request)))  # fmt: skip


@router.post("/transactions/{tx_id}/reverse", response=MOVE, openapi_extra=IDEMPOTENT)
def reverse(request: HttpRequest, tx_id: str, payload: ReverseIn):
    key = idempotency_key(request)
    try:
        return _op(services.reverse(request.user, tx_id, payload.reason, key=key))
    except PermissionDenied as exc:
        # An outsider learns nothing about which transaction ids exist: the same answer as an unknown id.
        raise NotFound(_("Transaction not found.")) from exc


# ---------------------------------------------------------------- compliance


@router.get("/compliance", response=list[PositionOut])
def compliance_board(request: HttpRequest, year: Year | None = None, limit: int = 100, offset: Offset = 0):
    principal = principal_for(request.user)
    if not (principal.is_bureau_staff or principal.org_ids_of_kind("enterprise")):
        raise PermissionDenied(_("Only bureau staff and enterprises see compliance positions."))
    page = queries.board_page(request.user, year or timezone.localdate().year - 1,
                              limit=max(1, min(limit, 500)), offset=max(0, offset))  # fmt: skip
    return [_position_out(p) for p in page.items]


@router.get("/compliance/{enterprise_id}", response=PositionOut)
def compliance_position(request: HttpRequest, enterprise_id: Id, year: Year | None = None):
    org = Organisation.objects.visible_to(request.user).filter(pk=enterprise_id, kind="enterprise").first()
    if org is None:
        raise NotFound(_("Organisation not found."))
    return _position_out(queries.position(org, year or timezone.localdate().year - 1))


@router.put("/obligations", response=ObligationOut)
def set_obligation(request: HttpRequest, payload: ObligationIn):
    row = services.set_obligation(request.user, payload.enterprise_id, payload.year, payload.tonnes,
                                  payload.reason, payload.scheme)  # fmt: skip
    return {"enterprise_id": row.enterprise_id, "year": row.year, "tonnes": row.verified_emissions_t,
            "scheme": row.scheme, "source": row.source, "reason": row.reason}  # fmt: skip


# ---------------------------------------------------------------- reconciliation


@router.get("/reconciliation", response=list[CaseOut])
def list_cases(request: HttpRequest):
    return [{"id": c.pk, "statement_name": c.statement_name, "status": c.status, "opened_at": c.opened_at,
             "discrepancies": c.n} for c in queries.cases(request.user)]  # fmt: skip


@router.post("/reconciliation", response={200: StatementMatchedOut, 201: CaseOut})
def import_statement(request: HttpRequest, file: File[UploadedFile], name: Form[str] = ""):
    principal = principal_for(request.user)
    bureau = own_bureau(request.user)
    if bureau is None or not principal.is_bureau_staff:
        raise PermissionDenied(_("Only bureau staff may reconcile."))
    if file.size > MAX_UPLOAD:
        raise DomainError(_("The file is too large."), code="too_large")
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_("The statement must be a UTF-8 CSV file."), code="invalid_file") from exc
    case = services.import_statement(request.user, bureau.jurisdiction_id, name or file.name or "statement", text)
    if case is None:
        return {"status": "matched"}
    return Status(201, {"id": case.pk, "statement_name": case.statement_name, "status": case.status,
                        "opened_at": case.opened_at, "discrepancies": case.discrepancies.count()})  # fmt: skip


@router.post("/reconciliation/{case_id}/resolve", response=CaseOut)
def resolve(request: HttpRequest, case_id: Id, payload: ResolveIn):
    case = services.resolve_case(request.user, case_id, payload.resolution)
    return {"id": case.pk, "statement_name": case.statement_name, "status": case.status,
            "opened_at": case.opened_at, "discrepancies": case.discrepancies.count()}  # fmt: skip


# ---------------------------------------------------------------- public (no login)


@router.get("/public/certificates/{code}", response=CertificateOut, auth=None)
def check_certificate(request: HttpRequest, code: str):
    cert = queries.certificate(code)
    if cert is None:
        raise NotFound(_("No certificate with this code."))
    return {**{f: getattr(cert, f) for f in ("code", "holder_name", "beneficiary", "purpose", "instrument_code",
                                             "quantity", "issued_at")}, "tx_id": cert.tx.tx_id}  # fmt: skip


@router.get("/public/statistics", response=RegistryStatisticsOut, auth=None)
def statistics(request: HttpRequest):
    return queries.public_stats()


@router.get("/enterprises/{enterprise_id}/pledgeable", response=PledgeableOut)
def pledgeable_now(request: HttpRequest, enterprise_id: Id):
    """How many allowances the enterprise could pledge today (for anyone who may see the enterprise)."""
    org = Organisation.objects.visible_to(request.user).filter(pk=enterprise_id, kind="enterprise").first()
    if org is None:
        raise NotFound(_("Organisation not found."))
    figure = facts.pledgeable_now(org.pk)
    if figure is None:
        raise NotFound(_("Organisation not found."))
    return figure
