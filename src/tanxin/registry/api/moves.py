"""Moves of tonnes: issuance, allocation (one or bulk), transfer and its approval, surrender, cancellation, reversal."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.orgs.gate import principal_for
from tanxin.orgs.queries import own_bureau
from tanxin.registry import queries, services
from tanxin.registry.api.schemas import (
    MOVE,
    AllocationIn,
    CancelIn,
    IssueIn,
    PendingOut,
    RegistryOperationOut,
    ReverseIn,
    SurrenderIn,
    TransferApproveIn,
    TransferIn,
)
from tanxin.registry.api.shared import (
    MAX_UPLOAD,
    idempotency_key,
    moved,
)
from tanxin.registry.bulk import read_table
from tanxin.web.api_contract import IDEMPOTENT, Id, PageQuery, page_of, paginate

router = Router()


@router.post("/issuances", response=MOVE, openapi_extra=IDEMPOTENT)
def issue(request: HttpRequest, payload: IssueIn):
    principal = principal_for(request.user)
    jurisdictions = sorted(principal.staff_jurisdictions)
    if not jurisdictions:
        raise PermissionDenied(_("Only bureau staff may issue allowances."))
    bureau = own_bureau(request.user)
    jurisdiction_id = bureau.jurisdiction_id if bureau else jurisdictions[0]
    return moved(services.issue(request.user, jurisdiction_id, payload.instrument, payload.quantity, payload.reason,
                              payload.legal_basis, key=idempotency_key(request)))  # fmt: skip


@router.post("/allocations", response=MOVE, openapi_extra=IDEMPOTENT)
def allocate(request: HttpRequest, payload: AllocationIn):
    return moved(services.allocate(request.user, payload.account_id, payload.instrument, payload.quantity,
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
    return moved(services.bulk_allocate(request.user, bureau.jurisdiction_id, rows, subtype, reason, legal_basis,
                                      key=key))  # fmt: skip


@router.post("/transfers", response={**MOVE, 202: RegistryOperationOut}, openapi_extra=IDEMPOTENT)
def transfer(request: HttpRequest, payload: TransferIn):
    result = services.transfer(request.user, payload.from_account_id, payload.to_account, payload.instrument,
                               payload.quantity, payload.reason, key=idempotency_key(request))  # fmt: skip
    if result.get("status") == "pending" and not result.get("replayed"):
        return Status(202, result)
    return moved(result)


@router.get("/transfers/pending", response=page_of(PendingOut))
def pending_transfers(request: HttpRequest, params: Query[PageQuery]):
    rows = queries.pending_transfers(request.user).order_by("created_at", "pk")
    return paginate(rows, params, lambda p: {
        "id": p.pk, "from_account": p.from_account.number, "to_account": p.to_account.number,
        "instrument": p.instrument.code, "quantity": p.quantity, "reason": p.reason,
        "initiated_by": str(p.initiated_by), "created_at": p.created_at})  # fmt: skip


@router.post("/transfers/{request_id}/approve", response=MOVE, openapi_extra=IDEMPOTENT)
def approve(request: HttpRequest, request_id: Id, payload: TransferApproveIn):
    return moved(services.approve_transfer(request.user, request_id, payload.approve, key=idempotency_key(request)))


@router.post("/surrenders", response=MOVE, openapi_extra=IDEMPOTENT)
def surrender(request: HttpRequest, payload: SurrenderIn):
    return moved(services.surrender(request.user, payload.account_id, payload.instrument, payload.quantity,
                                  payload.year, key=idempotency_key(request)))  # fmt: skip


@router.post("/cancellations", response=MOVE, openapi_extra=IDEMPOTENT)
def cancel(request: HttpRequest, payload: CancelIn):
    return moved(services.cancel(request.user, payload.account_id, payload.instrument, payload.quantity,
                               payload.beneficiary, payload.purpose, key=idempotency_key(request)))  # fmt: skip


@router.post("/transactions/{tx_id}/reverse", response=MOVE, openapi_extra=IDEMPOTENT)
def reverse(request: HttpRequest, tx_id: str, payload: ReverseIn):
    key = idempotency_key(request)
    try:
        return moved(services.reverse(request.user, tx_id, payload.reason, key=key))
    except PermissionDenied as exc:
        # An outsider learns nothing about which transaction ids exist: the same answer as an unknown id.
        raise NotFound(_("Transaction not found.")) from exc
