"""Exports of a scheme's results: an XLSX workbook (results, score lines, expert sheets) and a PDF.

Numbers are written as Decimal (Excel shows them as numbers): no float for money or points.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from tanxin.common.money import fen_to_yuan
from tanxin.support.models import Application, ExpertSheet, Scheme, ScoreLine
from tanxin.support.templatetags.support import basis_label, etype_label, rule_label

YUAN_FORMAT = "#,##0.00"


def _sheet(wb: Workbook, title: str, header: list[str], rows: Iterable[list], money_cols: tuple[int, ...] = ()):
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col in money_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = YUAN_FORMAT
    ws.freeze_panes = "A2"
    return ws


def results_xlsx(
    scheme: Scheme, apps: list[Application], lines: Iterable[ScoreLine], sheets: Iterable[ExpertSheet]
) -> bytes:
    """``apps``, ``lines`` and ``sheets`` come from gated queries: the export shows what the page shows."""
    wb = Workbook()
    wb.remove(wb.active)
    refs = {a.pk: (a.reference, a.enterprise.name) for a in apps}
    _sheet(
        wb,
        _("Results"),
        [
            _("Rank"),
            _("Application"),
            _("Enterprise"),
            _("Credit code"),
            _("Enterprise type"),
            _("Industry"),
            _("Automatic"),
            _("Self-declared"),
            pgettext("score", "Expert"),
            _("Aggregation"),
            _("Spread flagged"),
            _("Total"),
            _("Draft award (CNY)"),
            _("Award (CNY)"),
            _("Basis"),
            _("Paid (CNY)"),
        ],
        (
            [
                a.award.rank,
                a.reference,
                a.enterprise.name,
                a.enterprise.uscc,
                etype_label(a.enterprise_type),
                a.industry_code,
                a.automatic,
                a.self_declared,
                a.expert,
                rule_label(a.expert_method),
                _("yes") if a.spread_flagged else "",
                a.total,
                fen_to_yuan(a.award.draft_fen),
                fen_to_yuan(a.award.amount_fen),
                basis_label(a.award.basis),
                fen_to_yuan(sum(d.amount_fen for d in a.disbursements.all())),
            ]
            for a in apps
        ),
        money_cols=(13, 14, 16),
    )
    _sheet(
        wb,
        _("Score lines"),
        [
            _("Application"),
            _("Enterprise"),
            _("Criterion"),
            _("Scored by"),
            _("Points"),
            _("Rule"),
            _("Facts"),
            _("Evidence or source"),
            _("By"),
            _("Reason"),
        ],
        (
            [
                *refs.get(ln.application_id, ("", "")),
                ln.item_code,
                ln.kind,
                ln.points,
                ln.provenance.get("rule", "") or ln.provenance.get("method", ""),
                "; ".join(f"{k}={v}" for k, v in ln.provenance.get("facts", [])),
                "; ".join(ln.provenance.get("sources", [])),
                ln.provenance.get("actor", ""),
                ln.provenance.get("reason", ""),
            ]
            for ln in lines
            if ln.application_id in refs
        ),
    )
    _sheet(
        wb,
        _("Expert sheets"),
        [_("Application"), _("Enterprise"), _("Expert"), _("Submitted"), _("Criterion"), _("Points"), _("Comment")],
        (
            [
                *refs.get(s.application_id, ("", "")),
                str(s.expert),
                timezone.localtime(s.submitted_at).strftime("%Y-%m-%d %H:%M"),
                x.item_code,
                x.points,
                x.comment,
            ]
            for s in sheets
            if s.application_id in refs
            for x in s.scores.all()
        ),
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def results_pdf(scheme: Scheme, apps: list[Application]) -> bytes:
    """The result list as an A4 PDF (CJK font from Debian's fonts-noto-cjk). Render outside any lock."""
    from weasyprint import HTML

    html = render_to_string(
        "support/results_pdf.html",
        {
            "scheme": scheme,
            "apps": apps,
            "generated": timezone.localtime(),
            "committed_fen": sum(a.award.amount_fen for a in apps),
        },
    )
    return HTML(string=html).write_pdf()
