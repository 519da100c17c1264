"""Enterprise data entry: emission sources, activity lines (monthly or annual), annual statistics.

Every write checks the gate, validates by running the line through the calculation in every view (so what
the calculation would refuse is refused now, per field), saves in one transaction and recomputes the stored
inventory of the enterprise-year.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tanxin.accounting import messages
from tanxin.accounting.access import require_edit
from tanxin.accounting.domain.calc import CalcContext, calculate_line, china_regulatory, ghg_protocol
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.quality import QualityParams
from tanxin.accounting.inventories import MAX_YEAR, MIN_YEAR, recompute
from tanxin.accounting.ledger import (
    BOOLEAN_FIELDS,
    CHOICE_FIELDS,
    LINE_CLASSES,
    data_fields,
    required_fields,
    to_domain,
)
from tanxin.accounting.models import (
    KINDS_BY_SOURCE_TYPE,
    ActivityLine,
    AnnualStatistics,
    EmissionSource,
    EvidenceFile,
)
from tanxin.accounting.reference import current_snapshot, place_of
from tanxin.common.errors import Conflict, DomainError, NotFound

# --- sources ---------------------------------------------------------------------------------------

SOURCE_FIELDS = ("name", "source_type", "category", "subject", "facility", "active")


def _clean(obj) -> None:
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DomainError(messages.please_correct(), code="validation_error", details=exc.message_dict) from exc


@transaction.atomic
def create_source(user: Any, enterprise_id: int, data: dict[str, Any]) -> EmissionSource:
    require_edit(user, enterprise_id)
    source = EmissionSource(enterprise_id=enterprise_id, **{k: v for k, v in data.items() if k in SOURCE_FIELDS})
    source.subject = (source.subject or "").strip()
    _check_subject(source)
    _clean(source)
    source._history_user = user
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError as exc:
        raise Conflict(_("A source with this name already exists."),
                       details={"name": [_("A source with this name already exists.")]}) from exc  # fmt: skip
    return source


@transaction.atomic
def update_source(user: Any, source_id: int, data: dict[str, Any]) -> EmissionSource:
    source = EmissionSource.objects.visible_to(user, "change").filter(pk=source_id).first()
    if source is None:
        raise NotFound(_("Emission source not found."))
    has_lines = source.lines.exists()
    for key, value in data.items():
        if key not in SOURCE_FIELDS:
            continue
        if has_lines and key in ("source_type", "subject") and value != getattr(source, key):
            raise Conflict(_("The type and subject of a source with activity data cannot change; add a new source."),
                           details={key: [_("Cannot change once activity data exists.")]})  # fmt: skip
        setattr(source, key, value)
    _check_subject(source)
    _clean(source)
    source._history_user = user
    source.save()
    return source


def _check_subject(source: EmissionSource) -> None:
    """Fuels, refrigerants and carbonates must be known to the factor library."""
    snapshot = current_snapshot()
    subject = source.subject
    st = source.source_type
    if st == "fuel_combustion":
        ok = any(f.family == "fuel_ncv" and f.subject == subject for f in snapshot.factors.values())
    elif st == "refrigerant":
        ok = subject in snapshot.blends or any(subject in g.values for g in snapshot.gwp_sets.values())
    elif st == "process_carbonate":
        ok = f"stoich.{subject}" in snapshot.parameters
    else:
        source.subject = ""
        return
    if not ok:
        message = _("Unknown fuel, refrigerant or carbonate: %(subject)s.") % {"subject": subject or "—"}
        raise DomainError(message, code="unknown_subject", details={"subject": [message]})


def subject_choices(source_type: str) -> list[str]:
    snapshot = current_snapshot()
    if source_type == "fuel_combustion":
        return sorted({f.subject for f in snapshot.factors.values() if f.family == "fuel_ncv"})
    if source_type == "refrigerant":
        gases = {g for s in snapshot.gwp_sets.values() for g in s.values if g != "CO2"}
        return sorted(set(snapshot.blends) | gases)
    if source_type == "process_carbonate":
        return sorted(k.removeprefix("stoich.") for k in snapshot.parameters if k.startswith("stoich."))
    return []


# --- activity lines ---------------------------------------------------------------------------------


def _field_error(field: str, message: str, code: str = "validation_error") -> DomainError:
    return DomainError(message, code=code, details={field: [message]})


def parse_period(year: Any, month: Any, period: str | None = None) -> tuple[int, int]:
    """(year, month) with month 0 for an annual line; ``period`` ("2024-03") must fall in ``year``."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise _field_error("year", _("Enter a year.")) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _field_error("year", _("The year must be between %(low)d and %(high)d.") % {
            "low": MIN_YEAR, "high": MAX_YEAR})
    if period:
        head, _sep, tail = str(period).partition("-")
        if not (head.isdigit() and tail.isdigit() and 1 <= int(tail) <= 12 and len(tail) == 2):
            raise _field_error("period", messages.translate(AccountingError("invalid_period", period=period)).message,
                               code="invalid_period")
        if int(head) != year:
            raise _field_error("period", _("Period %(period)s is outside the year %(year)d.") % {
                "period": period, "year": year}, code="period_outside_year")
        month = int(tail)
    try:
        month = int(month or 0)
    except (TypeError, ValueError):
        raise _field_error("month", _("The month must be 1–12, or empty for an annual figure.")) from None
    if not 0 <= month <= 12:
        raise _field_error("month", _("The month must be 1–12, or empty for an annual figure."),
                           code="invalid_period")
    return year, month


def clean_line_data(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Only the fields this kind accepts, as strings/booleans; required ones present."""
    allowed = data_fields(kind)
    unknown = sorted(k for k, v in data.items() if k not in allowed and v not in (None, ""))
    if unknown:
        raise _field_error("__all__", _("Fields not used by this kind of line: %(fields)s.") % {
            "fields": ", ".join(unknown)})
    clean: dict[str, Any] = {}
    for key in allowed:
        value = data.get(key)
        if value is None or value == "":
            continue
        if key in BOOLEAN_FIELDS:
            clean[key] = bool(value) if not isinstance(value, str) else value.lower() in ("1", "true", "yes", "on")
        elif key in CHOICE_FIELDS:
            if str(value) not in CHOICE_FIELDS[key]:
                raise _field_error(key, _("Not one of the allowed values."))
            clean[key] = str(value)
        else:
            if isinstance(value, float):  # JSON numbers: keep the written digits, not the binary value
                value = repr(value)
            try:
                number = Decimal(str(value).strip())
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                raise _field_error(key, messages.translate(AccountingError("not_a_number", field=key)).message,
                                   code="not_a_number")
            clean[key] = str(number)
    for key in required_fields(kind):
        if key not in clean:
            raise _field_error(key, _("This field is required."), code="missing_field")
    return clean


def validate_line(source: EmissionSource, kind: str, unit: str, data: dict[str, Any], year: int, month: int,
                  line_id: str = "new") -> None:
    """Build the domain line and calculate it in both views: anything the calculation would refuse
    (unknown unit, MWh entered as tonnes, missing density, impossible steam) is refused now, per field."""
    if kind not in KINDS_BY_SOURCE_TYPE.get(source.source_type, ()):
        raise _field_error("kind", _("A %(type)s source cannot hold this kind of line.") % {
            "type": source.get_source_type_display()})
    if not unit:
        raise _field_error("unit", _("This field is required."), code="missing_field")
    row = {"id": line_id, "kind": kind, "unit": unit, "data": data, "year": year, "month": month,
           "source__subject": source.subject, "source__facility": source.facility, "source__name": source.name,
           "source_id": source.pk}
    snapshot = current_snapshot()
    place = place_of(source.enterprise.jurisdiction.code)
    context = CalcContext(reporting_year=year, province=place.province, region=place.region)
    try:
        line = to_domain(row)
        results = []
        for policy in (china_regulatory(), china_regulatory(False), ghg_protocol()):
            results.extend(calculate_line(line, snapshot, policy, context))
    except AccountingError as exc:
        raise messages.as_field_error(exc) from exc
    ceiling = QualityParams().line_ceiling_kg
    if any(abs(r.co2e_kg) > ceiling for r in results):
        field = "charge" if "charge" in data else "quantity"
        raise _field_error(field, _("This quantity is implausibly large (over %(t)s tCO2e from one line).") % {
            "t": f"{ceiling / 1000:,.0f}"}, code="absurd_quantity")


@transaction.atomic
def save_line(user: Any, source_id: int, payload: dict[str, Any], *, line_id: int | None = None,
              lab_report: EvidenceFile | None = None) -> ActivityLine:
    """Create (or, with ``line_id``, replace) one activity line, then recompute the inventory.

    ``payload``: kind, unit, year, month or period, notes, and the kind's numeric fields."""
    source = EmissionSource.objects.visible_to(user, "change").filter(pk=source_id).first()
    if source is None:
        raise NotFound(_("Emission source not found."))
    line = None
    if line_id is not None:
        line = ActivityLine.objects.visible_to(user, "change").select_for_update().filter(pk=line_id).first()
        if line is None or line.source_id != source.pk:
            raise NotFound(_("Activity line not found."))
    kinds = KINDS_BY_SOURCE_TYPE[source.source_type]
    kind = payload.get("kind") or (kinds[0] if len(kinds) == 1 else "")
    if kind not in LINE_CLASSES:
        raise _field_error("kind", _("Not one of the allowed values."))
    year, month = parse_period(payload.get("year"), payload.get("month"), payload.get("period"))
    fixed = {"kind", "unit", "year", "month", "period", "notes", "lab_report_id"}
    data = clean_line_data(kind, {k: v for k, v in payload.items() if k not in fixed})
    unit = str(payload.get("unit") or "").strip()
    validate_line(source, kind, unit, data, year, month)
    _check_period_clash(source, year, month, exclude=line.pk if line else None)
    lab = lab_report or _lab_report(user, source.enterprise_id, payload.get("lab_report_id"))
    if lab is None and line is not None and any(k in data for k in ("measured_ncv", "measured_cc")):
        lab = line.lab_report
    if any(k in data for k in ("measured_ncv", "measured_cc", "measured_oxidation")) and lab is None:
        raise _field_error("lab_report", _("Measured parameters need a lab report attached."),
                           code="lab_report_required")
    old_year = line.year if line else None
    line = line or ActivityLine(enterprise_id=source.enterprise_id, source=source, created_by=user)
    line.year, line.month, line.kind, line.unit, line.data = year, month, kind, unit, data
    line.notes = str(payload.get("notes") or "")[:500]
    line.lab_report = lab
    line._history_user = user
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError as exc:
        raise _duplicate_period() from exc
    recompute(source.enterprise_id, year)
    if old_year is not None and old_year != year:
        recompute(source.enterprise_id, old_year)
    return line


def _duplicate_period() -> DomainError:
    message = _("This source already has data for that period.")
    return Conflict(message, code="duplicate_period", details={"month": [message]})


def _check_period_clash(source: EmissionSource, year: int, month: int, exclude: int | None) -> None:
    """One line per month; an annual figure and monthly figures for the same year do not mix."""
    others = ActivityLine.objects.filter(source=source, year=year).exclude(pk=exclude)
    if others.filter(month=month).exists():
        raise _duplicate_period()
    clash = others.exclude(month=0) if month == 0 else others.filter(month=0)
    if clash.exists():
        message = _("This source mixes an annual figure and monthly figures for %(year)d.") % {"year": year}
        raise Conflict(message, code="annual_and_monthly", details={"month": [message]})


def _lab_report(user: Any, enterprise_id: int, evidence_id: Any) -> EvidenceFile | None:
    if not evidence_id:
        return None
    evidence = EvidenceFile.objects.visible_to(user, "change").filter(pk=evidence_id, enterprise_id=enterprise_id)
    found = evidence.first()
    if found is None:
        raise _field_error("lab_report_id", _("Unknown lab report."))
    return found


@transaction.atomic
def delete_line(user: Any, line_id: int) -> None:
    line = ActivityLine.objects.visible_to(user, "change").filter(pk=line_id).first()
    if line is None:
        raise NotFound(_("Activity line not found."))
    enterprise_id, year = line.enterprise_id, line.year
    EvidenceFile.objects.filter(line=line).update(line=None)
    line._history_user = user
    line.delete()
    recompute(enterprise_id, year)


# --- statistics ------------------------------------------------------------------------------------

STATISTICS_FIELDS = ("revenue_wan", "value_added_wan", "output", "output_unit", "floor_area_m2", "employees")


@transaction.atomic
def set_statistics(user: Any, enterprise_id: int, year: int, data: dict[str, Any]) -> AnnualStatistics:
    require_edit(user, enterprise_id)
    year, _month = parse_period(year, 0)
    stats = AnnualStatistics.objects.filter(enterprise_id=enterprise_id, year=year).first() or AnnualStatistics(
        enterprise_id=enterprise_id, year=year)
    for key in STATISTICS_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key == "output_unit":
            stats.output_unit = str(value or "")[:40]
        elif key == "employees":
            if value in (None, ""):
                stats.employees = None
            elif not str(value).isdigit():
                raise _field_error(key, _("Enter a whole number of at least 0."))
            else:
                stats.employees = int(value)
        else:
            setattr(stats, key, _non_negative(key, value))
    stats._history_user = user
    stats.save()
    return stats


def _non_negative(field: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise _field_error(field, _("Enter a number of at least 0."))
    return str(number)
