"""Request pages: the list each party sees, posting a request, one request (ranked matches with reasons, the
banks and their slots, the timeline, money out) with the steps its viewer may take."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanxin.matchmaking import queries
from tanxin.matchmaking.forms import AnswerForm, DisburseForm, RequestForm, UseForm
from tanxin.matchmaking.impact import impact
from tanxin.matchmaking.models import FinancingRequest
from tanxin.matchmaking.presentation import reason_texts, step_label
from tanxin.matchmaking.services import grab, outcomes, requests
from tanxin.matchmaking.views._util import fen, own_enterprise, roles
from tanxin.orgs import access
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS
from tanxin.orgs.gate import principal_for
from tanxin.web.forms import attempt, flash_action

PER_PAGE = 25


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    r = roles(request.user)
    if not (r["enterprise"] or r["bank"] or r["staff"]):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in FinancingRequest.Status.values else ""
    page = Paginator(queries.requests(request.user, status).order_by("-pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "matchmaking/requests.html", {"page": page, "query": f"status={status}", "roles": r,
                                                          "status": status,
                                                          "statuses": FinancingRequest.Status.choices})  # fmt: skip


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    enterprise_id = own_enterprise(request.user)
    if enterprise_id is None:
        raise PermissionDenied
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = requests.RequestInput(
            amount_fen=fen(d["amount_yuan"]), term_months=d["term_months"], purpose=d["purpose"],
            green_category=d["green_category"], green_description=d["green_description"],
            collateral=tuple(d["collateral"]), urgency=d["urgency"], mode=d["mode"],
            bank_ids=tuple(b.pk for b in d["banks"]) or None)  # fmt: skip
        posted = attempt(form, lambda: requests.post_request(request.user, enterprise_id, data))
        if posted is not None:
            messages.success(request, _("Request %(ref)s posted.") % {"ref": posted.ref})
            return redirect("matchmaking:request", posted.pk)
    return render(request, "matchmaking/form.html", {"form": form, "title": _("New financing request")})


def _request(request: HttpRequest, request_id: int) -> FinancingRequest:
    found = queries.request(request.user, request_id)
    if found is None:
        raise Http404
    return found


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    r = _request(request, request_id)
    p = principal_for(request.user)
    my_banks = p.org_ids_of_kind(*CONSENT_GRANTEE_KINDS)
    addressees = queries.addressees(request.user, r)
    mine = next((a for a in addressees if a.bank_id in my_banks), None)
    matches = [(m, reason_texts(m.reasons)) for m in queries.matches(request.user, r)]
    steps = [(s, step_label(s.action)) for s in queries.steps(request.user, r)]
    ctx = {"r": r, "addressees": addressees, "mine": mine, "matches": matches, "steps": steps,
           "disbursements": queries.disbursements(request.user, r), "owner": r.enterprise_id in p.admin_org_ids(),
           "answer_form": AnswerForm(), "disburse_form": DisburseForm(initial={"paid_on": timezone.localdate()}),
           "use_form": UseForm(), "open": r.status not in grab.CLOSED,
           "impact": impact(r) if access.is_staff_for(p, r.enterprise.jurisdiction_id)
           or r.enterprise_id in p.org_ids else None}  # fmt: skip
    return render(request, "matchmaking/request.html", ctx)


@login_required
@require_POST
def request_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    _request(request, request_id)
    flash_action(request, lambda: grab.accept(request.user, request_id), _("Accepted: answer within the service time."))
    return redirect("matchmaking:request", request_id)


@login_required
@require_POST
def request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    _request(request, request_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the answer: amount, rate and term, or a reason."))
        return redirect("matchmaking:request", request_id)
    d = form.cleaned_data
    rate = d.get("rate_percent") or Decimal(0)
    answer = grab.Answer(d["decision"] == "approve", fen(d.get("amount_yuan")), int(rate * 10_000),
                         d.get("term_months") or 0, d.get("decline_code") or "", d.get("note") or "")  # fmt: skip
    flash_action(request, lambda: grab.respond(request.user, request_id, answer), _("Answer recorded."))
    return redirect("matchmaking:request", request_id)


@login_required
@require_POST
def request_disburse(request: HttpRequest, request_id: int) -> HttpResponse:
    _request(request, request_id)
    form = DisburseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the disbursement: amount, date and reference."))
        return redirect("matchmaking:request", request_id)
    d = form.cleaned_data
    payout = outcomes.Payout(fen(d["amount_yuan"]), d["paid_on"], d["reference"], d["green_category"], d["project"])
    flash_action(request, lambda: outcomes.disburse(request.user, request_id, payout), _("Disbursement recorded."))
    return redirect("matchmaking:request", request_id)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    _request(request, request_id)
    flash_action(request, lambda: requests.withdraw_request(request.user, request_id), _("Request withdrawn."))
    return redirect("matchmaking:request", request_id)


@login_required
@require_POST
def report_use(request: HttpRequest, disbursement_id: int) -> HttpResponse:
    d = queries.disbursements(request.user).filter(pk=disbursement_id).first()
    if d is None:
        raise Http404
    form = UseForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("evidence")
        evidence = (upload.name, upload.read()) if upload else None
        flash_action(request, lambda: outcomes.report_use(request.user, d.pk, form.cleaned_data["progress_pct"],
                                                          form.cleaned_data["note"], evidence),
                     _("Use of proceeds reported."))  # fmt: skip
    else:
        messages.error(request, _("Give the progress and what was done."))
    return redirect("matchmaking:request", d.request_id)
