"""Investor reports from a stored base case: the payment-date distribution report (收益分配报告) and the
servicer report, as data for the page, a PDF (WeasyPrint) and a workbook (openpyxl); and the data tape."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tanxin.common.errors import NotFound
from tanxin.lending import facts as lending
from tanxin.securitisation.messages import WATERFALL_LABELS
from tanxin.securitisation.models import Deal, PoolLoan, Run

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEVERE_STATES = frozenset({"defaulted", "disposing"})


def period_row(run: Run, period: int) -> dict[str, Any]:
    rows = run.results.get("periods", [])
    if not 1 <= period <= len(rows):
        raise NotFound(_("No such payment date."))
    return rows[period - 1]


def current_period(run: Run, today: date) -> int:
    """The last payment date that has passed (the first one before any has)."""
    rows = run.results.get("periods", [])
    passed = [r["period"] for r in rows if date.fromisoformat(r["date"]) <= today]
    return passed[-1] if passed else 1


def distribution(deal: Deal, run: Run, period: int) -> dict[str, Any]:
    row = period_row(run, period)
    initial = {m["name"]: m["initial_fen"] for m in run.results["measures"]}
    rows = run.results["periods"]
    before = rows[period - 2]["tranches"] if period > 1 else None
    tranches = []
    for name, t in row["tranches"].items():
        opening = before[name]["balance"] if before else initial[name]
        tranches.append({"name": name, "opening_fen": opening, "interest_due_fen": t["interest_due"],
                         "interest_fen": t["interest_paid"], "principal_fen": t["principal_paid"],
                         "residual_fen": t["residual_paid"], "closing_fen": t["balance"],
                         "factor": f"{t['balance'] / initial[name]:.6f}" if initial[name] else "0"})  # fmt: skip
    names = run.results.get("triggers", [])
    return {
        "deal": deal, "run": run, "period": period, "date": row["date"], "pool": row["pool"],
        "fees_fen": sum(row["fees"].values()), "tranches": tranches, "reserve_fen": row["reserve"],
        "guarantor_fen": row["guarantor"], "liquidity_draw_fen": row["draw_liquidity"],
        "reserve_draw_fen": row["draw_reserve"], "oc": row["oc"], "ic": row["ic"],
        "waterfall": str(WATERFALL_LABELS.get(row["waterfall"], row["waterfall"])),
        "triggers": [{"name": n, "breached": b} for n, b in zip(names, row["triggers"], strict=False)],
        "periods": [(r["period"], r["date"]) for r in rows],
    }  # fmt: skip


def servicer(deal: Deal, run: Run, period: int) -> dict[str, Any]:
    data = distribution(deal, run, period)
    rows = run.results["periods"][:period]
    lines = list(PoolLoan.objects.filter(deal=deal, active=True))
    states = {f.id: f.state for f in lending.loans(ids=[p.loan_id for p in lines])}
    severe = [p for p in lines if states.get(p.loan_id) in SEVERE_STATES]
    data.update(
        cumulative_defaults_fen=sum(r["pool"]["defaulted"] for r in rows),
        cumulative_recoveries_fen=sum(r["pool"]["recovered"] for r in rows),
        cumulative_losses_fen=sum(r["pool"]["loss"] for r in rows),
        collections_fen=sum(row_amount(r) for r in rows[-1:]),
        delinquency={"d30": 0, "d60": 0, "d90": len(severe), "d90_fen": sum(p.balance_fen for p in severe)},
        loan_count=len(lines),
    )
    return data


def row_amount(row: dict[str, Any]) -> int:
    p = row["pool"]
    return p["interest"] + p["scheduled"] + p["prepaid"] + p["recovered"]


def pdf(template: str, data: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported lazily: it loads fonts and Pango on first use

    return HTML(string=render_to_string(template, data), base_url=None).write_pdf()


def _book(title: str, header: list[str], rows: list[list[Any]], extra: list[list[Any]] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for line in extra or []:
        ws.append(line)
    if extra:
        ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def yuan(fen: int) -> float:
    return round(fen / 100, 2)


def distribution_xlsx(data: dict[str, Any], title: str) -> bytes:
    header = [_("Tranche"), _("Opening balance (yuan)"), _("Interest due (yuan)"), _("Interest paid (yuan)"),
              _("Principal paid (yuan)"), _("Excess return (yuan)"), _("Closing balance (yuan)"),
              _("Factor")]  # fmt: skip
    rows = [[t["name"], yuan(t["opening_fen"]), yuan(t["interest_due_fen"]), yuan(t["interest_fen"]),
             yuan(t["principal_fen"]), yuan(t["residual_fen"]), yuan(t["closing_fen"]), t["factor"]]
            for t in data["tranches"]]  # fmt: skip
    p = data["pool"]
    extra = [[title, data["deal"].name_zh], [_("Payment date"), data["date"]],
             [_("Interest collected (yuan)"), yuan(p["interest"])],
             [_("Principal collected (yuan)"), yuan(p["scheduled"] + p["prepaid"])],
             [_("Recoveries (yuan)"), yuan(p["recovered"])], [_("Fees paid (yuan)"), yuan(data["fees_fen"])],
             [_("Reserve balance (yuan)"), yuan(data["reserve_fen"])],
             [_("Guarantor shortfall payment (yuan)"), yuan(data["guarantor_fen"])]]  # fmt: skip
    if "cumulative_defaults_fen" in data:
        d = data["delinquency"]
        extra += [[_("Pool balance (yuan)"), yuan(p["closing"])],
                  [_("Cumulative defaults (yuan)"), yuan(data["cumulative_defaults_fen"])],
                  [_("Cumulative recoveries (yuan)"), yuan(data["cumulative_recoveries_fen"])],
                  [_("Delinquent 30+ days (loans)"), d["d30"]], [_("Delinquent 60+ days (loans)"), d["d60"]],
                  [_("Delinquent 90+ days (loans)"), d["d90"]]]  # fmt: skip
    return _book(title, header, rows, extra)


def tape_xlsx(deal: Deal, lines: list[Any]) -> bytes:
    header = [_("Loan number"), _("Borrower"), _("Lending bank"), _("Industry"), _("Instrument"),
              _("Balance at cut-off (yuan)"), _("Annual rate (%)"), _("Remaining term (months)"), _("Maturity"),
              _("Pledged (t)"), _("Screening band"), _("Eligible"), _("Reasons")]  # fmt: skip
    rows = [[x["ref"], x["enterprise"], x["bank"], x["industry"], x["instrument"], yuan(x["balance_fen"]),
             x["rate"], x["months"], x["maturity"], x["pledged_t"], x["band"], x["eligible"], x["reasons"]]
            for x in lines]  # fmt: skip
    return _book(_("Data tape"), header, rows, [[deal.name_zh, deal.cut_off.isoformat()]])
