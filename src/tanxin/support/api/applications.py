"""Applications: filing, declarations, evidence, preview and the enterprise's and checker's steps."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from tanxin.common.errors import NotFound
from tanxin.orgs.gate import principal_for
from tanxin.support import queries
from tanxin.support.api.shared import app_out, application_for, sees_scores
from tanxin.support.models import Application
from tanxin.support.schemas import (
    ApplicationEvidenceOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationPatch,
    CheckIn,
    DeclarationIn,
    DeclarationOut,
    DeclarationSavedOut,
    PreviewOut,
    WithdrawIn,
)
from tanxin.support.services import applications
from tanxin.web.api_contract import Id, PageQuery, SyncQuery, changed_since, edited_since, page_of, paginate

router = Router()


@router.get("/applications", response=page_of(ApplicationOut), exclude_unset=True)
def list_applications(request: HttpRequest, params: Query[SyncQuery], scheme_id: Id | None = None, status: str = ""):
    rows = queries.applications(request.user, scheme_id, status)
    # Every save of an application writes its history (status, scores and rank live on it).
    rows = changed_since(rows, params, *edited_since(Application, params))
    return paginate(rows, params, lambda a: app_out(request.user, a))


@router.post("/applications", response={201: ApplicationOut}, exclude_unset=True)
def create_application(request: HttpRequest, payload: ApplicationIn):
    app = applications.start_application(
        request.user,
        payload.scheme_id,
        payload.enterprise_id,
        requested_fen=payload.requested_fen,
        project_summary=payload.project_summary,
    )
    return Status(201, app_out(request.user, application_for(request, app.pk)))


@router.get("/applications/{app_id}", response=ApplicationOut, exclude_unset=True)
def get_application(request: HttpRequest, app_id: Id):
    return app_out(request.user, application_for(request, app_id))


@router.patch("/applications/{app_id}", response=ApplicationOut, exclude_unset=True)
def patch_application(request: HttpRequest, app_id: Id, payload: ApplicationPatch):
    applications.update_application(request.user, app_id, payload.dict(exclude_unset=True))
    return app_out(request.user, application_for(request, app_id))


@router.put("/applications/{app_id}/declarations/{item_code}", response=DeclarationSavedOut)
def declare(request: HttpRequest, app_id: Id, item_code: str, payload: DeclarationIn):
    row = applications.save_declaration(request.user, app_id, item_code, payload.declared_points, payload.statement)
    return {"id": row.pk, "item_code": row.item_code, "declared_points": str(row.declared_points)}


@router.get("/applications/{app_id}/declarations", response=page_of(DeclarationOut))
def list_declarations(request: HttpRequest, app_id: Id, params: Query[PageQuery]):
    app = application_for(request, app_id)
    return paginate(queries.declarations(request.user, app).order_by("item_code", "pk"), params, lambda d: {
        "id": d.pk,
        "item_code": d.item_code,
        "declared_points": str(d.declared_points),
        "statement": d.statement,
        "verified_points": None if d.verified_points is None else str(d.verified_points),
        "note": d.note,
    })


@router.post("/applications/{app_id}/evidence", response={201: ApplicationEvidenceOut})
def upload_evidence(request: HttpRequest, app_id: Id, item_code: Form[str], file: File[UploadedFile]):
    row = applications.add_evidence(request.user, app_id, item_code, file.name or "evidence", file.read())
    return Status(201, {"id": row.pk, "sha256": row.sha256, "content_type": row.content_type, "size": row.size})


@router.get("/applications/{app_id}/preview", response=PreviewOut)
def preview(request: HttpRequest, app_id: Id):
    """Automatic scores from platform facts (and declared points as if verified), with the facts behind them."""
    app = application_for(request, app_id)
    if app.enterprise_id not in principal_for(request.user).org_ids and not sees_scores(request.user, app):
        raise NotFound(_("Application not found."))
    breakdown, snapshot = applications.preview(app)
    return {
        "automatic": str(breakdown.automatic),
        "self_declared": str(breakdown.self_declared),
        "facts": snapshot,
        "lines": [
            {
                "item_code": ln.item_code,
                "points": str(ln.points),
                "rule": ln.provenance.rule,
                "facts": dict(ln.provenance.facts),
                "sources": list(ln.provenance.sources),
            }
            for ln in breakdown.lines
        ],
    }


def _transition(request: HttpRequest, app_id: Id, action, *args) -> dict[str, Any]:
    action(request.user, app_id, *args)
    return app_out(request.user, application_for(request, app_id))


@router.post("/applications/{app_id}/submit", response=ApplicationOut, exclude_unset=True)
def submit(request: HttpRequest, app_id: Id):
    return _transition(request, app_id, applications.submit)


@router.post("/applications/{app_id}/withdraw", response=ApplicationOut, exclude_unset=True)
def withdraw(request: HttpRequest, app_id: Id, payload: WithdrawIn):
    return _transition(request, app_id, applications.withdraw, payload.reason)


@router.post("/applications/{app_id}/check", response=ApplicationOut, exclude_unset=True)
def formal_check(request: HttpRequest, app_id: Id, payload: CheckIn):
    return _transition(request, app_id, applications.formal_check, payload.outcome, payload.reason)
