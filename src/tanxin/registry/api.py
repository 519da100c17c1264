"""Registry API at /api/v1/registry/. Every write that moves or encumbers tonnes needs ``Idempotency-Key``."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.orgs.queries import own_bureau
from tanxin.registry import queries, services
from tanxin.registry.bulk import read_table
from tanxin.registry.models import Account

router = Router(tags=["registry"])
MAX_UPLOAD = 5 * 1024 * 1024


def idempotency_key(request: HttpRequest) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        raise DomainError(_("The Idempotency-Key header is missing or longer than 200 characters."),
                          code="idempotency_key_required")  # fmt: skip
    return key


class OperationOut(Schema):
    status: str = "executed"
    tx_id: str | None = None
    kind: str | None = None
    replayed: bool = False
    hold_ref: str | None = None
    certificate_code: str | None = None
    transfer_request_id: int | None = None
    rows: int | None = None
    total: int | None = None


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
    organisation_id: int
    external_number: str = Field("", max_length=60)


class IssueIn(Schema):
    instrument: str = Field(..., max_length=80)
    quantity: int
    reason: str = Field(..., max_length=500)
    legal_basis: str = Field("", max_length=300)


class AllocationIn(IssueIn):
    account_id: int
    subtype: str = Field("pre_allocation", description="pre_allocation | true_up | clawback")


class TransferIn(Schema):
    from_account_id: int
    to_account: str = Field(..., description="destination account number", max_length=40)
    instrument: str = Field(..., max_length=80)
    quantity: int
    reason: str = Field("", max_length=500)


class ApproveIn(Schema):
    approve: bool = True


class TrustedIn(Schema):
    counterparty: str = Field(..., max_length=40)


class SurrenderIn(Schema):
    account_id: int
    instrument: str = Field(..., max_length=80)
    quantity: int
    year: int = Field(..., ge=2000, le=2100)


class CancelIn(Schema):
    account_id: int
    instrument: str = Field(..., max_length=80)
    quantity: int
    beneficiary: str = Field("", max_length=200)
    purpose: str = Field("", max_length=300)


class HoldIn(Schema):
    account_id: int
    instrument: str = Field(..., max_length=80)
    quantity: int
    kind: str = Field(..., description="pledge | judicial_freeze | admin_hold")
    pledgee_id: int | None = None
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
    quantity: int | None = None
    reason: str = Field("", max_length=500)


class EnforceIn(Schema):
    quantity: int
    beneficiary_account: str | None = Field(None, max_length=40)
    reason: str = Field("", max_length=500)
    legal_basis: str = Field("", max_length=300)


class ReverseIn(Schema):
    reason: str = Field(..., max_length=500)


class ObligationIn(Schema):
    enterprise_id: int
    year: int = Field(..., ge=2000, le=2100)
    tonnes: int = Field(..., ge=0)
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
        "pledgeable_t": r.pledgeable_t if r else None, "to_be_confirmed": list(pos.unconfirmed),
    }  # fmt: skip


def _account(request: HttpRequest, account_id: int) -> Account:
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
def get_account(request: HttpRequest, account_id: int):
    account = _account(request, account_id)
    account.holdings = [{"instrument": h.instrument, "quantity": h.quantity, "held": h.held,
                         "available": h.available} for h in queries.holdings(account)]  # fmt: skip
    return account


@router.get("/accounts/{account_id}/transactions", response=list[AccountTransactionOut])
def account_history(request: HttpRequest, account_id: int, limit: int = 200):
    return queries.history(_account(request, account_id), limit=max(1, min(limit, 1000)))


@router.post("/accounts/{account_id}/trusted", response={201: dict})
def add_trusted(request: HttpRequest, account_id: int, payload: TrustedIn):
    row = services.add_trusted_counterparty(request.user, account_id, payload.counterparty)
    return Status(201, {"account_id": row.account_id, "counterparty_id": row.counterparty_id,
                        "added_on": row.added_on.isoformat()})  # fmt: skip


# ---------------------------------------------------------------- operations


@router.post("/issuances", response={200: OperationOut, 201: OperationOut})
def issue(request: HttpRequest, payload: IssueIn):
    principal = principal_for(request.user)
    jurisdictions = sorted(principal.staff_jurisdictions)
    if not jurisdictions:
        raise PermissionDenied(_("Only bureau staff may issue allowances."))
    bureau = own_bureau(request.user)
    jurisdiction_id = bureau.jurisdiction_id if bureau else jurisdictions[0]
    return _op(services.issue(request.user, jurisdiction_id, payload.instrument, payload.quantity, payload.reason,
                              payload.legal_basis, key=idempotency_key(request)))  # fmt: skip


@router.post("/allocations", response={200: OperationOut, 201: OperationOut})
def allocate(request: HttpRequest, payload: AllocationIn):
    return _op(services.allocate(request.user, payload.account_id, payload.instrument, payload.quantity,
                                 payload.subtype, payload.reason, payload.legal_basis,
                                 key=idempotency_key(request)))  # fmt: skip


@router.post("/allocations/bulk", response={200: OperationOut, 201: OperationOut})
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


@router.post("/transfers", response={200: OperationOut, 201: OperationOut, 202: OperationOut})
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


@router.post("/transfers/{request_id}/approve", response={200: OperationOut, 201: OperationOut})
def approve(request: HttpRequest, request_id: int, payload: ApproveIn):
    return _op(services.approve_transfer(request.user, request_id, payload.approve, key=idempotency_key(request)))


@router.post("/surrenders", response={200: OperationOut, 201: OperationOut})
def surrender(request: HttpRequest, payload: SurrenderIn):
    return _op(services.surrender(request.user, payload.account_id, payload.instrument, payload.quantity,
                                  payload.year, key=idempotency_key(request)))  # fmt: skip


@router.post("/cancellations", response={200: OperationOut, 201: OperationOut})
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


@router.post("/holds", response={200: OperationOut, 201: OperationOut})
def place_hold(request: HttpRequest, payload: HoldIn):
    return _op(services.place_hold(
        request.user, payload.account_id, payload.instrument, payload.quantity, payload.kind,
        pledgee_id=payload.pledgee_id, references=payload.references, reason=payload.reason,
        legal_basis=payload.legal_basis, key=idempotency_key(request),
    ))  # fmt: skip


@router.post("/holds/{ref}/release", response={200: OperationOut, 201: OperationOut})
def release(request: HttpRequest, ref: str, payload: ReleaseIn):
    return _op(services.release_hold(request.user, ref, payload.quantity, payload.reason,
                                     key=idempotency_key(request)))  # fmt: skip


@router.post("/holds/{ref}/enforce", response={200: OperationOut, 201: OperationOut})
def enforce(request: HttpRequest, ref: str, payload: EnforceIn):
    return _op(services.enforce_hold(request.user, ref, payload.quantity, payload.beneficiary_account,
                                     payload.reason, payload.legal_basis, key=idempotency_key(request)))  # fmt: skip


@router.post("/transactions/{tx_id}/reverse", response={200: OperationOut, 201: OperationOut})
def reverse(request: HttpRequest, tx_id: str, payload: ReverseIn):
    return _op(services.reverse(request.user, tx_id, payload.reason, key=idempotency_key(request)))


# ---------------------------------------------------------------- compliance


@router.get("/compliance", response=list[PositionOut])
def compliance_board(request: HttpRequest, year: int | None = None, limit: int = 100, offset: int = 0):
    principal = principal_for(request.user)
    if not (principal.is_bureau_staff or principal.org_ids_of_kind("enterprise")):
        raise PermissionDenied(_("Only bureau staff and enterprises see compliance positions."))
    page = queries.board_page(request.user, year or timezone.localdate().year - 1,
                              limit=max(1, min(limit, 500)), offset=max(0, offset))  # fmt: skip
    return [_position_out(p) for p in page.items]


@router.get("/compliance/{enterprise_id}", response=PositionOut)
def compliance_position(request: HttpRequest, enterprise_id: int, year: int | None = None):
    org = Organisation.objects.visible_to(request.user).filter(pk=enterprise_id, kind="enterprise").first()
    if org is None:
        raise NotFound(_("Organisation not found."))
    return _position_out(queries.position(org, year or timezone.localdate().year - 1))


@router.put("/obligations", response=dict)
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


@router.post("/reconciliation", response={200: dict, 201: CaseOut})
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
def resolve(request: HttpRequest, case_id: int, payload: ResolveIn):
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


@router.get("/public/statistics", response=dict, auth=None)
def statistics(request: HttpRequest):
    return queries.public_stats()
