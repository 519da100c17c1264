"""Bulk entry of activity lines by Excel template: all-or-nothing, with a row-by-row report."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from simple_history.utils import bulk_create_with_history

from tanxin.accounting import entry, messages, services
from tanxin.accounting.models import KINDS_BY_SOURCE_TYPE, ActivityLine, EmissionSource
from tanxin.common.errors import DomainError
from tanxin.web import xlsx

COLUMNS = {
    # key: (label, required)
    "source": (gettext_lazy("Emission source (name)"), True),
    "year": (gettext_lazy("Year"), True),
    "month": (gettext_lazy("Month (empty = whole year)"), False),
    "kind": (gettext_lazy("Kind (when the source allows several)"), False),
    "quantity": (gettext_lazy("Quantity"), False),
    "unit": (gettext_lazy("Unit"), True),
    "density_kg_per_l": (gettext_lazy("Density (kg/L)"), False),
    "direction": (gettext_lazy("Direction (purchased/exported)"), False),
    "green_quantity": (gettext_lazy("Of which green electricity"), False),
    "pressure_mpa": (gettext_lazy("Pressure (MPa)"), False),
    "enthalpy_kj_per_kg": (gettext_lazy("Enthalpy (kJ/kg)"), False),
    "temperature_c": (gettext_lazy("Temperature (°C)"), False),
    "charge": (gettext_lazy("Installed charge"), False),
    "leak_rate": (gettext_lazy("Annual leak rate (0–1)"), False),
    "purity": (gettext_lazy("Purity (0–1)"), False),
    "notes": (gettext_lazy("Notes"), False),
}


@dataclass
class ImportReport:
    errors: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def build_template(sources: list[EmissionSource]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Activity data")
    ws.append([str(label) for label, _r in COLUMNS.values()])
    for cell, (_key, (label, required)) in zip(ws[1], COLUMNS.items(), strict=True):
        cell.font = Font(bold=True)
        if required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
        ws.column_dimensions[cell.column_letter].width = max(12, len(str(label)) + 2)
    help_ws = wb.create_sheet(_("Instructions"))
    help_ws.append([_("One line per source and month (or per source and year). Yellow columns are required.")])
    help_ws.append([_("The import is all-or-nothing: if any row has an error, nothing is saved.")])
    help_ws.append([_("Units: t, kg, L, m3, 万Nm3, kWh, MWh, 万kWh, GJ, ...")])
    help_ws.append([])
    help_ws.append([_("Emission source (name)"), _("Type"), _("Kinds")])
    for s in sources:
        help_ws.append([s.name, s.get_source_type_display(),
                        ", ".join(k.value for k in KINDS_BY_SOURCE_TYPE[s.source_type])])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_rows(data: bytes, *, max_rows: int) -> list[dict[str, Any]]:
    """Rows keyed by column key, each with its spreadsheet row number; see ``tanxin.web.xlsx``."""
    labels = {key: label for key, (label, _required) in COLUMNS.items()}
    required = [key for key, (_label, is_required) in COLUMNS.items() if is_required]
    return xlsx.keyed_rows(data, labels=labels, required=required, max_rows=max_rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def import_lines(user: Any, enterprise_id: int, rows: list[dict[str, Any]]) -> ImportReport:
    """Validate every row first; save all rows in one transaction, or none."""
    services.require_edit(user, enterprise_id)
    sources = {s.name: s for s in EmissionSource.objects.visible_to(user, "change").filter(enterprise_id=enterprise_id)}
    report = ImportReport()
    seen: dict[tuple[int, int, int], int] = {}
    pending: list[ActivityLine] = []
    for number, raw in enumerate(rows, start=2):
        number = raw.get(xlsx.ROW, number)
        row = {k: _text(v) for k, v in raw.items() if k != xlsx.ROW}
        source = sources.get(row.get("source", ""))
        if source is None:
            report.errors.append({"row": number, "column": str(COLUMNS["source"][0]), "value": row.get("source", ""),
                                  "reason": _("Unknown emission source: declare it first.")})  # fmt: skip
            continue
        try:
            year, month = entry.parse_period(row.get("year"), row.get("month"))
            kinds = KINDS_BY_SOURCE_TYPE[source.source_type]
            kind = row.get("kind") or kinds[0]
            if kind not in kinds:
                message = _("Not one of the allowed values.")
                raise DomainError(message, details={"kind": [message]})
            fixed = {"source", "year", "month", "kind", "unit", "notes"}
            data = entry.clean_line_data(kind, {k: v for k, v in row.items() if k not in fixed})
            entry.validate_line(source, kind, row.get("unit", ""), data, year, month)
            key = (source.pk, year, month)
            if key in seen:
                message = _("Same source and period as row %(row)d.") % {"row": seen[key]}
                raise DomainError(message, details={"month": [message]})
            seen[key] = number
            entry._check_period_clash(source, year, month, exclude=None)
        except DomainError as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            column, messages = next(iter(details.items()), ("", [exc.message]))
            label = COLUMNS.get(column, (column,))[0]
            report.errors.append({"row": number, "column": str(label), "value": row.get(column, ""),
                                  "reason": str(messages[0] if isinstance(messages, list | tuple) else messages)})
            continue
        pending.append(ActivityLine(enterprise_id=enterprise_id, source=source, year=year, month=month, kind=kind,
                                    unit=row["unit"], data=data, notes=row.get("notes", "")[:500], created_by=user))
    # Months within one year of one source must not mix annual and monthly rows either.
    years: dict[tuple[int, int], set[int]] = {}
    for line in pending:
        years.setdefault((line.source_id, line.year), set()).add(line.month)
    for (_source_id, year), months in years.items():
        if 0 in months and len(months) > 1:
            report.errors.append({"row": "-", "column": str(COLUMNS["month"][0]), "value": year, "reason": _(
                "This source mixes an annual figure and monthly figures for %(year)d.") % {"year": year}})
    if report.errors:
        return report
    try:
        with transaction.atomic():
            bulk_create_with_history(pending, ActivityLine, default_user=user)
            for year in sorted({line.year for line in pending}):
                services.recompute(enterprise_id, year)
    except IntegrityError as exc:  # a concurrent entry took one of these periods after validation
        raise entry._duplicate_period() from exc
    report.created = len(pending)
    return report


VIEW_COLUMNS = ("china_regulatory", "ghg_protocol_location", "ghg_protocol_market")


def _t(kg: int | None) -> Decimal | None:
    """Integer kgCO2e as tonnes, exactly (three places): what the page shows, as a number a spreadsheet sums."""
    return None if kg is None else Decimal(int(kg)) / 1000


def _number(text: Any) -> Decimal | str | None:
    """A quantity stored as the text the enterprise typed, as a number in the workbook (text if it is none)."""
    try:
        return Decimal(str(text))
    except (ArithmeticError, ValueError):
        return text


def export_inventory(org_name: str, year: int, data: dict[str, Any], rows: list[tuple[Any, list, list]],
                     view_labels: dict[str, Any]) -> bytes:
    """The inventory page as a workbook: totals and breakdowns, intensities, lines with results, flags. Emissions
    are in tonnes as on the page (exact: kgCO2e ÷ 1000), quantities are numbers, codes are words."""
    from tanxin.accounting.messages import FLAG_LABELS, INTENSITY_LABELS
    from tanxin.web.templatetags.numbers import unit_label

    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")
    bold = Font(bold=True)
    ws.append([org_name, year])
    ws.append([_("Factor library snapshot %(digest)s") % {"digest": data["snapshot_digest"]}])
    ws.append([])
    ws.append(["", *[str(view_labels[k]) for k in VIEW_COLUMNS]])
    for cell in ws[ws.max_row]:
        cell.font = bold
    ws.append([_("Total (tCO2e)"), *[_t(data["total_kg"][k]) for k in VIEW_COLUMNS]])
    for title, key in ((pgettext("emissions", "Scope"), "by_scope_kg"), (_("Source type"), "by_source_type_kg"),
                       (_("Gas (tCO2e)"), "by_gas_co2e_kg"), (_("Gas (t of gas)"), "by_gas_mass_kg")):
        names = sorted({n for k in VIEW_COLUMNS for n in data[key][k]})
        for name in names:
            ws.append([f"{title} {_row_label(key, name)}", *[_t(data[key][k].get(name)) for k in VIEW_COLUMNS]])
    ws.append([])
    ws.append([_("Data quality score"), data["quality"]["score"]])
    for name, intensity in sorted(data["intensities"].items()):
        ws.append([str(INTENSITY_LABELS.get(name, name)), _number(intensity["value"]), unit_label(intensity["unit"])])
    lines_ws = wb.create_sheet(_("Activity lines"))
    lines_ws.append([pgettext("emissions", "Source"), _("Period"), _("Kind"), _("Quantity"), _("Unit"),
                     *[f"{view_labels[k]} (tCO2e)" for k in VIEW_COLUMNS], _("Flags")])  # fmt: skip
    for line, results, flags in rows:
        lines_ws.append([line.source.name, line.period_label, line.get_kind_display(), _number(line.quantity),
                         line.unit, *[_t(r) if isinstance(r, int) else r for r in results],
                         "、".join(str(FLAG_LABELS.get(f["code"], f["code"])) for f in flags)])  # fmt: skip
    flags_ws = wb.create_sheet(_("Flags"))
    flags_ws.append([_("Severity"), _("Flag"), _("Line"), _("Reason")])
    for flag in data["flag_reasons"]:
        flags_ws.append([messages.severity_label(flag["severity"]), str(FLAG_LABELS.get(flag["code"], flag["code"])),
                         flag["line_id"] or "", flag["reason"]])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row_label(key: str, name: str) -> str:
    """A breakdown row's name for people: source types have labels; scopes are numbers, gases formulas."""
    from tanxin.accounting.models import SourceType

    if key == "by_source_type_kg":
        return str(dict(SourceType.choices).get(name, name))
    return str(name)
