"""Support-fund API at /api/v1/support/: schemes and criteria, applications, review, results, publicity.

Every read goes through the gate; every write through ``services``. Public endpoints (criteria and the
publicity list of published schemes) need no sign-in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from tanxin.common.errors import NotFound
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.support import mapping, queries
from tanxin.support.gate import RESULT_PUBLIC
from tanxin.support.models import Application, Scheme
from tanxin.support.schemas import (
    AdjustmentOut,
    AdjustScoreIn,
    AnswerIn,
    AnswerOut,
    ApplicationEvidenceOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationPatch,
    AssignIn,
    AssignmentOut,
    AutoAssignOut,
    AwardIn,
    AwardOut,
    CheckIn,
    CoiIn,
    CoiOut,
    CriteriaCategoryOut,
    CriterionIn,
    CriterionOut,
    DeclarationIn,
    DeclarationOut,
    DeclarationSavedOut,
    DisbursementIn,
    DisbursementOut,
    MoveIn,
    ObjectionFiledOut,
    ObjectionIn,
    ObjectionOut,
    PreviewOut,
    PublicityRowOut,
    ResultOut,
    RuleIn,
    RuleOut,
    SchemeIn,
    SchemeOut,
    SchemePatch,
    ScoreLineOut,
    SheetIn,
    SheetOut,
    SheetSavedOut,
    VerifiedPointsOut,
    VerifyIn,
    WithdrawIn,
)
from tanxin.support.services import applications, results, review, schemes
from tanxin.web.api_contract import Id

router = Router(tags=["support fund"])


def _scheme(request: HttpRequest, scheme_id: Id, action: str = "view") -> Scheme:
    s = queries.scheme(request.user, scheme_id, action)
    if s is None:
        raise NotFound(_("Scheme not found."))
    return s


def _app(request: HttpRequest, app_id: Id) -> Application:
    app = queries.application(request.user, app_id)
    if app is None:
        raise NotFound(_("Application not found."))
    return app


def _sees_scores(user: Any, app: Application) -> bool:
    principal = principal_for(user)
    staff = access.is_staff_for(principal, app.scheme.jurisdiction_id)
    return staff or (app.enterprise_id in principal.org_ids and app.scheme.status in RESULT_PUBLIC)


def app_out(user: Any, app: Application) -> dict[str, Any]:
    out = {
        "id": app.pk,
        "reference": app.reference,
        "scheme_id": app.scheme_id,
        "enterprise_id": app.enterprise_id,
        "enterprise": app.enterprise.name,
        "status": app.status,
        "enterprise_type": app.enterprise_type,
        "industry_code": app.industry_code,
        "requested_fen": app.requested_fen,
        "project_summary": app.project_summary,
        "submitted_at": app.submitted_at,
        "check_reason": app.check_reason,
    }
    if _sees_scores(user, app):
        out.update(
            {
                "automatic": str(app.automatic),
                "self_declared": str(app.self_declared),
                "expert": None if app.expert is None else str(app.expert),
                "expert_method": app.expert_method,
                "spread_flagged": app.spread_flagged,
                "total": str(app.total),
                "rank": app.rank,
            }
        )
    return out


def tree_out(s: Scheme, enterprise_type: str | None = None, industry: str | None = None) -> list[dict[str, Any]]:
    return [
        {"category": cat, "label": str(label), "items": [mapping.item_to_json(i) for i in items]}
        for cat, label, items in queries.criteria_by_category(s, enterprise_type, industry)
    ]


# --- public -----------------------------------------------------------------------------------------------


@router.get("/public/schemes", response=list[SchemeOut], auth=None)
def public_schemes(request: HttpRequest):
    return list(queries.public_schemes())


@router.get("/public/schemes/{scheme_id}/criteria", response=list[CriteriaCategoryOut], auth=None)
def public_criteria(request: HttpRequest, scheme_id: Id, enterprise_type: str = ""):
    s = queries.public_scheme(scheme_id)
    if s is None:
        raise NotFound(_("Scheme not found."))
    return tree_out(s, enterprise_type or None)


@router.get("/public/schemes/{scheme_id}/publicity", response=list[PublicityRowOut], auth=None)
def public_publicity(request: HttpRequest, scheme_id: Id):
    s = queries.public_scheme(scheme_id)
    if s is None:
        raise NotFound(_("Scheme not found."))
    lang = get_language() or settings.LANGUAGE_CODE
    return [
        {
            "rank": r["rank"],
            "enterprise": r["enterprise"].name_en
            if lang.startswith("en") and r["enterprise"].name_en
            else r["enterprise"].name_zh,
            "uscc": r["uscc"],
            "total": str(r["total"]),
            "amount_fen": r["amount_fen"],
            "application_id": r["application_id"],
        }
        for r in queries.public_publicity(s)
    ]


# --- schemes --------------------------------------------------------------------------------------------


@router.get("/schemes", response=list[SchemeOut])
def list_schemes(request: HttpRequest):
    return list(queries.schemes(request.user))


@router.post("/schemes", response={201: SchemeOut})
def create_scheme(request: HttpRequest, payload: SchemeIn):
    return Status(201, schemes.create_scheme(request.user, payload.dict()))


@router.get("/schemes/{scheme_id}", response=SchemeOut)
def get_scheme(request: HttpRequest, scheme_id: Id):
    return _scheme(request, scheme_id)


@router.patch("/schemes/{scheme_id}", response=SchemeOut)
def patch_scheme(request: HttpRequest, scheme_id: Id, payload: SchemePatch):
    return schemes.update_scheme(request.user, scheme_id, payload.dict(exclude_unset=True))


@router.get("/schemes/{scheme_id}/criteria", response=list[CriterionOut])
def list_criteria(request: HttpRequest, scheme_id: Id):
    s = _scheme(request, scheme_id)
    if s.frozen_criteria:
        return [mapping.item_to_json(i) for i in mapping.criteria_tree(s).items]
    return [{**mapping.item_to_json(mapping.item_from_row(r)), "id": r.pk} for r in s.criteria.all()]


@router.post("/schemes/{scheme_id}/criteria", response={201: CriterionOut})
def add_criterion(request: HttpRequest, scheme_id: Id, payload: CriterionIn):
    row = schemes.save_criterion(request.user, scheme_id, payload.dict())
    return Status(201, {**mapping.item_to_json(mapping.item_from_row(row)), "id": row.pk})


@router.put("/schemes/{scheme_id}/criteria/{criterion_id}", response=CriterionOut)
def put_criterion(request: HttpRequest, scheme_id: Id, criterion_id: Id, payload: CriterionIn):
    row = schemes.save_criterion(request.user, scheme_id, payload.dict(), criterion_id)
    return {**mapping.item_to_json(mapping.item_from_row(row)), "id": row.pk}


@router.delete("/schemes/{scheme_id}/criteria/{criterion_id}", response={204: None})
def delete_criterion(request: HttpRequest, scheme_id: Id, criterion_id: Id):
    schemes.delete_criterion(request.user, scheme_id, criterion_id)
    return Status(204, None)


@router.get("/schemes/{scheme_id}/rules", response=list[RuleOut])
def list_rules(request: HttpRequest, scheme_id: Id):
    return list(_scheme(request, scheme_id).eligibility_rules.all())


@router.post("/schemes/{scheme_id}/rules", response={201: RuleOut})
def add_rule(request: HttpRequest, scheme_id: Id, payload: RuleIn):
    return Status(201, schemes.save_rule(request.user, scheme_id, payload.dict()))


@router.delete("/schemes/{scheme_id}/rules/{rule_id}", response={204: None})
def delete_rule(request: HttpRequest, scheme_id: Id, rule_id: Id):
    schemes.delete_rule(request.user, scheme_id, rule_id)
    return Status(204, None)


@router.post("/schemes/{scheme_id}/transitions", response=SchemeOut)
def move_scheme(request: HttpRequest, scheme_id: Id, payload: MoveIn):
    """One endpoint for every scheme step: open (freezes criteria), closed, reviewing, result_draft (ranks and
    drafts awards), approved, publicity, final, back (send back with a reason)."""
    user, target = request.user, payload.target
    if target == "open":
        schemes.open_scheme(user, scheme_id)
    elif target in ("closed", "reviewing"):
        schemes.move(user, scheme_id, target, payload.reason)
    elif target == "result_draft":
        results.build_result(user, scheme_id)
    elif target == "approved":
        results.approve(user, scheme_id)
    elif target == "publicity":
        results.start_publicity(user, scheme_id, payload.start)
    elif target == "final":
        results.finalise(user, scheme_id)
    else:
        results.send_back(user, scheme_id, payload.reason)
    return _scheme(request, scheme_id)


@router.post("/schemes/{scheme_id}/versions", response={201: SchemeOut})
def new_version(request: HttpRequest, scheme_id: Id):
    return Status(201, schemes.new_version(request.user, scheme_id))


@router.post("/schemes/{scheme_id}/auto-assign", response=AutoAssignOut)
def auto_assign(request: HttpRequest, scheme_id: Id, per_application: int = Query(3, ge=1, le=20)):
    _scheme(request, scheme_id, "change")
    return {"applications": review.auto_assign(request.user, scheme_id, per_application)}


@router.get("/schemes/{scheme_id}/results", response=list[ResultOut])
def scheme_results(request: HttpRequest, scheme_id: Id):
    """The ranking with draft and final awards (bureau staff; the public list is /public/.../publicity)."""
    s = _scheme(request, scheme_id, "change")
    return [
        {
            **app_out(request.user, a),
            "amount_fen": a.award.amount_fen,
            "draft_fen": a.award.draft_fen,
            "cap_fen": a.award.cap_fen,
            "basis": a.award.basis,
            "decided_by": a.rank_decided_by,
        }
        for a in queries.results(request.user, s)
    ]


@router.get("/schemes/{scheme_id}/objections", response=list[ObjectionOut])
def list_objections(request: HttpRequest, scheme_id: Id):
    s = _scheme(request, scheme_id)
    return [
        {
            "id": o.pk,
            "application_id": o.application_id,
            "filed_on": o.filed_on,
            "text": o.text,
            "answer": o.answer,
            "answered_at": o.answered_at,
        }
        for o in queries.objections(request.user, s)
    ]


@router.post("/schemes/{scheme_id}/objections", response={201: ObjectionFiledOut})
def file_objection(request: HttpRequest, scheme_id: Id, payload: ObjectionIn):
    row = results.file_objection(request.user, scheme_id, payload.text, payload.application_id)
    return Status(201, {"id": row.pk, "filed_on": row.filed_on})


@router.post("/objections/{objection_id}/answer", response=AnswerOut)
def answer_objection(request: HttpRequest, objection_id: Id, payload: AnswerIn):
    row = results.answer(request.user, objection_id, payload.answer)
    return {"id": row.pk, "answer": row.answer, "answered_at": row.answered_at}


# --- applications ---------------------------------------------------------------------------------------


@router.get("/applications", response=list[ApplicationOut], exclude_unset=True)
def list_applications(request: HttpRequest, scheme_id: Id | None = None, status: str = ""):
    return [app_out(request.user, a) for a in queries.applications(request.user, scheme_id, status)[:500]]


@router.post("/applications", response={201: ApplicationOut}, exclude_unset=True)
def create_application(request: HttpRequest, payload: ApplicationIn):
    app = applications.start_application(
        request.user,
        payload.scheme_id,
        payload.enterprise_id,
        requested_fen=payload.requested_fen,
        project_summary=payload.project_summary,
    )
    return Status(201, app_out(request.user, _app(request, app.pk)))


@router.get("/applications/{app_id}", response=ApplicationOut, exclude_unset=True)
def get_application(request: HttpRequest, app_id: Id):
    return app_out(request.user, _app(request, app_id))


@router.patch("/applications/{app_id}", response=ApplicationOut, exclude_unset=True)
def patch_application(request: HttpRequest, app_id: Id, payload: ApplicationPatch):
    applications.update_application(request.user, app_id, payload.dict(exclude_unset=True))
    return app_out(request.user, _app(request, app_id))


@router.put("/applications/{app_id}/declarations/{item_code}", response=DeclarationSavedOut)
def declare(request: HttpRequest, app_id: Id, item_code: str, payload: DeclarationIn):
    row = applications.save_declaration(request.user, app_id, item_code, payload.declared_points, payload.statement)
    return {"id": row.pk, "item_code": row.item_code, "declared_points": str(row.declared_points)}


@router.get("/applications/{app_id}/declarations", response=list[DeclarationOut])
def list_declarations(request: HttpRequest, app_id: Id):
    app = _app(request, app_id)
    return [
        {
            "id": d.pk,
            "item_code": d.item_code,
            "declared_points": str(d.declared_points),
            "statement": d.statement,
            "verified_points": None if d.verified_points is None else str(d.verified_points),
            "note": d.note,
        }
        for d in queries.declarations(request.user, app)
    ]


@router.post("/applications/{app_id}/evidence", response={201: ApplicationEvidenceOut})
def upload_evidence(request: HttpRequest, app_id: Id, item_code: Form[str], file: File[UploadedFile]):
    row = applications.add_evidence(request.user, app_id, item_code, file.name or "evidence", file.read())
    return Status(201, {"id": row.pk, "sha256": row.sha256, "content_type": row.content_type, "size": row.size})


@router.get("/applications/{app_id}/preview", response=PreviewOut)
def preview(request: HttpRequest, app_id: Id):
    """Automatic scores from platform facts (and declared points as if verified), with the facts behind them."""
    app = _app(request, app_id)
    if app.enterprise_id not in principal_for(request.user).org_ids and not _sees_scores(request.user, app):
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
    return app_out(request.user, _app(request, app_id))


@router.post("/applications/{app_id}/submit", response=ApplicationOut, exclude_unset=True)
def submit(request: HttpRequest, app_id: Id):
    return _transition(request, app_id, applications.submit)


@router.post("/applications/{app_id}/withdraw", response=ApplicationOut, exclude_unset=True)
def withdraw(request: HttpRequest, app_id: Id, payload: WithdrawIn):
    return _transition(request, app_id, applications.withdraw, payload.reason)


@router.post("/applications/{app_id}/check", response=ApplicationOut, exclude_unset=True)
def formal_check(request: HttpRequest, app_id: Id, payload: CheckIn):
    return _transition(request, app_id, applications.formal_check, payload.outcome, payload.reason)


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


@router.get("/applications/{app_id}/sheets", response=list[SheetOut])
def list_sheets(request: HttpRequest, app_id: Id):
    app = _app(request, app_id)
    return [
        {
            "id": s.pk,
            "expert_id": s.expert_id,
            "submitted_at": s.submitted_at,
            "total": str(s.total),
            "comment": s.comment,
            "scores": {x.item_code: str(x.points) for x in s.scores.all()},
        }
        for s in queries.sheets(request.user, app)
    ]


@router.get("/applications/{app_id}/scores", response=list[ScoreLineOut])
def list_scores(request: HttpRequest, app_id: Id):
    """The score breakdown with provenance (the enterprise sees its own once the result is public)."""
    app = _app(request, app_id)
    return [
        {"item_code": ln.item_code, "kind": ln.kind, "points": str(ln.points), "provenance": ln.provenance}
        for ln in queries.score_lines(request.user, app)
    ]


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
