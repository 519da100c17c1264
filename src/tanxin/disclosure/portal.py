"""The public disclosure portal: no login, published versions only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tanxin.disclosure import content, documents, queries
from tanxin.disclosure.api import public_row
from tanxin.orgs.models import Industry
from tanxin.web.paging import narrow_page

PAGE_SIZE = 25


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    flt = queries.PublicFilter.from_params(request.GET)
    qs = queries.public_disclosures(flt)
    page = narrow_page(qs, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    years = queries.public_years()
    latest = years[0] if years else None
    latest_filter = queries.PublicFilter(year=latest)
    context = {
        "page": page, "flt": flt, "query": query.urlencode(), "years": years,
        "industries": Industry.objects.filter(parent__isnull=True),
        "latest_year": latest,
        "latest_count": 0 if latest is None else page.paginator.count if flt == latest_filter
        else queries.public_disclosures(latest_filter).count(),
    }  # fmt: skip
    return render(request, "disclosure/public_index.html", context)


@require_GET
def enterprise(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    found = queries.public_enterprise(enterprise_id)
    if found is None:
        raise Http404
    org, items = found
    series = queries.trend(items)
    chart = {"years": [str(y) for y in series], "tonnes": [round(v / 1000, 1) for v in series.values()],
             "label": _("Emissions (tCO2e, China regulatory view)")}  # fmt: skip
    rows = [{"version": v, "c": content.build(v)} for v in items]
    return render(request, "disclosure/public_enterprise.html", {"org": org, "rows": rows, "chart": chart})


@require_GET
def open_data_csv(request: HttpRequest) -> StreamingHttpResponse:
    qs = queries.public_disclosures(queries.PublicFilter.from_params(request.GET))
    rows = (public_row(v) for v in qs.iterator(chunk_size=500))
    response = StreamingHttpResponse(documents.open_data_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tanxin-disclosures.csv"'
    return response
