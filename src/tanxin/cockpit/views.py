"""The cockpit pages: one jurisdiction and year, its drill-down, and the annual report's downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET

from tanxin.cockpit import board as boards
from tanxin.cockpit import messages, present, public, report


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The user's own (highest) jurisdiction, last year."""
    jurisdiction = boards.home_jurisdiction(request.user)
    if jurisdiction is None:
        raise Http404
    return redirect("cockpit:board", code=jurisdiction.code, year=boards.default_year())


@login_required
@require_GET
def board(request: HttpRequest, code: str, year: int) -> HttpResponse:
    jurisdiction = boards.open_cockpit(request.user, code, year)
    cockpit = boards.cockpit(jurisdiction, year)
    years = [y for y in boards.years_open() if y >= year - 4][-8:]
    parent = jurisdiction.parent
    context = {"c": cockpit, "jurisdiction": jurisdiction, "panels": present.panels(cockpit),
               "chart": present.chart(cockpit), "lines": present.report_lines(cockpit), "years": years,
               "parent": parent if parent is not None and boards.may_open(request.user, parent) else None,
               "missing": [messages.SECTION_TITLES[k] for k in cockpit.missing],
               "no_data": messages.NO_DATA, "not_available": messages.NOT_AVAILABLE}  # fmt: skip
    return render(request, "cockpit/board.html", context)


def _language(request: HttpRequest) -> str:
    """A report may be asked for in the other language (``?lang=en``) without switching the whole site."""
    asked = request.GET.get("lang", "")
    return asked if asked in ("zh-hans", "en") else translation.get_language() or "zh-hans"


@login_required
@require_GET
def report_pdf(request: HttpRequest, code: str, year: int) -> HttpResponse:
    jurisdiction = boards.open_cockpit(request.user, code, year)
    with translation.override(_language(request)):
        cockpit = boards.build(jurisdiction, year)
        content = report.pdf(cockpit)
        name = report.file_name(cockpit, "pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def report_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    jurisdiction = boards.open_cockpit(request.user, code, year)
    with translation.override(_language(request)):
        cockpit = boards.build(jurisdiction, year)
        content = report.xlsx(cockpit)
        name = report.file_name(cockpit, "xlsx")
    response = HttpResponse(content, content_type=report.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def public_summary(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The public summary: no sign-in, published figures only (``cockpit.public``)."""
    jurisdiction = public.open_public(code, year)
    summary = public.summary(jurisdiction, year)
    years = [y for y in boards.years_open() if y >= year - 4][-8:]
    return render(request, "cockpit/public.html", {"s": summary, "cards": public.cards(summary), "years": years})
