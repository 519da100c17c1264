"""The station's report for a period as a PDF (WeasyPrint, CJK font) and as a workbook (openpyxl): the
headline, the funnel and the breakdowns by bank, product type, industry and month. Render outside any lock."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tanxin.common.money import format_yuan
from tanxin.matchmaking.station import Station

BREAKDOWNS = (("bank", "By bank"), ("kind", "By product type"), ("industry", "By industry"), ("month", "By month"))


def context(s: Station, title: str) -> dict:
    labels = {"bank": _("By bank"), "kind": _("By product type"), "industry": _("By industry"),
              "month": _("By month")}  # fmt: skip
    return {"s": s, "title": title, "generated": timezone.localtime(),
            "groups": [(labels[k], s.by.get(k, [])) for k, _label in BREAKDOWNS]}  # fmt: skip


def pdf(s: Station, title: str) -> bytes:
    from weasyprint import HTML  # imported lazily: it loads fonts and Pango on first use

    return HTML(string=render_to_string("matchmaking/report_pdf.html", context(s, title)), base_url=None).write_pdf()


def _rate(ppm: int | None) -> str:
    return "" if ppm is None else f"{ppm // 10_000}.{ppm % 10_000:04d} %"


def xlsx(s: Station, title: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")[:31]
    t = s.totals
    ws.append([title])
    ws.append([_("Period"), str(s.start or "—"), str(s.end or "—")])
    ws.append([_("Disbursed (CNY)"), format_yuan(t.disbursed_fen)])
    ws.append([_("Enterprises served"), t.enterprises])
    ws.append([_("Green share (CNY)"), format_yuan(t.green_fen)])
    ws.append([_("Approved (CNY)"), format_yuan(t.approved_fen)])
    ws.append([_("Median days to cash"), s.median_days_to_cash if s.median_days_to_cash is not None else ""])
    ws.append([_("Average rate"), _rate(s.rate_ppm)])
    ws.append([_("Net rate after subsidy"), _rate(s.net_rate_ppm)])
    ws.append([])
    ws.append([_("Requests"), pgettext("funnel", "Matched"), pgettext("funnel", "Accepted"),
               pgettext("funnel", "Approved"), pgettext("funnel", "Disbursed")])
    ws.append([t.requests, t.matched, t.accepted, t.approved, t.disbursed])
    for key, _label in BREAKDOWNS:
        sheet = wb.create_sheet(str(context(s, title)["groups"][[k for k, _x in BREAKDOWNS].index(key)][0])[:31])
        sheet.append([_("Group"), _("Disbursed (CNY)"), _("Payments"), _("Enterprises"), _("Average rate"),
                      _("Net rate after subsidy")])  # fmt: skip
        for row in s.by.get(key, []):
            sheet.append([row.label, format_yuan(row.disbursed_fen), row.payments, row.enterprises, _rate(row.rate_ppm),
                          _rate(row.net_rate_ppm)])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
