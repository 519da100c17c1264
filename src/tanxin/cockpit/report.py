"""The annual district report: the cockpit's headline sentences and figures as PDF (WeasyPrint) and XLSX
(openpyxl), in the active language. Both are written from one ``board.build`` result, the same one the page
and the API show; each sentence names the fact function its numbers come from, and the workbook keeps the
exact integers (fen, t, counts, basis points) beside the words."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tanxin.cockpit import messages, present
from tanxin.cockpit.domain.figures import Cockpit
from tanxin.cockpit.domain.report import sentences

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNIT_LABELS = {"count": "", "fen": "fen", "bp": "bp"}


def file_name(c: Cockpit, ext: str) -> str:
    lang = "en" if (translation.get_language() or "").startswith("en") else "zh"
    return f"cockpit-{c.jurisdiction_code}-{c.year}-{lang}.{ext}"


def title(c: Cockpit) -> str:
    return _("%(place)s carbon chain annual report %(year)s") % {"place": c.jurisdiction_name, "year": c.year}


def context(c: Cockpit) -> dict:
    return {"c": c, "title": title(c), "lines": present.report_lines(c), "panels": present.panels(c),
            "generated": timezone.localtime(), "no_data": messages.NO_DATA,
            "missing": [messages.SECTION_TITLES[k] for k in c.missing], "not_available": messages.NOT_AVAILABLE}


def pdf(c: Cockpit) -> bytes:
    from weasyprint import HTML  # imported lazily: it loads fonts and Pango on first use

    return HTML(string=render_to_string("cockpit/report_pdf.html", context(c)), base_url=None).write_pdf()


def xlsx(c: Cockpit) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Headlines")
    ws.append([title(c)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Generated"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    ws.append([])
    ws.append([_("Headline"), _("Source")])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    lines = present.report_lines(c)
    for sentence, source in lines:
        ws.append([sentence, source])
    if not lines:
        ws.append([str(messages.NO_DATA)])
    ws.column_dimensions["A"].width = 100
    ws.column_dimensions["B"].width = 45
    figures = wb.create_sheet(_("Figures"))
    figures.append([_("Section"), _("Figure"), _("Value"), _("Exact figure"), _("Unit"), _("Data as of"), _("Records")])
    for cell in figures[1]:
        cell.font = Font(bold=True)
    for panel in present.panels(c):
        for card in panel.cards:
            figures.append([panel.title, card.label, card.value if panel.has_data else str(messages.NO_DATA),
                            card.raw, UNIT_LABELS[card.unit], card.as_of.isoformat() if card.as_of else "",
                            card.link])  # fmt: skip
    for key in c.missing:
        figures.append([str(messages.SECTION_TITLES[key]), "", str(messages.NOT_AVAILABLE)])
    sources = wb.create_sheet(_("Sources"))
    sources.append([_("Headline"), _("Fact function"), _("Figures")])
    for s in sentences(c):
        sources.append([str(messages.SOURCES.get(s.source, s.source)), s.source,
                        ", ".join(f"{k}={v}" for k, v in sorted(s.params.items()))])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
