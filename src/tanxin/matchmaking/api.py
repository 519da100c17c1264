"""Matchmaking API at /api/v1/matchmaking/: the catalogue, financing requests, matches, the banks' feedback and
the station's statistics. Every body is a typed schema; refusals answer ``{code, message, details}``."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from tanxin.common.errors import NotFound, PermissionDenied
from tanxin.matchmaking import queries
from tanxin.matchmaking.models import Disbursement, FinancingRequest, Match, Meeting, Product
from tanxin.matchmaking.presentation import reason_texts, step_label
from tanxin.matchmaking.schemas import (
    BankAnswerIn,
    FinanceProductCheckIn,
    FinanceProductIn,
    FinanceProductOut,
    FinancingRequestDetailOut,  # fmt: skip
    FinancingRequestIn,
    FinancingRequestOut,
    MatchmakingMeetingOut,
    RequestBankOut,
    RequestMatchOut,
    StationDisbursementIn,
    StationDisbursementOut,
    StationGroupOut,
    StationOut,
    StationSummaryOut,
    SubsidyLoanOut,
)
from tanxin.matchmaking.services import catalogue, grab, outcomes, requests, subsidy
from tanxin.matchmaking.station import Station, station
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.web.api_contract import Id, PageQuery, SyncQuery, changed_since, edited_since, page_of, paginate

router = Router(tags=["matchmaking"])


def product_out(p: Product) -> dict:
    return {"id": p.pk, "code": p.code, "provider_id": p.provider_id, "provider": p.provider.name, "name": p.name,
            "kind": p.kind, "kind_label": p.kind_label, "status": p.status, "min_amount_fen": p.min_amount_fen,
            "max_amount_fen": p.max_amount_fen, "min_term_months": p.min_term_months,
            "max_term_months": p.max_term_months, "spread_min_bp": p.spread_min_bp, "spread_max_bp": p.spread_max_bp,
            "collateral": list(p.collateral), "industries": list(p.industries), "min_band": p.min_band,
            "green_only": p.green_only, "green_conditions": p.green_conditions,
            "response_workdays": p.response_workdays}  # fmt: skip


def request_out(r: FinancingRequest) -> dict:
    return {"id": r.pk, "ref": r.ref, "enterprise_id": r.enterprise_id, "enterprise": r.enterprise.name,
            "status": r.status, "status_label": str(r.get_status_display()), "amount_fen": r.amount_fen,
            "term_months": r.term_months, "purpose": r.purpose, "green_category": r.green_category, "mode": r.mode,
            "slots": r.slots, "service_workdays": r.service_workdays, "band": r.band, "approved_fen": r.approved_fen,
            "disbursed_fen": r.disbursed_fen, "created_at": r.created_at, "updated_at": r.updated_at}  # fmt: skip


def _request(request: HttpRequest, request_id: int) -> FinancingRequest:
    found = queries.request(request.user, request_id)
    if found is None:
        raise NotFound(_("Financing request not found."), code="request_not_found")
    return found


def match_out(m: Match) -> dict:
    return {"rank": m.rank, "product_id": m.product_id, "product": m.product.name,
            "provider_id": m.product.provider_id, "provider": m.product.provider.name, "score": m.score,
            "rate_ppm": m.rate_ppm, "net_rate_ppm": m.net_rate_ppm, "likelihood_permille": m.likelihood_permille,
            "reasons": reason_texts(m.reasons)}  # fmt: skip


def detail(request: HttpRequest, r: FinancingRequest) -> dict:
    matches = [match_out(m) for m in queries.matches(request.user, r)]
    addressees = [{"bank_id": a.bank_id, "bank": a.bank.name, "via": a.via, "slot": a.slot,
                   "accepted_on": a.accepted_on, "due_on": a.due_on, "outcome": a.outcome,
                   "approved_fen": a.approved_fen, "rate_ppm": a.rate_ppm, "decline_code": a.decline_code}
                  for a in queries.addressees(request.user, r)]  # fmt: skip
    steps = [{"action": s.action, "label": step_label(s.action), "at": s.at, "org": s.org.name if s.org else None,
              "actor": str(s.actor) if s.actor_id else None} for s in queries.steps(request.user, r)]  # fmt: skip
    return {**request_out(r), "matches": matches, "addressees": addressees, "steps": steps}


# --- catalogue -----------------------------------------------------------------------------------------------


@router.get("/catalogue", response=page_of(FinanceProductOut), auth=None, operation_id="matchmaking_catalogue")
def public_catalogue(request: HttpRequest, params: Query[PageQuery]):
    return paginate(queries.public_catalogue(), params, product_out)


@router.get("/products", response=page_of(FinanceProductOut), operation_id="matchmaking_products")
def products(request: HttpRequest, params: Query[PageQuery]):
    return paginate(queries.products(request.user).order_by("pk"), params, product_out)


@router.post("/products", response={201: FinanceProductOut}, operation_id="matchmaking_product_create")
def product_create(request: HttpRequest, payload: FinanceProductIn):
    p = catalogue.create_product(request.user, payload.dict())
    return Status(201, product_out(queries.products(request.user).get(pk=p.pk)))


@router.post("/products/{product_id}/submit", response=FinanceProductOut, operation_id="matchmaking_product_submit")
def product_submit(request: HttpRequest, product_id: Id):
    catalogue.submit_product(request.user, product_id)
    return product_out(queries.products(request.user).get(pk=product_id))


@router.post("/products/{product_id}/check", response=FinanceProductOut, operation_id="matchmaking_product_check")
def product_check(request: HttpRequest, product_id: Id, payload: FinanceProductCheckIn):
    catalogue.check_product(request.user, product_id, publish=payload.publish, note=payload.note)
    return product_out(queries.products(request.user).get(pk=product_id))


# --- requests ------------------------------------------------------------------------------------------------


@router.get("/requests", response=page_of(FinancingRequestOut), operation_id="matchmaking_requests")
def list_requests(request: HttpRequest, params: Query[PageQuery], status: str = ""):
    status = status if status in FinancingRequest.Status.values else ""
    return paginate(queries.requests(request.user, status).order_by("-pk"), params, request_out)


@router.post("/requests", response={201: FinancingRequestDetailOut}, operation_id="matchmaking_request_create")
def create_request(request: HttpRequest, payload: FinancingRequestIn):
    data = requests.RequestInput(
        amount_fen=payload.amount_fen, term_months=payload.term_months, purpose=payload.purpose,
        green_category=payload.green_category, green_description=payload.green_description,
        collateral=tuple(payload.collateral), urgency=payload.urgency, mode=payload.mode,
        bank_ids=tuple(payload.bank_ids) if payload.bank_ids is not None else None)  # fmt: skip
    r = requests.post_request(request.user, payload.enterprise_id, data)
    return Status(201, detail(request, _request(request, r.pk)))


@router.get("/requests/{request_id}", response=FinancingRequestDetailOut, operation_id="matchmaking_request")
def get_request(request: HttpRequest, request_id: Id):
    return detail(request, _request(request, request_id))


@router.get("/requests/{request_id}/matches", response=page_of(RequestMatchOut), operation_id="matchmaking_matches")
def get_matches(request: HttpRequest, request_id: Id, params: Query[PageQuery]):
    """The ranked products, best first (a list ranked per request: rank is unique within it)."""
    return paginate(queries.matches(request.user, _request(request, request_id)), params, match_out)


@router.post("/requests/{request_id}/accept", response=RequestBankOut, operation_id="matchmaking_accept")
def accept(request: HttpRequest, request_id: Id):
    _request(request, request_id)
    a = grab.accept(request.user, request_id)
    return next(x for x in detail(request, _request(request, request_id))["addressees"] if x["bank_id"] == a.bank_id)


@router.post("/requests/{request_id}/answer", response=RequestBankOut, operation_id="matchmaking_answer")
def answer(request: HttpRequest, request_id: Id, payload: BankAnswerIn):
    _request(request, request_id)
    given = grab.Answer(payload.approve, payload.amount_fen, payload.rate_ppm, payload.term_months,
                        payload.decline_code, payload.note)  # fmt: skip
    a = grab.respond(request.user, request_id, given)
    return next(x for x in detail(request, _request(request, request_id))["addressees"] if x["bank_id"] == a.bank_id)


def disbursement_out(d: Disbursement) -> dict:
    return {"id": d.pk, "request_id": d.request_id, "bank_id": d.bank_id, "reference": d.reference,
            "amount_fen": d.amount_fen, "paid_on": d.paid_on, "rate_ppm": d.rate_ppm,
            "green_category": d.green_category, "project": d.project}  # fmt: skip


@router.post("/requests/{request_id}/disbursements", response={201: StationDisbursementOut},
             operation_id="matchmaking_disburse")  # fmt: skip
def disburse(request: HttpRequest, request_id: Id, payload: StationDisbursementIn):
    _request(request, request_id)
    d = outcomes.disburse(request.user, request_id, outcomes.Payout(payload.amount_fen, payload.paid_on,
                                                                    payload.reference, payload.green_category,
                                                                    payload.project))  # fmt: skip
    return Status(201, disbursement_out(d))


@router.get("/requests/{request_id}/disbursements", response=page_of(StationDisbursementOut),
            operation_id="matchmaking_disbursements")  # fmt: skip
def list_disbursements(request: HttpRequest, request_id: Id, params: Query[SyncQuery]):
    """The request's disbursements by payment date; ``updated_since`` keeps those recorded or edited since."""
    rows = queries.disbursements(request.user, _request(request, request_id)).order_by("paid_on", "pk")
    return paginate(changed_since(rows, params, "created_at", *edited_since(Disbursement, params)), params,
                    disbursement_out)  # fmt: skip


@router.post("/requests/{request_id}/withdraw", response=FinancingRequestOut, operation_id="matchmaking_withdraw")
def withdraw(request: HttpRequest, request_id: Id):
    _request(request, request_id)
    requests.withdraw_request(request.user, request_id)
    return request_out(_request(request, request_id))


# --- statistics ----------------------------------------------------------------------------------------------


class StationPeriodQuery(Schema):
    start: date | None = None
    end: date | None = None


def _rows(rows) -> list[dict]:
    return [StationGroupOut(**r.__dict__).dict() for r in rows]


def station_out(s: Station) -> dict:
    t = s.totals
    return {**{k: getattr(t, k) for k in ("requests", "matched", "accepted", "approved", "disbursed", "disbursed_fen",
                                          "approved_fen", "enterprises", "green_fen", "as_of")},
            "headline_yi": str(s.headline_yi), "median_days_to_cash": s.median_days_to_cash, "rate_ppm": s.rate_ppm,
            "net_rate_ppm": s.net_rate_ppm, "by_bank": _rows(s.by["bank"]), "by_kind": _rows(s.by["kind"]),
            "by_industry": _rows(s.by["industry"]), "by_month": _rows(s.by["month"])}  # fmt: skip


@router.get("/statistics", response=StationOut, operation_id="matchmaking_statistics")
def statistics(request: HttpRequest, period: Query[StationPeriodQuery]):
    p = principal_for(request.user)
    if not (p.is_bureau_staff or p.is_superuser):
        raise PermissionDenied(_("Only bureau staff read the station's statistics."), code="not_staff")
    return station_out(station(queries.station_scope(request.user), period.start, period.end))


@router.get("/summary", response=StationSummaryOut, auth=None, operation_id="matchmaking_summary")
def summary(request: HttpRequest):
    s = station(None)
    t = s.totals
    return {"requests": t.requests, "matched": t.matched, "accepted": t.accepted, "approved": t.approved,
            "disbursed": t.disbursed, "disbursed_fen": t.disbursed_fen, "enterprises": t.enterprises,
            "green_fen": t.green_fen, "headline_yi": str(s.headline_yi)}  # fmt: skip


# --- meetings and subsidy claims ------------------------------------------------------------------------------


def meeting_out(m: Meeting) -> dict:
    return {"id": m.pk, "title": m.title, "held_on": m.held_on, "venue": m.venue,
            "banks": [b.name for b in m.banks.all()], "requests": [r.ref for r in m.requests.all()],
            "outcomes": m.outcomes}  # fmt: skip


@router.get("/meetings", response=page_of(MatchmakingMeetingOut), operation_id="matchmaking_meetings")
def meetings(request: HttpRequest, params: Query[SyncQuery]):
    """The meetings the user may see, latest first; ``updated_since`` keeps those recorded or edited since."""
    rows = queries.meetings(request.user).prefetch_related("banks", "requests").order_by("-held_on", "-pk")
    return paginate(changed_since(rows, params, *edited_since(Meeting, params)), params, meeting_out)


@router.get("/subsidy/loans", response=page_of(SubsidyLoanOut), operation_id="matchmaking_claimable_loans")
def claimable_loans(request: HttpRequest, params: Query[PageQuery]):
    """The signed-in enterprise's loans a financing-subsidy claim may name (its administrators only)."""
    p = principal_for(request.user)
    enterprises = sorted(p.admin_org_ids() & p.org_ids_of_kind(OrgKind.ENTERPRISE))
    if not enterprises:
        raise PermissionDenied(_("Only the enterprise's administrator claims the financing subsidy."),
                               code="not_enterprise_admin")  # fmt: skip
    return paginate(list(subsidy.claimable(enterprises[0])), params, lambda c: c.__dict__)
