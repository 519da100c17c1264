"""The enterprise import template and directory exports (XLSX via openpyxl, CSV with a BOM for Excel)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from tanxin.orgs.domain.importing import COLUMNS, ENTERPRISE_TYPES, ETS_VALUES, SIZES
from tanxin.web import xlsx

COLUMN_LABELS = {
    "uscc": gettext_lazy("Unified social credit code"),
    "name_zh": gettext_lazy("Name (Chinese)"),
    "name_en": gettext_lazy("Name (English)"),
    "industry_code": gettext_lazy("Industry code (GB/T 4754)"),
    "enterprise_type": gettext_lazy("Enterprise type"),
    "size": gettext_lazy("Size"),
    "jurisdiction_code": gettext_lazy("Jurisdiction code"),
    "address": gettext_lazy("Address"),
    "contact_name": gettext_lazy("Contact person"),
    "contact_phone": gettext_lazy("Contact phone"),
    "contact_email": gettext_lazy("Contact email"),
    "key_emitter": gettext_lazy("Key emission-control unit (yes/no)"),
    "ets": gettext_lazy("ETS membership"),
}


def build_template(industries: Iterable[tuple[str, str]], jurisdictions: Iterable[tuple[str, str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Enterprises")
    ws.append([str(COLUMN_LABELS[key]) for key in COLUMNS])
    bold = Font(bold=True)
    for cell, (key, (required, _max)) in zip(ws[1], COLUMNS.items(), strict=True):
        cell.font = bold
        if required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
        ws.column_dimensions[cell.column_letter].width = max(14, len(str(COLUMN_LABELS[key])) + 4)
    help_ws = wb.create_sheet(_("Instructions"))
    help_ws.append([_("Fill one enterprise per row on the first sheet. Yellow columns are required.")])
    help_ws.append([_("The import is all-or-nothing: if any row has an error, nothing is saved.")])
    help_ws.append([_("Enterprise type"), ", ".join(ENTERPRISE_TYPES)])
    help_ws.append([_("Size"), ", ".join(SIZES)])
    help_ws.append([_("ETS membership"), ", ".join(ETS_VALUES)])
    codes_ws = wb.create_sheet(_("Codes"))
    codes_ws.append([_("Industry code (GB/T 4754)"), _("Name")])
    for code, name in industries:
        codes_ws.append([code, name])
    codes_ws.append([])
    codes_ws.append([_("Jurisdiction code"), _("Name")])
    for code, name in jurisdictions:
        codes_ws.append([code, name])
    return _save(wb)


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_rows(data: bytes, *, max_rows: int) -> list[dict[str, object]]:
    """Rows of the first sheet keyed by column key (headers in either language); see ``tanxin.web.xlsx``."""
    required = [key for key, (is_required, _max) in COLUMNS.items() if is_required]
    return xlsx.keyed_rows(data, labels=COLUMN_LABELS, required=required, max_rows=max_rows)


EXPORT_FIELDS = (
    ("uscc", gettext_lazy("Unified social credit code")),
    ("name_zh", gettext_lazy("Name (Chinese)")),
    ("name_en", gettext_lazy("Name (English)")),
    ("kind", gettext_lazy("Kind")),
    ("industry", gettext_lazy("Industry")),
    ("enterprise_type", gettext_lazy("Enterprise type")),
    ("size", gettext_lazy("Size")),
    ("jurisdiction", gettext_lazy("Jurisdiction")),
    ("key_emitter", gettext_lazy("Key emission-control unit")),
    ("ets", gettext_lazy("ETS membership")),
    ("status", gettext_lazy("Status")),
    ("address", gettext_lazy("Address")),
    ("contact_name", gettext_lazy("Contact person")),
    ("contact_phone", gettext_lazy("Contact phone")),
    ("contact_email", gettext_lazy("Contact email")),
)


def export_row(org) -> list[object]:
    values = {
        "kind": org.get_kind_display(),
        "industry": org.industry.code if org.industry_id else "",
        "enterprise_type": org.get_enterprise_type_display() if org.enterprise_type else "",
        "size": org.get_size_display() if org.size else "",
        "jurisdiction": org.jurisdiction.code,
        "key_emitter": _("yes") if org.key_emitter else _("no"),
        "ets": org.get_ets_display(),
        "status": org.get_status_display(),
    }
    return [str(values.get(key, getattr(org, key))) for key, _label in EXPORT_FIELDS]


def export_xlsx(orgs: Iterable) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Directory"))
    ws.append([str(label) for _key, label in EXPORT_FIELDS])
    for org in orgs:
        ws.append(export_row(org))
    return _save(wb)


def export_csv_lines(orgs: Iterable) -> Iterable[str]:
    """CSV lines for a streaming response; the BOM makes Excel read the Chinese text as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _key, label in EXPORT_FIELDS])
    yield "\ufeff" + buffer.getvalue()
    for org in orgs:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(export_row(org))
        yield buffer.getvalue()
