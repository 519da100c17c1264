"""Review: expert assignment and sheets, scores, verification, adjustments, awards and payments."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from tanxin.support import queries
from tanxin.support.api.shared import application_for
from tanxin.support.schemas import (
    AdjustmentOut,
    AdjustScoreIn,
    AssignIn,
    AssignmentOut,
    AwardIn,
    AwardOut,
    CoiIn,
    CoiOut,
    DisbursementIn,
    DisbursementOut,
    ScoreLineOut,
    SheetIn,
    SheetOut,
    SheetSavedOut,
    VerifiedPointsOut,
    VerifyIn,
)
from tanxin.support.services import applications, results, review
from tanxin.web.api_contract import Id, PageQuery, page_of, paginate

router = Router()


@router.post("/applications/{app_id}/assignments", response={201: list[AssignmentOut]})
def assign(request: HttpRequest, app_id: Id, payload: AssignIn):
    rows = review.assign(request.user, app_id, payload.expert_ids)
    return Status(201, [{"id": r.pk, "expert_id": r.expert_id} for r in rows])


@router.post("/applications/{app_id}/coi", response=CoiOut)
def declare_coi(request: HttpRequest, app_id: Id, payload: CoiIn):
    row = review.declare_coi(request.user, app_id, payload.conflicted, payload.note)
    return {"id": row.pk, "conflicted": row.conflicted, "coi_declared_at": row.coi_declared_at}


@router.post("/applications/{app_id}/sheet", response={201: SheetSavedOut})
def submit_sheet(request: HttpRequest, app_id: Id, payload: SheetIn):
    sheet = review.submit_sheet(request.user, app_id, payload.scores, payload.comments, payload.comment)
    return Status(201, {"id": sheet.pk, "total": str(sheet.total), "submitted_at": sheet.submitted_at})


@router.get("/applications/{app_id}/sheets", response=page_of(SheetOut))
def list_sheets(request: HttpRequest, app_id: Id, params: Query[PageQuery]):
    app = application_for(request, app_id)
    rows = queries.sheets(request.user, app).order_by("submitted_at", "pk")
    return paginate(rows, params, lambda s: {
        "id": s.pk,
        "expert_id": s.expert_id,
        "submitted_at": s.submitted_at,
        "total": str(s.total),
        "comment": s.comment,
        "scores": {x.item_code: str(x.points) for x in s.scores.all()},
    })


@router.get("/applications/{app_id}/scores", response=page_of(ScoreLineOut))
def list_scores(request: HttpRequest, app_id: Id, params: Query[PageQuery]):
    """The score breakdown with provenance (the enterprise sees its own once the result is public)."""
    app = application_for(request, app_id)
    rows = queries.score_lines(request.user, app).order_by("item_code", "pk")
    return paginate(rows, params, lambda ln: {
        "item_code": ln.item_code, "kind": ln.kind, "points": str(ln.points), "provenance": ln.provenance})


@router.post("/declarations/{declaration_id}/verify", response=VerifiedPointsOut)
def verify(request: HttpRequest, declaration_id: Id, payload: VerifyIn):
    row = applications.verify(request.user, declaration_id, payload.verified_points, payload.note)
    return {"id": row.pk, "verified_points": str(row.verified_points)}


@router.post("/applications/{app_id}/adjustments", response={201: AdjustmentOut})
def adjust_score(request: HttpRequest, app_id: Id, payload: AdjustScoreIn):
    row = results.adjust_score(request.user, app_id, payload.item_code, payload.new_points, payload.reason)
    return Status(201, {"id": row.pk, "item_code": row.item_code, "new_points": str(row.new_points)})


@router.post("/applications/{app_id}/award", response=AwardOut)
def adjust_award(request: HttpRequest, app_id: Id, payload: AwardIn):
    award = results.change_award(request.user, app_id, payload.amount_fen, payload.reason)
    return {"application_id": app_id, "amount_fen": award.amount_fen, "draft_fen": award.draft_fen}


@router.post("/applications/{app_id}/disbursements", response={201: DisbursementOut})
def disburse(request: HttpRequest, app_id: Id, payload: DisbursementIn):
    row = results.disburse(request.user, app_id, payload.amount_fen, payload.paid_on, payload.reference)
    return Status(201, {"id": row.pk, "amount_fen": row.amount_fen, "paid_on": row.paid_on})
