"""Schemes: set-up (criteria, rules), steps, versions, results and objections."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from tanxin.support import mapping, queries
from tanxin.support.api.shared import app_out, scheme_for
from tanxin.support.schemas import (
    AnswerIn,
    AnswerOut,
    AutoAssignOut,
    CriterionIn,
    CriterionOut,
    MoveIn,
    ObjectionFiledOut,
    ObjectionIn,
    ObjectionOut,
    ResultOut,
    RuleIn,
    RuleOut,
    SchemeIn,
    SchemeOut,
    SchemePatch,
)
from tanxin.support.services import results, review, schemes
from tanxin.web.api_contract import Id, PageQuery, page_of, paginate

router = Router()


@router.get("/schemes", response=page_of(SchemeOut))
def list_schemes(request: HttpRequest, params: Query[PageQuery]):
    return paginate(queries.schemes(request.user).order_by("-year", "-version", "-pk"), params)


@router.post("/schemes", response={201: SchemeOut})
def create_scheme(request: HttpRequest, payload: SchemeIn):
    return Status(201, schemes.create_scheme(request.user, payload.dict()))


@router.get("/schemes/{scheme_id}", response=SchemeOut)
def get_scheme(request: HttpRequest, scheme_id: Id):
    return scheme_for(request, scheme_id)


@router.patch("/schemes/{scheme_id}", response=SchemeOut)
def patch_scheme(request: HttpRequest, scheme_id: Id, payload: SchemePatch):
    return schemes.update_scheme(request.user, scheme_id, payload.dict(exclude_unset=True))


@router.get("/schemes/{scheme_id}/criteria", response=page_of(CriterionOut))
def list_criteria(request: HttpRequest, scheme_id: Id, params: Query[PageQuery]):
    s = scheme_for(request, scheme_id)
    if s.frozen_criteria:
        return paginate(list(mapping.criteria_tree(s).items), params, mapping.item_to_json)
    rows = s.criteria.order_by("position", "pk")
    return paginate(rows, params, lambda r: {**mapping.item_to_json(mapping.item_from_row(r)), "id": r.pk})


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


@router.get("/schemes/{scheme_id}/rules", response=page_of(RuleOut))
def list_rules(request: HttpRequest, scheme_id: Id, params: Query[PageQuery]):
    return paginate(scheme_for(request, scheme_id).eligibility_rules.order_by("pk"), params)


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
    return scheme_for(request, scheme_id)


@router.post("/schemes/{scheme_id}/versions", response={201: SchemeOut})
def new_version(request: HttpRequest, scheme_id: Id):
    return Status(201, schemes.new_version(request.user, scheme_id))


@router.post("/schemes/{scheme_id}/auto-assign", response=AutoAssignOut)
def auto_assign(request: HttpRequest, scheme_id: Id, per_application: int = Query(3, ge=1, le=20)):
    scheme_for(request, scheme_id, "change")
    return {"applications": review.auto_assign(request.user, scheme_id, per_application)}


@router.get("/schemes/{scheme_id}/results", response=page_of(ResultOut))
def scheme_results(request: HttpRequest, scheme_id: Id, params: Query[PageQuery]):
    """The ranking with draft and final awards (bureau staff; the public list is /public/.../publicity)."""
    s = scheme_for(request, scheme_id, "change")
    return paginate(queries.results(request.user, s), params, lambda a: {
        **app_out(request.user, a),
        "amount_fen": a.award.amount_fen,
        "draft_fen": a.award.draft_fen,
        "cap_fen": a.award.cap_fen,
        "basis": a.award.basis,
        "decided_by": a.rank_decided_by,
    })


@router.get("/schemes/{scheme_id}/objections", response=page_of(ObjectionOut))
def list_objections(request: HttpRequest, scheme_id: Id, params: Query[PageQuery]):
    s = scheme_for(request, scheme_id)
    return paginate(queries.objections(request.user, s).order_by("filed_at", "pk"), params, lambda o: {
        "id": o.pk,
        "application_id": o.application_id,
        "filed_on": o.filed_on,
        "text": o.text,
        "answer": o.answer,
        "answered_at": o.answered_at,
    })


@router.post("/schemes/{scheme_id}/objections", response={201: ObjectionFiledOut})
def file_objection(request: HttpRequest, scheme_id: Id, payload: ObjectionIn):
    row = results.file_objection(request.user, scheme_id, payload.text, payload.application_id)
    return Status(201, {"id": row.pk, "filed_on": row.filed_on})


@router.post("/objections/{objection_id}/answer", response=AnswerOut)
def answer_objection(request: HttpRequest, objection_id: Id, payload: AnswerIn):
    row = results.answer(request.user, objection_id, payload.answer)
    return {"id": row.pk, "answer": row.answer, "answered_at": row.answered_at}
