"""Accounting writes and the service API other modules call.

``report_inputs`` and ``emission_trend`` are service-to-service (disclosure checks its own gate);
everything else takes the acting ``user`` and checks the accounting gate first.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tanxin.accounting import messages
from tanxin.accounting.calculation import TOTAL_KEYS, YearResult, compute_year
from tanxin.accounting.domain.calc import CalcContext, calculate_line, china_regulatory, ghg_protocol
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.inventory import Denominators, intensities, inventory_payload
from tanxin.accounting.domain.quality import QualityParams
from tanxin.accounting.ledger import (
    BOOLEAN_FIELDS,
    CHOICE_FIELDS,
    LINE_CLASSES,
    ROW_FIELDS,
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
    Inventory,
)
from tanxin.accounting.reference import current_snapshot
from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation

log = logging.getLogger(__name__)
MIN_YEAR, MAX_YEAR = 2000, 2100
INTENSITY_PLACES = Decimal("0.000001")


# --- service-to-service API -------------------------------------------------------------------------


def _enterprise(enterprise_id: int) -> Organisation:
    org = Organisation.objects.filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first()
    if org is None:
        raise NotFound(_("Enterprise not found."))
    return org


def _rows(enterprise_id: int, year: int) -> list[dict[str, Any]]:
    return list(ActivityLine.objects.filter(enterprise_id=enterprise_id, year=year)
                .order_by("source_id", "month").values(*ROW_FIELDS))  # fmt: skip


def compute(enterprise_id: int, year: int) -> YearResult | None:
    """Both views for one enterprise-year from the current library; None when there is no activity data."""
    org = _enterprise(enterprise_id)
    rows = _rows(enterprise_id, year)
    if not rows:
        return None
    try:
        return compute_year(rows, current_snapshot(), year, ets_covered=org.ets != Organisation.Ets.NONE)
    except AccountingError as exc:  # a stored line the current library cannot compute (e.g. factor removed)
        raise DomainError(messages.translate_error(exc), code=exc.code, details=exc.details) from exc


def statistics_for(enterprise_id: int, year: int) -> Denominators:
    s = AnnualStatistics.objects.filter(enterprise_id=enterprise_id, year=year).first()
    if s is None:
        return Denominators()

    def dec(text: str) -> Decimal | None:
        return Decimal(text) if text else None

    return Denominators(
        revenue=dec(s.revenue_wan), value_added=dec(s.value_added_wan), output=dec(s.output),
        output_unit=s.output_unit, floor_area=dec(s.floor_area_m2), employees=s.employees,
    )  # fmt: skip


def intensity_values(total_kg: Decimal, d: Denominators) -> dict[str, dict[str, str]]:
    return {
        name: {"value": str(i.value.quantize(INTENSITY_PLACES)), "unit": i.unit}
        for name, i in intensities(total_kg, d).items()
    }


def report_inputs(enterprise_id: int, year: int) -> dict:
    """Everything a disclosure report pins, JSON-serialisable, integers for kgCO2e.

    Raises ``NotFound`` (a ``DomainError``) when the enterprise has no activity data for ``year``.
    ``by_*_kg`` and ``total_kg`` are keyed by view: ``china_regulatory``, ``ghg_protocol_location``,
    ``ghg_protocol_market``. Intensities use the China-view total (the Shenzhen allocation basis).
    """
    result = compute(enterprise_id, year)
    if result is None:
        raise NotFound(_("No activity data for %(year)s.") % {"year": year}, code="no_activity_data")
    snapshot = current_snapshot()
    totals = result.totals()
    summary = result.summary()
    previous = compute(enterprise_id, year - 1)
    line_ids = [int(line.line_id) for line in result.lines]
    sources = (EmissionSource.objects.filter(lines__id__in=line_ids).distinct().order_by("id")
               .values("id", "name", "source_type", "facility"))  # fmt: skip
    return {
        "enterprise_id": enterprise_id,
        "year": year,
        "snapshot_digest": snapshot.digest,
        "views": {"china_regulatory": inventory_payload(result.china), "ghg_protocol": inventory_payload(result.ghg)},
        "total_kg": result.total_kg(),
        "by_scope_kg": {k: summary[k]["by_scope"] for k in TOTAL_KEYS},
        "by_source_type_kg": {k: summary[k]["by_source_type"] for k in TOTAL_KEYS},
        "by_gas_kg": {k: summary[k]["by_gas"] for k in TOTAL_KEYS},
        "intensities": intensity_values(totals["china_regulatory"].total_co2e_kg, statistics_for(enterprise_id, year)),
        "previous_year_total_kg": previous.total_kg()["china_regulatory"] if previous else None,
        "quality": {
            "score": result.quality.score,
            "flags": [
                {"code": f.code, "severity": str(f.severity), "reason": f.reason, "line_id": f.line_id,
                 "details": dict(f.details)}
                for f in result.quality.flags
            ],
        },
        "sources": list(sources),
        "activity_line_count": len(result.lines),
    }  # fmt: skip


def emission_trend(enterprise_id: int, years: list[int]) -> dict[int, int]:
    """China-view total kgCO2e per year, only for years with activity data (stored inventories when
    they are current, recomputed otherwise)."""
    digest = current_snapshot().digest
    stored = {
        inv.year: inv for inv in Inventory.objects.filter(enterprise_id=enterprise_id, year__in=list(years))
    }
    with_data = set(ActivityLine.objects.filter(enterprise_id=enterprise_id, year__in=list(years))
                    .values_list("year", flat=True).distinct())  # fmt: skip
    trend: dict[int, int] = {}
    for year in sorted(with_data):
        inv = stored.get(year)
        if inv is None or inv.snapshot_digest != digest or inv.error:
            inv = recompute(enterprise_id, year)
        if inv is not None:
            trend[year] = inv.total_china_kg
    return trend


def restatement_proposals(factor_ids: list[str], year: int) -> list[dict[str, Any]]:
    """For the factor ids a report pinned (``inventory_payload`` lines list them), which would the library
    choose now for ``year``? A newer published year or a correction means the report should be restated.

    Returns ``[{"used", "now", "reason": "newer_year" | "corrected"}]``; empty when nothing changed."""
    from tanxin.accounting.models import FactorRecord

    snapshot = current_snapshot()
    proposals = []
    for used in FactorRecord.objects.filter(factor_id__in=sorted(set(factor_ids))).order_by("factor_id"):
        try:
            now = snapshot.select(used.family, used.subject, year).factor
        except AccountingError:
            continue
        if now.id == used.factor_id:
            continue
        reason = "corrected" if used.superseded_by_id else "newer_year"
        proposals.append({"used": used.factor_id, "now": now.id, "reason": reason})
    return proposals


# --- stored inventories -----------------------------------------------------------------------------


def inventory_row(enterprise_id: int, year: int, result: YearResult, digest: str) -> Inventory:
    total = result.total_kg()
    return Inventory(
        enterprise_id=enterprise_id, year=year, snapshot_digest=digest,
        total_china_kg=total["china_regulatory"], total_ghg_location_kg=total["ghg_protocol_location"],
        total_ghg_market_kg=total["ghg_protocol_market"], summary=result.summary(),
        line_results=result.line_results(), quality_score=result.quality.score,
        flags=[{"code": f.code, "severity": str(f.severity), "reason": f.reason, "line_id": f.line_id,
                "details": dict(f.details)} for f in result.quality.flags],
        line_count=len(result.lines),
    )  # fmt: skip


UPSERT_FIELDS = ["snapshot_digest", "total_china_kg", "total_ghg_location_kg", "total_ghg_market_kg", "summary",
                 "line_results", "quality_score", "flags", "line_count", "error", "computed_at"]  # fmt: skip


def store_inventories(rows: list[Inventory]) -> None:
    Inventory.objects.bulk_create(rows, batch_size=500, update_conflicts=True,
                                  unique_fields=["enterprise", "year"], update_fields=UPSERT_FIELDS)  # fmt: skip


def recompute(enterprise_id: int, year: int) -> Inventory | None:
    """Recalculate and store one enterprise-year; deletes the stored row when no data remains."""
    result = compute(enterprise_id, year)
    if result is None:
        Inventory.objects.filter(enterprise_id=enterprise_id, year=year).delete()
        return None
    row = inventory_row(enterprise_id, year, result, current_snapshot().digest)
    store_inventories([row])
    return Inventory.objects.get(enterprise_id=enterprise_id, year=year)


@contextmanager
def bulk_calculation() -> Iterator[None]:
    """Pause the cyclic garbage collector around a bulk recompute.

    A recompute allocates millions of short-lived tuples (trace steps and inputs) and none of them form
    reference cycles; with the collector on, every few hundred allocations it rescans everything alive,
    which more than doubles the run time. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def recompute_all(enterprise_ids: list[int] | None = None, years: list[int] | None = None) -> int:
    """Bulk recompute: one streamed read of every line, calculation per enterprise-year, batched upserts.

    Rows arrive ordered by enterprise and year, so only one enterprise-year is held in memory at a time."""
    snapshot = current_snapshot()
    digest = snapshot.digest
    lines = ActivityLine.objects.all()
    if enterprise_ids is not None:
        lines = lines.filter(enterprise_id__in=enterprise_ids)
    if years is not None:
        lines = lines.filter(year__in=years)
    ets = dict(Organisation.objects.filter(kind=OrgKind.ENTERPRISE).values_list("pk", "ets"))
    batch: list[Inventory] = []
    count = 0

    def flush_group(key: tuple[int, int], rows: list[dict[str, Any]]) -> None:
        enterprise_id, year = key
        try:
            result = compute_year(rows, snapshot, year, ets_covered=ets.get(enterprise_id, "none") != "none")
        except AccountingError as exc:
            # One enterprise's bad line (e.g. a factor the library no longer has) must not stop the district's
            # recompute; its stored inventory stays as it was and the page shows the error when opened.
            log.warning("recompute of enterprise %s, %s failed: %s", enterprise_id, year, exc.message)
            return
        batch.append(inventory_row(enterprise_id, year, result, digest))
        if len(batch) >= 500:
            store_inventories(batch)
            batch.clear()

    with bulk_calculation():
        key: tuple[int, int] | None = None
        rows: list[dict[str, Any]] = []
        ordered = lines.order_by("enterprise_id", "year", "source_id", "month").values(*ROW_FIELDS)
        for row in ordered.iterator(chunk_size=5000):
            row_key = (row["enterprise_id"], row["year"])
            if row_key != key:
                if key is not None:
                    flush_group(key, rows)
                    count += 1
                key, rows = row_key, []
            rows.append(row)
        if key is not None:
            flush_group(key, rows)
            count += 1
        store_inventories(batch)
    return count


# --- permission helpers -----------------------------------------------------------------------------


def require_view(user: Any, enterprise_id: int) -> Organisation:
    """The enterprise if the user may read its accounting data (404 otherwise: no existence leak).

    Same rule as the directory's: own people, bureau staff of the jurisdiction, consented banks."""
    org = (Organisation.objects.visible_to(user, "view")
           .filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first())  # fmt: skip
    if org is None:
        raise NotFound(_("Enterprise not found."))
    return org


def can_edit(user: Any, enterprise_id: int) -> bool:
    principal = principal_for(user)
    return principal.is_superuser or enterprise_id in principal.org_ids_of_kind(OrgKind.ENTERPRISE)


def require_edit(user: Any, enterprise_id: int) -> Organisation:
    org = require_view(user, enterprise_id)
    if not can_edit(user, enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own people may enter its accounting data."))
    return org


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
            raise _field_error("period", messages.translate_error(AccountingError("invalid_period", period=period)),
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
                raise _field_error(key, messages.translate_error(AccountingError("not_a_number", field=key)),
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
    context = CalcContext(reporting_year=year)
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
