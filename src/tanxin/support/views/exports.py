"""Downloads: results and score sheets as XLSX, the result list as PDF (bureau staff)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from tanxin.support import excel, queries
from tanxin.support.models import ExpertSheet, ScoreLine
from tanxin.support.views._util import staff_scheme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def results_xlsx(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    apps = queries.results(request.user, scheme)
    lines = (
        ScoreLine.objects.visible_to(request.user)
        .filter(application__scheme=scheme)
        .order_by("application_id", "item_code")
    )
    sheets = (
        ExpertSheet.objects.visible_to(request.user)
        .filter(application__scheme=scheme)
        .select_related("expert")
        .prefetch_related("scores")
    )
    response = HttpResponse(excel.results_xlsx(scheme, apps, lines, sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tanxin-support-{scheme.code}-v{scheme.version}.xlsx"'
    return response


@login_required
def results_pdf(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = staff_scheme(request, scheme_id)
    response = HttpResponse(
        excel.results_pdf(scheme, queries.results(request.user, scheme)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="tanxin-support-{scheme.code}-v{scheme.version}.pdf"'
    return response
