"""Screening API at /api/v1/lending/screening/: the ranked list, cards with their explanation and sizing,
credit and financial records, consent requests, visits, outreach and scorecard versions.

Every read goes through the gate (``queries_screening``), every write through the services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tanxin.common.errors import NotFound, PermissionDenied
from tanxin.lending import queries_screening as q
from tanxin.lending.models import OutreachEntry, ScorecardVersion, Visit
from tanxin.lending.schemas_screening import (
    ScreeningAnswerIn,
    ScreeningCardOut,
    ScreeningConsentRequestIn,
    ScreeningConsentRequestOut,
    ScreeningCreditRecordIn,
    ScreeningCreditRecordOut,
    ScreeningFinancialsIn,
    ScreeningFinancialsOut,
    ScreeningListQuery,
    ScreeningOutreachIn,
    ScreeningOutreachOut,
    ScreeningRowOut,
    ScreeningScorecardIn,
    ScreeningScorecardOut,
    ScreeningVisitIn,
    ScreeningVisitOut,
    ScreeningVisitReportIn,
)
from tanxin.lending.screening_present import band_text, explain
from tanxin.lending.screening_profile import sizing
from tanxin.lending.services import screening as services
from tanxin.lending.services import screening_contacts as contacts
from tanxin.web.api_contract import Id, PageQuery, page_answer, page_of, paginate

screening_router = Router(tags=["lending: screening"])


def _row(rank: int, c: q.Card) -> dict[str, Any]:
    r = c.result
    return {"rank": rank, "enterprise_id": c.enterprise.pk, "enterprise": c.enterprise.name, "uscc": c.enterprise.uscc,
            "band": r.band.code if r.band else None, "knocked_out": r.knocked_out,
            "knockouts": [h.code.value for h in r.knockouts], "score": r.total,
            "ltv_cap": r.band.ltv_cap if r.band else None, "spread_bp": r.band.spread_bp if r.band else None,
            "holdings_t": c.carbon.holdings_t, "pledgeable_t": c.carbon.pledgeable_t,
            "verified_emissions_t": c.carbon.verified_emissions_t, "scorecard_version": c.version.version}  # fmt: skip


@screening_router.get("/screening/enterprises", response=page_of(ScreeningRowOut))
def screening_list(request: HttpRequest, params: Query[ScreeningListQuery]):
    """The ranked list: the bureau's key emission-control units, or a bank's consenting enterprises."""
    if not q.can_list(request.user):
        raise PermissionDenied(_("Only the bureau and banks see the screening list."))
    items = q.ranked(request.user, q.ListFilter(params.q, params.band))
    chunk = items[params.offset:params.offset + params.limit] if params.offset < len(items) else []
    return page_answer(len(items), params, [_row(params.offset + i, c) for i, c in enumerate(chunk, start=1)])


def _card(request: HttpRequest, enterprise_id: int) -> q.Card:
    card = q.card(request.user, enterprise_id)
    if card is None:
        raise NotFound(_("Enterprise not found."))
    return card


@screening_router.get("/screening/enterprises/{enterprise_id}", response=ScreeningCardOut)
def screening_card(request: HttpRequest, enterprise_id: Id):
    """The card with every score explained (inputs, source, date) and the sizing at today's P_val."""
    c = _card(request, enterprise_id)
    r, e = c.result, explain(c)
    return {
        "enterprise_id": c.enterprise.pk, "enterprise": c.enterprise.name, "as_of": c.today,
        "scorecard_version": c.version.version, "scorecard_fingerprint": c.version.fingerprint,
        "unconfirmed": c.version.card.unconfirmed, "band": r.band.code if r.band else None,
        "band_label": band_text(c), "score": r.total, "ltv_cap": r.band.ltv_cap if r.band else None,
        "spread_bp": r.band.spread_bp if r.band else None, "knockouts": e["knockouts"], "pillars": e["pillars"],
        "missing": e["missing"], "holdings_t": c.carbon.holdings_t, "pledged_t": c.carbon.pledged_t,
        "frozen_t": c.carbon.frozen_t, "pledgeable_t": c.carbon.pledgeable_t,
        "history": [vars(y) for y in c.carbon.history], "has_application": c.gathered.application is not None,
        "sizing": vars(sizing(c)),
    }  # fmt: skip


# ---------------------------------------------------------------- records


@screening_router.post("/screening/enterprises/{enterprise_id}/credit-records",
                       response={201: ScreeningCreditRecordOut})
def record_credit(request: HttpRequest, enterprise_id: Id, payload: ScreeningCreditRecordIn):
    row = services.record_credit(request.user, enterprise_id, payload.kind, payload.value, payload.as_of,
                                 amount_fen=payload.amount_fen, note=payload.note)  # fmt: skip
    return Status(201, row)


@screening_router.post("/screening/enterprises/{enterprise_id}/financials", response={201: ScreeningFinancialsOut})
def record_financials(request: HttpRequest, enterprise_id: Id, payload: ScreeningFinancialsIn):
    row = services.record_financials(request.user, enterprise_id, payload.period_end, payload.revenue_fen,
                                     payload.net_profit_fen, payload.total_assets_fen,
                                     payload.total_liabilities_fen)  # fmt: skip
    return Status(201, row)


# ---------------------------------------------------------------- consent requests


@screening_router.get("/screening/consent-requests", response=page_of(ScreeningConsentRequestOut))
def consent_requests(request: HttpRequest, params: Query[PageQuery]):
    return paginate(q.consent_requests(request.user).order_by("-requested_at", "-id"), params)


@screening_router.post("/screening/consent-requests", response={201: ScreeningConsentRequestOut})
def request_consent(request: HttpRequest, payload: ScreeningConsentRequestIn):
    return Status(201, contacts.request_consent(request.user, payload.uscc, payload.purpose, payload.message))


@screening_router.post("/screening/consent-requests/{request_id}/answer", response=ScreeningConsentRequestOut)
def answer_consent(request: HttpRequest, request_id: Id, payload: ScreeningAnswerIn):
    return contacts.answer_consent(request.user, request_id, payload.accept, payload.reason, payload.expires_at)


@screening_router.post("/screening/consent-requests/{request_id}/withdraw", response=ScreeningConsentRequestOut)
def withdraw_consent_request(request: HttpRequest, request_id: Id):
    return contacts.withdraw_request(request.user, request_id)


# ---------------------------------------------------------------- visits and outreach


@screening_router.get("/screening/visits", response=page_of(ScreeningVisitOut))
def visits(request: HttpRequest, params: Query[PageQuery]):
    return paginate(Visit.objects.visible_to(request.user).order_by("-scheduled_for", "-id"), params)


@screening_router.post("/screening/visits", response={201: ScreeningVisitOut})
def schedule_visit(request: HttpRequest, payload: ScreeningVisitIn):
    return Status(201, contacts.schedule_visit(request.user, payload.enterprise_id, payload.scheduled_for,
                                               payload.purpose, payload.bank_id))  # fmt: skip


@screening_router.post("/screening/visits/{visit_id}/report", response=ScreeningVisitOut)
def report_visit(request: HttpRequest, visit_id: Id, payload: ScreeningVisitReportIn):
    return contacts.report_visit(request.user, visit_id, payload.visited_on, payload.findings, payload.rating)


@screening_router.get("/screening/outreach", response=page_of(ScreeningOutreachOut))
def outreach(request: HttpRequest, params: Query[PageQuery]):
    return paginate(OutreachEntry.objects.visible_to(request.user).order_by("-told_on", "-id"), params)


@screening_router.post("/screening/outreach", response={201: ScreeningOutreachOut})
def log_outreach(request: HttpRequest, payload: ScreeningOutreachIn):
    return Status(201, contacts.log_outreach(request.user, payload.enterprise_id, payload.topic_kind, payload.topic,
                                             payload.channel, payload.told_on, payload.contact_person, payload.note,
                                             payload.visit_id))  # fmt: skip


# ---------------------------------------------------------------- scorecard versions


@screening_router.get("/screening/scorecards", response=page_of(ScreeningScorecardOut))
def scorecards(request: HttpRequest, params: Query[PageQuery]):
    return paginate(ScorecardVersion.objects.visible_to(request.user).order_by("jurisdiction_id", "-version"), params)


@screening_router.post("/screening/scorecards", response={201: ScreeningScorecardOut})
def create_scorecard(request: HttpRequest, payload: ScreeningScorecardIn):
    from tanxin.orgs.queries import own_bureau

    bureau = own_bureau(request.user)
    if bureau is None:
        raise PermissionDenied(_("Only bureau staff of this jurisdiction may change the scorecard."))
    return Status(201, services.create_version(request.user, bureau.jurisdiction_id, payload.config, payload.note))


@screening_router.post("/screening/scorecards/{version_id}/activate", response=ScreeningScorecardOut)
def activate_scorecard(request: HttpRequest, version_id: Id):
    return services.activate_version(request.user, version_id)
