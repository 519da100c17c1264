"""One basis per published figure.

A report carries two totals of the China regulatory view: the one the platform **calculated** from the
activity ledger (``total_kg``) and the one the verifier **verified** (``verified_kg``). The figure that
counts is the verified one once there is one. Everything shown next to it — the previous year, the change
and the intensities — is put on that same basis and says which basis it is:

- previous year: the previous year's *published* annual report's verified figure (the public can check it
  on the portal; an unpublished or merely calculated previous year is not mixed in);
- change: figure against that previous-year figure, only when both are verified;
- intensity: the figure divided by the pinned denominators (or, for reports pinned before denominators
  were kept, the calculated intensity scaled by figure / calculated total).

The public CSV/JSON and the signed-in API use these names for these quantities (``docs/numbers.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from tanxin.accounting.domain.inventory import Denominators, intensities
from tanxin.disclosure.domain.workflow import State
from tanxin.disclosure.models import Report, ReportVersion

VERIFIED, CALCULATED = "verified", "calculated"
INTENSITY_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Figures:
    basis: str | None  # verified | calculated | None (no figure yet)
    figure_kg: int | None
    calculated_kg: int | None
    verified_kg: int | None
    previous_year_kg: int | None  # previous year's published verified figure
    previous_year_calculated_kg: int | None  # what the accounting ledger gave for the previous year
    change_pct: str | None  # figure vs previous_year_kg, one decimal, only both verified
    intensities: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        value_added = self.intensities.get("value_added") or {}
        return {
            "figure_kg": self.figure_kg, "figure_basis": self.basis, "calculated_kg": self.calculated_kg,
            "verified_kg": self.verified_kg, "previous_year_kg": self.previous_year_kg,
            "previous_year_calculated_kg": self.previous_year_calculated_kg, "change_pct": self.change_pct,
            "intensity_value_added": value_added.get("value"), "intensity_basis": self.basis if value_added else None,
        }  # fmt: skip


def previous_published_subquery() -> Subquery:
    """The previous year's newest published annual version's verified figure, per row (for list queries)."""
    rows = ReportVersion.objects.filter(
        state=State.PUBLISHED, report__kind=Report.Kind.ANNUAL,
        report__enterprise_id=OuterRef("report__enterprise_id"), report__year=OuterRef("report__year") - 1,
    ).order_by("-number").values("verified_kg")[:1]  # fmt: skip
    return Subquery(rows)


def with_previous(qs: QuerySet[ReportVersion]) -> QuerySet[ReportVersion]:
    return qs.annotate(previous_published_kg=previous_published_subquery())


def previous_published_kg(version: ReportVersion) -> int | None:
    if hasattr(version, "previous_published_kg"):
        return version.previous_published_kg
    row = (ReportVersion.objects.filter(state=State.PUBLISHED, report__kind=Report.Kind.ANNUAL,
                                        report__enterprise_id=version.report.enterprise_id,
                                        report__year=version.report.year - 1)
           .order_by("-number").values_list("verified_kg", flat=True).first())  # fmt: skip
    return row


def figures(version: ReportVersion) -> Figures:
    verified = version.verified_kg
    figure = verified if verified is not None else version.total_kg
    basis = None if figure is None else VERIFIED if verified is not None else CALCULATED
    previous = previous_published_kg(version) if version.report.kind == Report.Kind.ANNUAL else None
    change = None
    if basis == VERIFIED and previous:
        change = str((Decimal(figure - previous) * 100 / Decimal(previous)).quantize(Decimal("0.1"),
                                                                                    rounding=ROUND_HALF_UP))
    return Figures(basis, figure, version.total_kg, verified, previous, version.previous_year_kg, change,
                   _intensities(version, figure))


def _intensities(version: ReportVersion, figure: int | None) -> dict[str, dict[str, str]]:
    inputs = version.inputs or {}
    pinned = inputs.get("intensities") or {}
    if figure is None or not isinstance(pinned, dict):
        return {}
    raw = inputs.get("denominators")
    if isinstance(raw, dict):
        d = _denominators(raw)
        return {name: {"value": str(i.value.quantize(INTENSITY_PLACES)), "unit": i.unit}
                for name, i in intensities(Decimal(figure), d).items()}  # fmt: skip
    # Pinned before the denominators were kept: the same denominator, so scale by figure / calculated.
    total = version.total_kg
    if not total:
        return {}
    ratio = Decimal(figure) / Decimal(total)
    return {name: {"value": str((Decimal(str(v["value"])) * ratio).quantize(INTENSITY_PLACES)),
                   "unit": str(v.get("unit", ""))}
            for name, v in pinned.items() if isinstance(v, dict) and v.get("value") is not None}  # fmt: skip


def _denominators(raw: dict[str, Any]) -> Denominators:
    def dec(key: str) -> Decimal | None:
        value = raw.get(key)
        return Decimal(str(value)) if value not in (None, "") else None

    employees = raw.get("employees")
    return Denominators(
        revenue=dec("revenue"), revenue_unit=raw.get("revenue_unit") or "万元", value_added=dec("value_added"),
        value_added_unit=raw.get("value_added_unit") or "万元", output=dec("output"),
        output_unit=raw.get("output_unit") or "", floor_area=dec("floor_area"),
        floor_area_unit=raw.get("floor_area_unit") or "m2",
        employees=int(employees) if employees not in (None, "") else None,
    )  # fmt: skip
