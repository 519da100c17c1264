"""Account statements: holdings and transactions as XLSX (openpyxl) and PDF (WeasyPrint, Noto CJK)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tanxin.registry import queries
from tanxin.registry.models import Account

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(account: Account) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Holdings")
    ws.append([_("Account statement"), account.number, str(account.owner)])
    ws.append([_("Generated"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    ws.append([])
    ws.append([_("Instrument"), _("Balance (t)"), _("Held (t)"), _("Available (t)")])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for h in queries.holdings(account):
        ws.append([h.instrument, h.quantity, h.held, h.available])
    history = wb.create_sheet(_("Transactions"))
    history.append([_("Date"), _("Transaction"), _("Kind"), _("Instrument"), _("Quantity (t)"), _("Counterparty"),
                    _("Reason")])  # fmt: skip
    for cell in history[1]:
        cell.font = Font(bold=True)
    for row in queries.history(account, limit=10_000):
        history.append([timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M"), row.tx_id, str(row.kind_label),
                        row.instrument, row.quantity, row.counterparty, row.reason])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def pdf(request, account: Account) -> bytes:
    from weasyprint import HTML  # imported lazily: it loads fonts and pango

    html = render_to_string("registry/statement_pdf.html", {
        "account": account, "holdings": queries.holdings(account), "history": queries.history(account, limit=500),
        "generated": timezone.localtime(),
    }, request=request)  # fmt: skip
    return HTML(string=html).write_pdf()


def compliance_xlsx(board, year: int) -> bytes:
    """The compliance board as a workbook (the bureau files it with its annual compliance notice)."""
    from tanxin.registry.templatetags.registry_tags import scheme_label, status_label

    wb = Workbook()
    ws = wb.active
    ws.title = _("Compliance %(year)s") % {"year": year}
    ws.append([_("Enterprise"), _("Credit code"), _("Scheme"), _("Obligation (t)"), _("Surrendered (t)"),
               _("Offsets counted (t)"), _("Shortfall (t)"), _("Status"), _("Penalty (CNY)"),
               _("Carbon surplus (t)"), _("Pledgeable (t)"), _("Parameters to be confirmed")])  # fmt: skip
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in board:
        r = p.result
        ws.append([
            p.enterprise.name, p.enterprise.uscc, scheme_label(p.scheme), p.obligation.tonnes if p.obligation else None,
            r.allowances_surrendered_t if r else None, r.offsets_counted_t if r else None,
            r.shortfall_t if r else None, status_label(p.status),
            (r.penalty_fen / 100) if r and r.penalty_fen is not None else None,
            r.surplus_t if r else None, r.pledgeable_t if r else None, ", ".join(p.unconfirmed),
        ])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
