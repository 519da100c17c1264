"""Documents: a report as PDF (WeasyPrint, CJK through Noto Sans CJK SC) and XLSX (openpyxl), the bureau
overview as XLSX, and the public open data as CSV.

Callers render after their queries and outside transactions: a PDF takes a noticeable fraction of a
second and must never hold a database lock.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from tanxin.accounting import facts as accounting_facts
from tanxin.disclosure import content
from tanxin.disclosure.models import ReportVersion
from tanxin.web.templatetags.numbers import unit_label


def filename(version: ReportVersion, ext: str) -> str:
    report = version.report
    return f"tanxin-disclosure-{report.enterprise.uscc}-{report.year}-{report.kind}-v{version.number}.{ext}"


def report_pdf(version: ReportVersion, request: Any = None) -> bytes:
    from weasyprint import HTML  # imported lazily: it loads fonts and Pango on first use

    html = render_to_string("disclosure/pdf.html", {"version": version, "report": version.report,
                                                    "c": content.build(version), "now": timezone.now()})  # fmt: skip
    return HTML(string=html, base_url=None).write_pdf()


def _sheet(wb: Workbook, title: str, header: list[str], rows: Iterable[Iterable[Any]], first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([v if v is None or isinstance(v, int | float | Decimal) else str(v) for v in row])
    for column in ws.columns:
        ws.column_dimensions[column[0].column_letter].width = 24
    return ws


def _table_rows(table: dict[str, Any]) -> list[list[Any]]:
    """The page's table with its tonnes as numbers a spreadsheet can sum ("5,602.5" → 5602.5; "—" stays)."""
    return [[key, *(_number(v) for v in values)] for key, values in table["rows"]]


def _number(text: Any) -> Any:
    try:
        return Decimal(str(text).replace(",", ""))
    except (ArithmeticError, ValueError):
        return text


def report_xlsx(version: ReportVersion) -> bytes:
    c = content.build(version)
    wb = Workbook()
    identity, emissions = c["identity"], c["emissions"]
    summary = [
        (_("Enterprise"), identity["name_zh"]), (_("Unified social credit code"), identity["uscc"]),
        (_("Industry"), identity["industry"]), (_("Data year"), c["period"]["year"]),
        (_("Kind"), c["period"]["kind"]), (_("Version"), version.number), (_("State"), version.get_state_display()),
        (_("Reported figure (kgCO2e)"), emissions["figure_kg"]), (_("Basis of the figure"), emissions["basis_label"]),
        (_("Total, China regulatory view, calculated (kgCO2e)"), version.total_kg),
        (_("Verified total (kgCO2e)"), version.verified_kg),
        (_("Previous year, published and verified (kgCO2e)"), emissions["previous_year_kg"]),
        (_("Change"), emissions["change"]),
        (_("Total, GHG Protocol location-based (kgCO2e)"), version.ghg_location_kg),
        (_("Total, GHG Protocol market-based (kgCO2e)"), version.ghg_market_kg),
        (_("Data-quality score"), version.quality_score),
        (_("Factor snapshot"), version.snapshot_digest), (_("Boundary"), c["boundary"]),
        (_("Allowance surrender"), c["surrender"]), (_("Reduction targets"), c["reduction_targets"]),
        (_("Reduction actions"), c["reduction_actions"]), (_("Data-quality statement"), c["quality"]["statement"]),
        (_("Restatement reason"), version.restatement_reason),
    ]  # fmt: skip
    _sheet(wb, pgettext("disclosure", "Summary"), [_("Item"), _("Value")], summary, first=True)
    for title, table in ((_("By scope"), c["by_scope"]), (_("By source type"), c["activity"]["by_source_type"]),
                         (_("By gas"), c["by_gas"])):  # fmt: skip
        _sheet(wb, title, [_("Key"), *(col or _("tCO2e") for col in table["columns"])], _table_rows(table))
    _sheet(wb, pgettext("disclosure", "Sources"), [_("Name"), _("Type"), _("Details")],
           [(s["name"], s["type"], s["details"]) for s in c["sources"]])  # fmt: skip
    _sheet(wb, _("Intensities"), [_("Intensity"), _("Value"), _("Unit")],
           [(i["name"], _number(i["value"]), unit_label(i["unit"])) for i in c["intensities"]])  # fmt: skip
    flag_header = [_("Severity"), pgettext("disclosure", "Reason"), _("Line")]
    _sheet(wb, _("Data quality"), flag_header,
           [(accounting_facts.severity_label(str(f.get("severity", ""))),
             accounting_facts.flag_reason(f.get("code", ""), f.get("details") or {}, f.get("reason", "")),
             f.get("line_id", "")) for f in c["quality"]["flags"]])  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def overview_xlsx(data: dict[str, Any]) -> bytes:
    wb = Workbook()
    rows = []
    for row in data["rows"]:
        v = row["version"]
        state = v.get_state_display() if v else _("Not started")
        rows.append((row["enterprise"].name_zh, row["enterprise"].uscc, state,
                     _("yes") if row["disclosed"] else _("no"),
                     Decimal(v.total_kg) / 1000 if v and v.total_kg is not None else None,
                     v.quality_score if v else None))  # fmt: skip
    _sheet(wb, str(data["year"]), [_("Enterprise"), _("Unified social credit code"), _("State"), _("Disclosed"),
                                   _("Total (tCO2e)"), _("Data-quality score")], rows, first=True)  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# The same names as the API's public and signed-in responses (``basis.Figures``); ``total_kg`` is kept as the
# deprecated alias of ``figure_kg`` it always was here.
OPEN_DATA_COLUMNS = ("enterprise_id", "enterprise", "enterprise_en", "uscc", "industry", "year", "kind", "version",
                     "figure_kg", "figure_basis", "calculated_kg", "verified_kg", "previous_year_kg", "change_pct",
                     "intensity_value_added", "intensity_basis", "ghg_location_kg", "ghg_market_kg", "total_kg",
                     "published_at")  # fmt: skip


def open_data_csv(rows: Iterable[dict[str, Any]]) -> Iterable[str]:
    """CSV lines with a BOM so Excel opens the Chinese names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    writer.writerow(OPEN_DATA_COLUMNS)
    for row in rows:
        writer.writerow(["" if row[k] is None else row[k].isoformat() if hasattr(row[k], "isoformat") else row[k]
                         for k in OPEN_DATA_COLUMNS])  # fmt: skip
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
