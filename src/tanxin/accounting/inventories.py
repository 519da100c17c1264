"""Emission inventories: calculation of an enterprise-year from the current library, stored inventories,
bulk recompute, and the service-to-service reads (``report_inputs``, ``emission_trend``) that
``accounting.facts`` offers to other apps. No gate here: callers check their own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tanxin.accounting import messages
from tanxin.accounting.calculation import GHG_GWP_SET, TOTAL_KEYS, YearResult, compute_year
from tanxin.accounting.domain import bundle
from tanxin.accounting.domain.calc import CalcContext, ghg_protocol
from tanxin.accounting.domain.calc.base import select_grid
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.inventory import Denominators, intensities, inventory_payload
from tanxin.accounting.ledger import (
    ROW_FIELDS,
)
from tanxin.accounting.models import (
    ActivityLine,
    AnnualStatistics,
    EmissionSource,
    FactorRecord,
    Inventory,
)
from tanxin.accounting.recompute import (  # the bulk recompute, offered here with the rest of the inventories
    UPSERT_FIELDS,  # noqa: F401
    bulk_calculation,  # noqa: F401
    inventory_row,
    recompute_all,  # noqa: F401
    store_inventories,
)
from tanxin.accounting.reference import current_snapshot, place_of
from tanxin.common.errors import DomainError, NotFound
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.models import Organisation

MIN_YEAR, MAX_YEAR = 2000, 2100
INTENSITY_PLACES = Decimal("0.000001")


# --- service-to-service API -------------------------------------------------------------------------


def _enterprise(enterprise_id: int) -> Organisation:
    org = Organisation.objects.filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).select_related("jurisdiction").first()
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
        return compute_year(rows, current_snapshot(), year, ets_covered=org.ets != Organisation.Ets.NONE,
                            place=place_of(org.jurisdiction.code))
    except AccountingError as exc:  # a stored line the current library cannot compute (e.g. factor removed)
        raise DomainError(messages.translate(exc).message, code=exc.code, details=exc.details) from exc


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
    place = place_of(_enterprise(enterprise_id).jurisdiction.code)
    denominators = statistics_for(enterprise_id, year)
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
        "place": {"division_code": place.division_code, "province": place.province, "grid_region": place.region,
                  "table_version": place.table_version},
        "views": {"china_regulatory": inventory_payload(result.china), "ghg_protocol": inventory_payload(result.ghg)},
        "total_kg": result.total_kg(),
        "by_scope_kg": {k: summary[k]["by_scope"] for k in TOTAL_KEYS},
        "by_source_type_kg": {k: summary[k]["by_source_type"] for k in TOTAL_KEYS},
        "by_gas_co2e_kg": {k: summary[k]["by_gas"] for k in TOTAL_KEYS},
        "by_gas_mass_kg": {k: summary[k]["by_gas_mass"] for k in TOTAL_KEYS},
        "intensities": intensity_values(totals["china_regulatory"].total_co2e_kg, denominators),
        # The denominators themselves, so a published intensity can be recomputed on the verified figure.
        "denominators": {k: (str(v) if v is not None else None) for k, v in vars(denominators).items()},
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


PLACE_FAMILIES = ("grid_provincial", "grid_regional")


def restatement_proposals(factor_ids: list[str], year: int, enterprise_id: int | None = None) -> list[dict[str, Any]]:
    """For the factor ids a report pinned (``inventory_payload`` lines list them), which would the library
    choose now for ``year``? A newer published year or a correction means the report should be restated.
    With ``enterprise_id``, a provincial or regional grid factor is chosen again by the place rule for the
    enterprise's province and region (a new provincial year can replace a regional one).

    Returns ``[{"used", "now", "reason": "newer_year" | "corrected"}]``; empty when nothing changed."""
    snapshot = current_snapshot()
    context = None
    if enterprise_id is not None:
        place = place_of(_enterprise(enterprise_id).jurisdiction.code)
        context = CalcContext(reporting_year=year, province=place.province, region=place.region)
    proposals = []
    for used in FactorRecord.objects.filter(factor_id__in=sorted(set(factor_ids))).order_by("factor_id"):
        try:
            if context is not None and used.family in PLACE_FAMILIES:
                now = select_grid(snapshot, ghg_protocol().grid_location, context, by_place=True).factor
            else:
                now = snapshot.select(used.family, used.subject, year).factor
        except AccountingError:
            continue
        if now.id == used.factor_id:
            continue
        reason = "corrected" if used.superseded_by_id else "newer_year"
        proposals.append({"used": used.factor_id, "now": now.id, "reason": reason})
    return proposals


# --- stored inventories -----------------------------------------------------------------------------


def recompute(enterprise_id: int, year: int) -> Inventory | None:
    """Recalculate and store one enterprise-year; deletes the stored row when no data remains."""
    result = compute(enterprise_id, year)
    if result is None:
        Inventory.objects.filter(enterprise_id=enterprise_id, year=year).delete()
        return None
    row = inventory_row(enterprise_id, year, result, current_snapshot().digest)
    store_inventories([row])
    return Inventory.objects.get(enterprise_id=enterprise_id, year=year)


def bundle_inputs(enterprise_id: int, year: int) -> dict[str, Any]:
    """What a figure bundle needs from accounting (``accounting.domain.bundle``): the activity lines as stored,
    the whole current factor library, the enterprise's place and the rules the views applied."""
    org = _enterprise(enterprise_id)
    rows = _rows(enterprise_id, year)
    if not rows:
        raise NotFound(_("No activity data for %(year)s.") % {"year": year}, code="no_activity_data")
    snapshot = current_snapshot()
    place = place_of(org.jurisdiction.code)
    lines = [{"id": r["id"], "kind": r["kind"], "unit": r["unit"], "data": r["data"], "year": r["year"],
              "month": r["month"], "subject": r["source__subject"], "series": _series(r),
              "source": r["source__name"]} for r in rows]  # fmt: skip
    return {
        "activity_lines": lines, "factor_library": bundle.snapshot_content(snapshot),
        "snapshot_digest": snapshot.digest,
        "place": {"division_code": place.division_code, "province": place.province, "grid_region": place.region,
                  "table_version": place.table_version},
        "rules": {"ets_covered": org.ets != Organisation.Ets.NONE, "china_gwp_set": "SAR", "ghg_gwp_set": GHG_GWP_SET,
                  **bundle.RULES},
    }  # fmt: skip


def _series(row: dict[str, Any]) -> str:
    name, facility = row.get("source__name") or str(row.get("source_id", "")), row.get("source__facility") or ""
    return f"{name} @ {facility}" if facility else name
