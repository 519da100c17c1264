"""Reconciliation of the registry against an exchange statement: cases, import, resolution."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from tanxin.common.errors import DomainError, PermissionDenied
from tanxin.orgs.gate import principal_for
from tanxin.orgs.queries import own_bureau
from tanxin.registry import queries, services
from tanxin.registry.api.schemas import (
    CaseOut,
    ResolveIn,
    StatementMatchedOut,
)
from tanxin.registry.api.shared import (
    MAX_UPLOAD,
)
from tanxin.web.api_contract import Id, PageQuery, page_of, paginate

router = Router()


@router.get("/reconciliation", response=page_of(CaseOut))
def list_cases(request: HttpRequest, params: Query[PageQuery]):
    return paginate(queries.cases(request.user).order_by("-opened_at", "-pk"), params, lambda c: {
        "id": c.pk, "statement_name": c.statement_name, "status": c.status, "opened_at": c.opened_at,
        "discrepancies": c.n})  # fmt: skip


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
