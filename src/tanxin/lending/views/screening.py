"""Screening pages: the ranked list (and its workbook), the card with "explain this score", the carbon credit
profile PDF, credit and financial records, visits, outreach, consent requests and the scorecard versions."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanxin.common.errors import NotFound
from tanxin.common.errors import PermissionDenied as DomainPermissionDenied
from tanxin.lending import forms_screening as forms
from tanxin.lending import queries_screening as q
from tanxin.lending.models import ConsentRequest, Visit
from tanxin.lending.screening_documents import list_xlsx
from tanxin.lending.screening_present import band_text, explain
from tanxin.lending.screening_profile import profile_pdf, sizing
from tanxin.lending.services import screening as services
from tanxin.lending.services import screening_contacts as contacts
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS
from tanxin.orgs.gate import principal_for
from tanxin.web.forms import attempt, flash_action

PER_PAGE = 25  # each row's card is computed when the page is read


@login_required
def screening_list(request: HttpRequest) -> HttpResponse:
    if not q.can_list(request.user):
        raise PermissionDenied
    f = q.ListFilter.from_params(request.GET)
    items = q.ranked(request.user, f)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(list_xlsx(items), content_type="application/vnd.openxmlformats-officedocument."
                                                               "spreadsheetml.sheet")  # fmt: skip
        response["Content-Disposition"] = 'attachment; filename="tanxin-screening.xlsx"'
        return response
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"card": c, "rank": page.start_index() + i, "band": band_text(c)} for i, c in enumerate(page.object_list)]
    return render(request, "lending/screening/list.html", {
        "page": page, "rows": rows, "f": f, "query": f"q={f.q}&band={f.band}",
        "is_staff": principal_for(request.user).is_bureau_staff, "version": rows[0]["card"].version if rows else None,
    })  # fmt: skip


def _card(request: HttpRequest, enterprise_id: int) -> q.Card:
    card = q.card(request.user, enterprise_id)
    if card is None:
        raise Http404
    return card


@login_required
def card_page(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    card = _card(request, enterprise_id)
    p = principal_for(request.user)
    staff = q.is_staff_for(p, card.enterprise)
    own = card.enterprise.pk in p.org_ids
    partner = bool(p.org_ids_of_kind(*CONSENT_GRANTEE_KINDS))
    return render(request, "lending/screening/card.html", {
        "card": card, "explain": explain(card), "band": band_text(card), "sizing": sizing(card),
        "credit": sorted(card.gathered.credit.values(), key=lambda r: r.kind), "fin": card.gathered.financials,
        "visits": q.visits(request.user, enterprise_id)[:20], "outreach": q.outreach(request.user, enterprise_id)[:20],
        "can_record": staff or own, "can_visit": (staff or partner) and card.enterprise.key_emitter,
        "can_outreach": staff or partner, "is_staff": staff,
    })  # fmt: skip


@login_required
def profile(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    card = _card(request, enterprise_id)
    response = HttpResponse(profile_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tanxin-carbon-profile-{card.enterprise.uscc}.pdf"'
    return response


def _form_page(request: HttpRequest, form, save, title: str, back: str, done: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        if attempt(form, save) is not None:
            messages.success(request, done)
            return redirect(back)
    ctx = {"form": form, "title": title, "back": back}
    return render(request, "lending/screening/form.html", ctx, status=400 if form.errors else 200)


def _recordable(request: HttpRequest, enterprise_id: int) -> str:
    """Refuses (404/403) a user who may not record for this enterprise; returns the card's address."""
    try:
        services.enterprise_for(request.user, enterprise_id, "change")
    except NotFound as exc:
        raise Http404 from exc
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    return _back(enterprise_id)


def _back(enterprise_id: int) -> str:
    return reverse("lending:screening_card", args=[enterprise_id])


@login_required
def credit_new(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    back = _recordable(request, enterprise_id)
    form = forms.CreditRecordForm(request.POST or None, request.FILES or None)

    def save():
        d = form.cleaned_data
        return services.record_credit(request.user, enterprise_id, d["kind"], form.service_value(), d["as_of"],
                                      amount_fen=d.get("amount"), note=d.get("note") or "",
                                      evidence=form.evidence_tuple())  # fmt: skip

    return _form_page(request, form, save, _("Record credit status"), back, _("Credit record saved."))


@login_required
def financials_new(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    back = _recordable(request, enterprise_id)
    form = forms.FinancialsForm(request.POST or None, request.FILES or None)

    def save():
        d = form.cleaned_data
        return services.record_financials(request.user, enterprise_id, d["period_end"], d["revenue"], d["net_profit"],
                                          d["total_assets"], d["total_liabilities"],
                                          evidence=form.evidence_tuple())  # fmt: skip

    return _form_page(request, form, save, _("Record financial figures"), back, _("Financial figures saved."))


def _contact_card(request: HttpRequest, enterprise_id: int) -> q.Card:
    """The card, for the bureau or a bank under consent (who visit and tell); others are refused."""
    card = _card(request, enterprise_id)
    p = principal_for(request.user)
    if not (q.is_staff_for(p, card.enterprise) or p.org_ids_of_kind(*CONSENT_GRANTEE_KINDS)):
        raise PermissionDenied
    return card


@login_required
def visit_new(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    card = _contact_card(request, enterprise_id)
    form = forms.VisitForm(request.POST or None)
    back = _back(card.enterprise.pk)

    def save():
        d = form.cleaned_data
        return contacts.schedule_visit(request.user, enterprise_id, d["scheduled_for"], d["purpose"])

    return _form_page(request, form, save, _("Schedule an on-site visit"), back, _("Visit scheduled."))


@login_required
def visit_report(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = Visit.objects.visible_to(request.user, "change").filter(pk=visit_id).first()
    if visit is None:
        if Visit.objects.visible_to(request.user, "view").filter(pk=visit_id).exists():
            raise PermissionDenied
        raise Http404
    form = forms.VisitReportForm(request.POST or None, request.FILES or None)

    def save():
        d = form.cleaned_data
        files = [form.evidence_tuple()] if form.files.get("evidence") else []
        return contacts.report_visit(request.user, visit_id, d["visited_on"], d["findings"], d["rating"], files)

    return _form_page(request, form, save, _("Report the visit's findings"), _back(visit.enterprise_id),
                      _("Findings saved."))  # fmt: skip


@login_required
def outreach_new(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    card = _contact_card(request, enterprise_id)
    form = forms.OutreachForm(request.POST or None)
    back = _back(card.enterprise.pk)

    def save():
        d = form.cleaned_data
        return contacts.log_outreach(request.user, enterprise_id, d["topic_kind"], d["topic"], d["channel"],
                                     d["told_on"], d.get("contact_person") or "", d.get("note") or "")  # fmt: skip

    return _form_page(request, form, save, _("Log outreach"), back, _("Outreach logged."))


@login_required
def activity(request: HttpRequest) -> HttpResponse:
    """Visits and the outreach log the user may see (the bureau: its jurisdiction)."""
    if not (q.can_list(request.user) or principal_for(request.user).seats):
        raise PermissionDenied
    return render(request, "lending/screening/activity.html", {
        "visits": q.visits(request.user)[:200], "outreach": q.outreach(request.user)[:200],
    })  # fmt: skip


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    p = principal_for(request.user)
    if not p.seats and not p.is_superuser:
        raise PermissionDenied
    is_bank = bool(p.org_ids_of_kind(*CONSENT_GRANTEE_KINDS))
    form = forms.ConsentRequestForm(request.POST or None) if is_bank else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            if attempt(form, lambda: contacts.request_consent(request.user, d["uscc"], d["purpose"], d["message"])):
                messages.success(request, _("Consent request sent."))
                return redirect("lending:screening_consents")
    return render(request, "lending/screening/consents.html", {
        "requests": q.consent_requests(request.user)[:200], "form": form,
        "answerable": set(ConsentRequest.objects.visible_to(request.user, "change")
                          .filter(status="pending").values_list("pk", flat=True)),
        "withdrawable": set(ConsentRequest.objects.visible_to(request.user, "manage")
                            .filter(status="pending").values_list("pk", flat=True)),
    }, status=400 if form is not None and form.errors else 200)  # fmt: skip


@login_required
@require_POST
def consent_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or decline."))
    else:
        accept = form.cleaned_data["decision"] == "accept"
        flash_action(request, lambda: contacts.answer_consent(request.user, request_id, accept,
                                                              form.cleaned_data.get("reason") or ""),
                     _("Consent granted.") if accept else _("Request declined."))  # fmt: skip
    return redirect("lending:screening_consents")


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    flash_action(request, lambda: contacts.withdraw_request(request.user, request_id), _("Request withdrawn."))
    return redirect("lending:screening_consents")


@login_required
def scorecards(request: HttpRequest) -> HttpResponse:
    p = principal_for(request.user)
    if not p.seats and not p.is_superuser:
        raise PermissionDenied
    versions = list(q.scorecard_versions(request.user))
    form = None
    if p.is_bureau_staff:
        active = next((v for v in versions if v.status == "active"), None)
        initial = json.dumps(active.config if active else services.default_config(), ensure_ascii=False, indent=2)
        form = forms.ScorecardForm(request.POST or None, initial={"config": initial})
        if request.method == "POST" and form.is_valid():
            jurisdiction = _own_jurisdiction(request)
            done = attempt(form, lambda: services.create_version(request.user, jurisdiction,
                                                                 form.cleaned_data["config"],
                                                                 form.cleaned_data.get("note") or ""))  # fmt: skip
            if done is not None:
                messages.success(request, _("Draft version %(v)d saved.") % {"v": done.version})
                return redirect("lending:screening_scorecards")
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "lending/screening/scorecards.html", {
        "versions": versions, "form": form, "default": q.default_version(),
    }, status=400 if form is not None and form.errors else 200)  # fmt: skip


def _own_jurisdiction(request: HttpRequest) -> int:
    from tanxin.orgs.queries import own_bureau

    bureau = own_bureau(request.user)
    if bureau is None:
        raise PermissionDenied
    return bureau.jurisdiction_id


@login_required
@require_POST
def scorecard_activate(request: HttpRequest, version_id: int) -> HttpResponse:
    flash_action(request, lambda: services.activate_version(request.user, version_id), _("Version activated."))
    return redirect("lending:screening_scorecards")
