"""One enterprise-year from stored rows: both views, totals, line results, quality. No database access
here (the caller reads rows and writes results), so the bulk recompute and the single recompute share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from tanxin.accounting.domain.calc import CalcContext, ViewPolicy, china_regulatory, ghg_protocol
from tanxin.accounting.domain.factors import FactorSnapshot
from tanxin.accounting.domain.inventory import Inventory, Totals, build_inventories, to_kg_int
from tanxin.accounting.domain.lean import LeanCalculator
from tanxin.accounting.domain.lean_year import LeanYear, lean_year
from tanxin.accounting.domain.lines import ActivityLine
from tanxin.accounting.domain.place import Place
from tanxin.accounting.domain.quality import QualityReport, assess
from tanxin.accounting.ledger import lean_line, to_domain

GHG_GWP_SET = "AR5"
_ONE = Decimal(1)
# View keys used in totals: China regulatory, GHG Protocol location-based, GHG Protocol market-based.
TOTAL_KEYS = ("china_regulatory", "ghg_protocol_location", "ghg_protocol_market")


@dataclass(frozen=True)
class YearResult:
    year: int
    lines: tuple[ActivityLine, ...]
    china: Inventory
    ghg: Inventory
    quality: QualityReport

    @cached_property
    def _totals(self) -> dict[str, Totals]:
        return {
            "china_regulatory": self.china.totals(),
            "ghg_protocol_location": self.ghg.totals("location"),
            "ghg_protocol_market": self.ghg.totals("market"),
        }

    def totals(self) -> dict[str, Totals]:
        return self._totals

    def total_kg(self) -> dict[str, int]:
        return total_kg(self.totals())

    def line_results(self) -> dict[str, list[int]]:
        """line id -> [China, GHG location, GHG market] kgCO2e (0 where a view leaves the line out)."""
        result: dict[str, list[Decimal]] = {line.line_id: [Decimal(0)] * 3 for line in self.lines}
        for r in self.china.lines:
            result[r.line_id][0] += r.co2e_kg
        for r in self.ghg.lines:
            if r.scope2_method in (None, "location"):
                result[r.line_id][1] += r.co2e_kg
            if r.scope2_method in (None, "market"):
                result[r.line_id][2] += r.co2e_kg
        return {k: [to_kg_int(v) for v in values] for k, values in result.items()}

    def summary(self) -> dict[str, Any]:
        return summary_of(self.totals())


@dataclass(frozen=True)
class LeanYearResult:
    """What a bulk recompute stores of an enterprise-year (``inventories.inventory_row`` reads the same
    methods as on ``YearResult``), from ``domain.lean_year`` without traces. ``quality`` is identical."""

    year: int
    lines: tuple[ActivityLine, ...]
    lean: LeanYear

    @property
    def quality(self) -> QualityReport:
        return self.lean.quality

    def totals(self) -> dict[str, Totals]:
        return self.lean.totals

    def total_kg(self) -> dict[str, int]:
        return total_kg(self.lean.totals)

    def line_results(self) -> dict[str, list[int]]:
        # ``to_kg_int`` without its argument checks (every value here is a Decimal): 360 per enterprise-year
        return {k: [int(v.quantize(_ONE, rounding=ROUND_HALF_UP)) for v in values]
                for k, values in self.lean.line_results.items()}

    def summary(self) -> dict[str, Any]:
        return summary_of(self.lean.totals)


def total_kg(totals: dict[str, Totals]) -> dict[str, int]:
    return {key: to_kg_int(t.total_co2e_kg) for key, t in totals.items()}


def summary_of(totals: dict[str, Totals]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for key, t in totals.items():
        summary[key] = {
            "by_scope": {str(k): to_kg_int(v) for k, v in sorted(t.by_scope.items())},
            "by_source_type": {k: to_kg_int(v) for k, v in sorted(t.by_source_type.items())},
            "by_gas": {k: to_kg_int(v) for k, v in sorted(t.by_gas_co2e_kg.items())},  # kgCO2e per gas
            "by_gas_mass": {k: to_kg_int(v) for k, v in sorted(t.by_gas_mass_kg.items())},  # kg of each gas
        }
    return summary


def compute_year(
    rows: Sequence[dict[str, Any]], snapshot: FactorSnapshot, year: int, *, ets_covered: bool,
    place: Place | None = None,
) -> YearResult:
    lines = tuple(to_domain(row) for row in rows)
    return compute_lines(lines, snapshot, year, ets_covered=ets_covered, place=place)


def compute_lines(
    lines: tuple[ActivityLine, ...], snapshot: FactorSnapshot, year: int, *, ets_covered: bool,
    place: Place | None = None,
) -> YearResult:
    """``place`` is the enterprise's province and grid region (``reference.place_of``); without it only
    the national level is available to the GHG Protocol location-based view."""
    context = context_for(year, place)
    china, ghg = build_inventories(lines, snapshot, policies_for(ets_covered), context)
    # Both views feed the quality assessment: a provisional or transcribed factor in either is flagged.
    quality = assess(lines, china.lines, snapshot, year, other_views=ghg.lines)
    return YearResult(year, lines, china, ghg, quality)


def context_for(year: int, place: Place | None) -> CalcContext:
    if place is None:
        return CalcContext(reporting_year=year)
    return CalcContext(reporting_year=year, province=place.province, region=place.region)


def policies_for(ets_covered: bool) -> tuple[ViewPolicy, ViewPolicy]:
    return china_regulatory(ets_covered), ghg_protocol(GHG_GWP_SET)


def compute_lean(
    lines: tuple[ActivityLine, ...], snapshot: FactorSnapshot, year: int, *, ets_covered: bool,
    place: Place | None = None, calculator: LeanCalculator | None = None,
) -> LeanYearResult:
    """The stored figures of ``compute_lines`` without building traces (``domain.lean``). Raises whatever
    the lean calculation raises; ``compute_stored`` turns that into the full calculation."""
    context = context_for(year, place)
    policies = policies_for(ets_covered)
    return LeanYearResult(year, lines, lean_year(lines, snapshot, policies, context, calculator))


def compute_stored(
    rows: Sequence[dict[str, Any]], snapshot: FactorSnapshot, year: int, *, ets_covered: bool,
    place: Place | None = None, calculator: LeanCalculator | None = None,
) -> YearResult | LeanYearResult:
    """What a recompute stores for an enterprise-year: the lean calculation, or, when it raises (a line
    the library cannot compute, a refused value), the full ``compute_year``, which raises the same error
    with its usual wording or — should the lean path ever disagree — gives the result. The lean path never
    decides an error on its own."""
    try:
        lines = tuple(lean_line(row) for row in rows)
        return compute_lean(lines, snapshot, year, ets_covered=ets_covered, place=place, calculator=calculator)
    except Exception:
        return compute_year(rows, snapshot, year, ets_covered=ets_covered, place=place)
