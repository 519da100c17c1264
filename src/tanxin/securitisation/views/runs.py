"""A run (base case: period table and tranche balances; stress: loss distribution and the CDR × price heat
map) and the investor reports as pages, PDF and XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import NotFound
from tanxin.securitisation import queries, reports
from tanxin.securitisation.messages import WATERFALL_LABELS
from tanxin.securitisation.models import Run
from tanxin.securitisation.views.common import load


def _chart_base(run: Run) -> dict[str, Any]:
    rows = run.results["periods"]
    names = [m["name"] for m in run.results["measures"]]
    return {"kind": "base", "dates": [r["date"] for r in rows], "yuan": str(_("CNY")),
            "series": [{"name": n, "data": [r["tranches"][n]["balance"] / 100 for r in rows]} for n in names],
            "pool": {"name": str(_("Pool balance")), "data": [r["pool"]["closing"] / 100 for r in rows]}}  # fmt: skip


def _chart_stress(run: Run) -> dict[str, Any]:
    r = run.results
    bins = [f"{5 * i}–{5 * (i + 1)} %" for i in range(20)]
    grid = r["grid"]
    senior = r["senior"]
    balance = r["balances"][senior]
    cells = [[j, i, round(100 * grid["loss"][senior][i][j] / balance, 2)]
             for i in range(len(grid["cdrs"])) for j in range(len(grid["shocks"]))]  # fmt: skip
    return {"kind": "stress", "bins": bins, "paths": str(_("Paths")),
            "series": [{"name": t["name"], "data": t["histogram"]} for t in r["tranches"]],
            "heat": {"x": [f"{float(s) * 100:.0f} %" for s in grid["shocks"]],
                     "y": [f"{float(c) * 100:.0f} %" for c in grid["cdrs"]], "cells": cells,
                     "x_name": str(_("Carbon price shock")), "y_name": str(_("CDR")),
                     "label": str(_("Senior loss (percent of balance)"))}}  # fmt: skip


@login_required
def run_detail(request: HttpRequest, deal_id: int, run_id: int) -> HttpResponse:
    deal, _access = load(request, deal_id, full=True)
    try:
        run = queries.run(request.user, deal, run_id)
    except NotFound:
        raise Http404 from None
    context: dict[str, Any] = {"deal": deal, "run": run}
    if run.ok and run.kind == Run.Kind.BASE:
        rows = run.results["periods"]
        for row in rows:
            row["waterfall_label"] = str(WATERFALL_LABELS.get(row["waterfall"], row["waterfall"]))
        context.update(chart=_chart_base(run), rows=rows, measures=run.results["measures"],
                       names=[m["name"] for m in run.results["measures"]])  # fmt: skip
    elif run.ok:
        r = run.results
        be_price = r["break_even_price_fen"]
        context.update(chart=_chart_stress(run), stats=r["tranches"], p_senior=r["p_senior_loss"],
                       be_cdr=r["break_even_cdr"], be_price=None if be_price is None else float(be_price) / 100,
                       calibration=r["calibration"],
                       guarantor_mean=r["guarantor_mean_fen"], p_guarantor=r["p_guarantor_called"])  # fmt: skip
    return render(request, "securitisation/run.html", context)


def _report(request: HttpRequest, deal_id: int, kind: str) -> dict[str, Any]:
    deal, _access = load(request, deal_id, full=True)
    run = queries.latest(request.user, deal, Run.Kind.BASE)
    if run is None:
        raise Http404
    try:
        period = int(request.GET.get("period") or reports.current_period(run, timezone.localdate()))
        data = (reports.servicer if kind == "servicer" else reports.distribution)(deal, run, period)
    except (ValueError, NotFound):
        raise Http404 from None
    data["kind"] = kind
    data["title"] = _("Servicer report") if kind == "servicer" else _("Distribution report")
    return data


@login_required
def report(request: HttpRequest, deal_id: int, kind: str) -> HttpResponse:
    if kind not in ("distribution", "servicer"):
        raise Http404
    return render(request, "securitisation/report.html", _report(request, deal_id, kind))


@login_required
def report_file(request: HttpRequest, deal_id: int, kind: str, fmt: str) -> HttpResponse:
    if kind not in ("distribution", "servicer") or fmt not in ("pdf", "xlsx"):
        raise Http404
    data = _report(request, deal_id, kind)
    if fmt == "pdf":
        body, media = reports.pdf("securitisation/report_pdf.html", data), "application/pdf"
    else:
        body, media = reports.distribution_xlsx(data, data["title"]), reports.XLSX
    response = HttpResponse(body, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="abs-{deal_id}-{kind}-{data["period"]}.{fmt}"'
    return response


@login_required
def tape(request: HttpRequest, deal_id: int) -> HttpResponse:
    from tanxin.securitisation.api import tape_lines

    deal, _access = load(request, deal_id, full=True)
    response = HttpResponse(reports.tape_xlsx(deal, tape_lines(deal)), content_type=reports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="abs-{deal_id}-tape.xlsx"'
    return response
