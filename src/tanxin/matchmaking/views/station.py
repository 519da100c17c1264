"""The station's dashboard and report (bureau staff, their jurisdiction), the public summary, and meetings."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tanxin.matchmaking import queries, report
from tanxin.matchmaking.forms import PeriodForm
from tanxin.matchmaking.station import station
from tanxin.matchmaking.views._util import roles


def _period(request: HttpRequest) -> tuple[PeriodForm, date | None, date | None]:
    form = PeriodForm(request.GET or None)
    if form.is_valid():
        return form, form.cleaned_data.get("start"), form.cleaned_data.get("end")
    return PeriodForm(), None, None


def _scope(request: HttpRequest) -> set[int] | None:
    if not roles(request.user)["staff"]:
        raise PermissionDenied
    return queries.station_scope(request.user)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form, start, end = _period(request)
    s = station(scope, start, end)
    funnel = [(_("Requests"), s.totals.requests), (pgettext("funnel", "Matched"), s.totals.matched),
              (pgettext("funnel", "Accepted"), s.totals.accepted), (pgettext("funnel", "Approved"), s.totals.approved),
              (pgettext("funnel", "Disbursed"), s.totals.disbursed)]  # fmt: skip
    return render(request, "matchmaking/station.html", {"s": s, "form": form, "funnel": funnel,
                                                         "groups": report.context(s, "")["groups"],
                                                         "query": request.GET.urlencode()})  # fmt: skip


def _download(content: bytes, media: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    _form, start, end = _period(request)
    return _download(report.pdf(station(scope, start, end), _("Finance station report")), "application/pdf",
                     "station-report.pdf")  # fmt: skip


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    _form, start, end = _period(request)
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(report.xlsx(station(scope, start, end), _("Finance station report")), media, "station-report.xlsx")


def public_summary(request: HttpRequest) -> HttpResponse:
    """The station's headline and funnel for everyone: totals only, no enterprise, bank or request named."""
    s = station(None)
    return render(request, "matchmaking/summary.html", {"s": s})


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    r = roles(request.user)
    if not (r["staff"] or r["bank"] or r["enterprise"]):
        raise PermissionDenied
    rows = queries.meetings(request.user).prefetch_related("banks", "enterprises", "requests")[:200]
    return render(request, "matchmaking/meetings.html", {"meetings": rows})
