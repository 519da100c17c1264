"""The station's dashboard and report (bureau staff, their jurisdiction), the public summary, and meetings."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tanxin.matchmaking import queries, report
from tanxin.matchmaking.forms import MeetingForm, PeriodForm
from tanxin.matchmaking.services import outcomes
from tanxin.matchmaking.services.outcomes import MeetingInput
from tanxin.matchmaking.station import station
from tanxin.matchmaking.views._util import roles
from tanxin.orgs.domain.principal import staff_seats
from tanxin.orgs.gate import principal_for
from tanxin.web.forms import attempt


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
    return render(request, "matchmaking/meetings.html", {"meetings": rows, "staff": r["staff"]})


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    # the meeting belongs to the district of the user's bureau seat
    district = next((seat.jurisdiction_id for seat in staff_seats(principal_for(request.user).seats)), None)
    if district is None:
        raise PermissionDenied
    form = MeetingForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        banks = tuple(b.pk for b in d["banks"])
        asked = tuple(r.pk for r in d["requests"])
        enterprises = tuple(sorted({r.enterprise_id for r in d["requests"]}))
        data = MeetingInput(district, d["title_zh"], d["held_on"], d["title_en"], d["venue"], banks, enterprises,
                            asked, d["outcomes"])  # fmt: skip
        if attempt(form, lambda: outcomes.create_meeting(request.user, data)) is not None:
            messages.success(request, _("Meeting recorded."))
            return redirect("matchmaking:meetings")
    return render(request, "matchmaking/form.html", {"form": form, "title": _("New matchmaking meeting")})
