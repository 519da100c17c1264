"""Bureau result pages: ranking and draft awards, approval, publicity and objections; the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanxin.common.money import fen_to_yuan
from tanxin.orgs.models import Industry, Organisation
from tanxin.support import inputs as facts
from tanxin.support import queries
from tanxin.support.forms import AnswerForm, AwardForm, PublicityForm, ReasonForm
from tanxin.support.models import Application, Criterion, Objection, Scheme
from tanxin.support.services import results
from tanxin.support.views._util import act, is_staff, offered_moves, staff_scheme


@login_required
def result_page(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    rows = queries.results(request.user, scheme)
    committed = sum(a.award.amount_fen for a in rows)
    ctx = {
        "scheme": scheme,
        "rows": rows,
        "committed_fen": committed,
        "committed_yuan": fen_to_yuan(committed),
        "left_yuan": fen_to_yuan(scheme.budget_fen - committed),
        "objections": queries.objections(request.user, scheme),
        "publicity_form": PublicityForm(),
        "answer_form": AnswerForm(),
        "reason_form": ReasonForm(),
        "award_form": AwardForm(),
        "flagged": [a for a in rows if a.spread_flagged],
        "moves": offered_moves(request, scheme),
    }
    return render(request, "support/results.html", ctx)


@login_required
@require_POST
def publicity_start(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    form = PublicityForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: results.start_publicity(request.user, scheme.pk, form.cleaned_data["start"]),
            _("Publicity started."),
        )
    else:
        messages.error(request, _("Choose the first day of publicity."))
    return redirect("support:results", scheme.pk)


@login_required
@require_POST
def answer(request: HttpRequest, objection_id: int) -> HttpResponse:
    row = Objection.objects.visible_to(request.user, "manage").filter(pk=objection_id).first()
    if row is None:
        raise PermissionDenied
    act(request, lambda: results.answer(request.user, row.pk, request.POST.get("answer", "")), _("Answer recorded."))
    return redirect("support:results", row.scheme_id)


# Rounds whose result is decided: their awardees are facts; before that the count is not plotted.
DECIDED = (Scheme.Status.APPROVED, Scheme.Status.PUBLICITY, Scheme.Status.FINAL)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not is_staff(request):
        raise PermissionDenied
    data = queries.dashboard(request.user)
    statuses = dict(Application.Status.choices)
    types = dict(Organisation.EnterpriseType.choices)
    sections = {i.code: i.name for i in Industry.objects.filter(code__in=list(data["by_industry"]))}
    categories = dict(Criterion.CategoryChoice.choices) | {"expert": _("Expert assessment")}
    schemes = dict(Scheme.Status.choices)
    chart = {
        "status": [{"name": str(statuses.get(k, k)), "value": v} for k, v in sorted(data["by_status"].items())],
        "type": [{"name": str(types.get(k, k)), "value": v} for k, v in sorted(data["by_type"].items())],
        "scores": data["scores"],
        "industry": [
            {"name": f"{k} {sections.get(k, '')}".strip(), "value": float(fen_to_yuan(v))}
            for k, v in sorted(data["by_industry"].items())
        ],
        "category": [
            {"name": str(categories.get(k, k)), "value": float(v)} for k, v in sorted(data["by_category"].items())
        ],
        "years": [
            {
                **y,
                # A round not yet decided has no awardees to plot (a gap, not a zero) and says where it stands.
                "awardees": y["awardees"] if y["status"] in DECIDED else None,
                "label": y["label"] if y["status"] in DECIDED else f"{y['label']}（{schemes.get(y['status'], '')}）",
                "budget": float(fen_to_yuan(y["budget_fen"])),
                "committed": float(fen_to_yuan(y["committed_fen"])),
                "paid": float(fen_to_yuan(y["paid_fen"])),
            }
            for y in data["years"]
        ],
        "labels": {
            "budget": _("Budget"),
            "committed": _("Committed"),
            "paid": _("Paid"),
            "awardees": _("Enterprises supported"),
            "scores": _("Applications"),
            "points": _("Total score"),
        },
    }
    ctx = {"chart": chart, "years": data["years"], "providers": facts.providers()}
    return render(request, "support/dashboard.html", ctx)
