"""Screening API at /api/v1/lending/screening/: the ranked list, cards with their explanation and sizing,
credit and financial records, consent requests, visits, outreach and scorecard versions.

Every read goes through the gate (``queries_screening``), every write through the services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tanxin.common.errors import NotFound, PermissionDenied
from tanxin.lending import queries_screening as q
from tanxin.lending.models import ConsentRequest, OutreachEntry, ScorecardVersion, Visit
from tanxin.lending.screening_present import band_text, explain
from tanxin.lending.screening_profile import sizing
from tanxin.lending.services import screening as services
from tanxin.lending.services import screening_contacts as contacts
from tanxin.web.api_contract import Fen, Id, PageQuery, page_of, paginate

screening_router = Router(tags=["lending: screening"])


class ScreeningListQuery(PageQuery):
    q: str = Field("", max_length=100)
    band: Literal["", "A", "B", "C", "D", "out"] = ""


class ScreeningRowOut(Schema):
    rank: int
    enterprise_id: int
    enterprise: str
    uscc: str
    band: str | None = Field(None, description="A–D; null when knocked out")
    knocked_out: bool
    knockouts: list[str] = Field(..., description="reason codes")
    score: Decimal
    ltv_cap: Decimal | None
    spread_bp: int | None
    holdings_t: int
    pledgeable_t: int
    verified_emissions_t: int | None
    scorecard_version: int = Field(..., description="0: the proposed default, not yet adopted")


class ScreeningFactOut(Schema):
    code: str
    label: str
    value: str
    source: str
    source_label: str
    as_of: date | None
    reference: str


class ScreeningFactorOut(ScreeningFactOut):
    pillar: str
    points: Decimal
    weight: Decimal
    contribution: Decimal
    rule: str


class ScreeningPillarOut(Schema):
    pillar: str
    label: str
    weight: Decimal
    score: Decimal
    contribution: Decimal
    factors: list[ScreeningFactorOut]


class ScreeningKnockOutOut(Schema):
    code: str
    label: str
    facts: list[ScreeningFactOut]


class ScreeningYearOut(Schema):
    year: int
    status: str
    obligation_t: int | None
    surrendered_t: int
    shortfall_t: int | None
    surplus_t: int | None


class ScreeningSizingOut(Schema):
    instrument: str
    price: Decimal | None = Field(None, description="P_val in yuan per tonne")
    price_day: date | None
    synthetic: bool
    pledgeable_t: int
    collateral_fen: int | None
    sigma: Decimal | None
    target: Decimal
    liquidation_line: Decimal
    solved_ltv: Decimal | None
    band_cap: Decimal | None
    ltv: Decimal | None
    max_loan_fen: int | None
    problem: str


class ScreeningCardOut(Schema):
    enterprise_id: int
    enterprise: str
    as_of: date
    scorecard_version: int
    scorecard_fingerprint: str
    unconfirmed: bool
    band: str | None
    band_label: str
    score: Decimal
    ltv_cap: Decimal | None
    spread_bp: int | None
    knockouts: list[ScreeningKnockOutOut]
    pillars: list[ScreeningPillarOut]
    missing: list[str]
    holdings_t: int
    pledged_t: int
    frozen_t: int
    pledgeable_t: int
    history: list[ScreeningYearOut]
    has_application: bool
    sizing: ScreeningSizingOut


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
    ranked = list(enumerate(items, start=1))
    return paginate(ranked, params, lambda pair: _row(*pair))


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


class ScreeningCreditRecordIn(Schema):
    kind: Literal["dishonest_debtor", "env_credit", "tax_credit", "overdue_loans"]
    value: str = Field(..., max_length=20)
    as_of: date
    amount_fen: Fen | None = None
    note: str = Field("", max_length=500)


class ScreeningCreditRecordOut(Schema):
    id: int
    enterprise_id: int
    kind: str
    value: str
    amount_fen: int | None
    as_of: date
    source_org_id: int
    note: str
    evidence_sha256: str
    recorded_at: datetime


class ScreeningFinancialsIn(Schema):
    period_end: date
    revenue_fen: Fen
    net_profit_fen: int = Field(..., ge=-(10**15), le=10**15)
    total_assets_fen: Fen
    total_liabilities_fen: Fen


class ScreeningFinancialsOut(Schema):
    id: int
    enterprise_id: int
    period_end: date
    revenue_fen: int
    net_profit_fen: int
    total_assets_fen: int
    total_liabilities_fen: int
    source_org_id: int
    recorded_at: datetime


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


class ScreeningConsentRequestIn(Schema):
    uscc: str = Field(..., max_length=18, description="the enterprise's unified social credit code")
    purpose: str = Field(..., max_length=200)
    message: str = Field("", max_length=1000)


class ScreeningConsentRequestOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    bank_id: int
    bank: str
    purpose: str
    message: str
    status: str
    requested_at: datetime
    decided_at: datetime | None
    decline_reason: str
    consent_id: int | None

    @staticmethod
    def resolve_enterprise(obj: ConsentRequest) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_bank(obj: ConsentRequest) -> str:
        return obj.bank.name


class ScreeningAnswerIn(Schema):
    accept: bool
    reason: str = Field("", max_length=500)
    expires_at: datetime | None = None


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


class ScreeningVisitIn(Schema):
    enterprise_id: Id
    scheduled_for: date
    purpose: str = Field(..., max_length=300)
    bank_id: Id | None = None


class ScreeningVisitReportIn(Schema):
    visited_on: date
    findings: str = Field(..., max_length=5000)
    rating: Literal["good", "fair", "poor"]


class ScreeningVisitOut(Schema):
    id: int
    enterprise_id: int
    bank_id: int | None
    scheduled_for: date
    purpose: str
    status: str
    visited_on: date | None
    findings: str
    rating: str


class ScreeningOutreachIn(Schema):
    enterprise_id: Id
    topic_kind: Literal["policy", "product"]
    topic: str = Field(..., max_length=200)
    channel: Literal["visit", "meeting", "phone", "document", "platform"]
    told_on: date
    contact_person: str = Field("", max_length=100)
    note: str = Field("", max_length=1000)
    visit_id: Id | None = None


class ScreeningOutreachOut(Schema):
    id: int
    enterprise_id: int
    told_by_id: int
    topic_kind: str
    topic: str
    channel: str
    told_on: date
    contact_person: str
    note: str
    visit_id: int | None


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


class ScreeningScorecardIn(Schema):
    config: dict[str, Any]
    note: str = Field("", max_length=500)


class ScreeningScorecardOut(Schema):
    id: int
    jurisdiction_id: int
    version: int
    status: str
    config: dict[str, Any]
    fingerprint: str
    note: str
    created_at: datetime
    activated_at: datetime | None


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
