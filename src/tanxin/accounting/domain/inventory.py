"""Inventory: totals by scope, source type and gas; intensities; year-on-year change.

Decimal everywhere; ``to_kg_int`` is the one place a total becomes the integer kgCO2e stored at rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tanxin.accounting.domain import units
from tanxin.accounting.domain.calc import (
    CalcContext,
    LineResult,
    ViewPolicy,
    calculate_lines,
    calculate_lines_in_views,
)
from tanxin.accounting.domain.factors import FactorChoice, FactorSnapshot
from tanxin.accounting.domain.lines import ActivityLine

_KG_PER_T = Decimal(1000)


def to_kg_int(value: Decimal) -> int:
    """Whole kgCO2e, half-up, as stored at rest (SQLite would turn a DECIMAL into a float)."""
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise TypeError("pass a Decimal")
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Totals:
    total_co2e_kg: Decimal
    by_scope: Mapping[int, Decimal]
    by_source_type: Mapping[str, Decimal]
    by_gas_mass_kg: Mapping[str, Decimal]  # mass of each gas, kg
    by_gas_co2e_kg: Mapping[str, Decimal]  # each gas as kgCO2e (mass × GWP)
    memo_kg: Mapping[str, Decimal]  # non-Kyoto gases (HCFC-22), never in the total


def summarize(lines: Iterable[LineResult], scope2_method: str) -> Totals:
    """Sum the lines that apply to ``scope2_method`` (lines without a method apply to every one)."""
    by_scope: dict[int, Decimal] = {1: Decimal(0), 2: Decimal(0), 3: Decimal(0)}
    by_source: dict[str, Decimal] = {}
    by_gas: dict[str, Decimal] = {}
    by_gas_co2e: dict[str, Decimal] = {}
    memo: dict[str, Decimal] = {}
    zero = Decimal(0)
    for line in lines:  # hot loop of a bulk recompute: plain dict updates, no helper calls
        if line.scope2_method is not None and line.scope2_method != scope2_method:
            continue
        co2e = line.co2e_kg
        by_scope[line.scope] = by_scope.get(line.scope, zero) + co2e
        source = str(line.source_type)
        by_source[source] = by_source.get(source, zero) + co2e
        for gas, kg in line.gases_kg.items():
            by_gas[gas] = by_gas.get(gas, zero) + kg
        for gas, kg in line.co2e_by_gas_kg.items():
            by_gas_co2e[gas] = by_gas_co2e.get(gas, zero) + kg
        for gas, kg in line.memo_kg.items():
            memo[gas] = memo.get(gas, zero) + kg
    return Totals(sum(by_scope.values(), Decimal(0)), by_scope, by_source, by_gas, by_gas_co2e, memo)


@dataclass(frozen=True)
class Inventory:
    """One enterprise-year under one view; pins the snapshot digest it was computed with."""

    view: str
    gwp_set: str
    reporting_year: int
    scope2_methods: tuple[str, ...]
    snapshot_digest: str
    lines: tuple[LineResult, ...]

    def totals(self, scope2_method: str | None = None) -> Totals:
        """Totals for a scope-2 method; defaults to the view's first (prescribed or location)."""
        return summarize(self.lines, scope2_method or self.scope2_methods[0])

    def factor_choices(self) -> tuple[FactorChoice, ...]:
        unique: dict[tuple[str, int], FactorChoice] = {}
        for line in self.lines:
            for choice in line.factor_choices:
                unique[(choice.factor.id, choice.reporting_year)] = choice
        return tuple(unique[k] for k in sorted(unique))

    def provisional_factors(self) -> tuple[FactorChoice, ...]:
        """Factors from an earlier year than the report: restate when the matching year appears."""
        return tuple(c for c in self.factor_choices() if c.provisional)


def build_inventory(
    lines: Iterable[ActivityLine], snapshot: FactorSnapshot, policy: ViewPolicy, context: CalcContext
) -> Inventory:
    return Inventory(
        view=policy.name, gwp_set=policy.gwp_set, reporting_year=context.reporting_year,
        scope2_methods=policy.scope2_methods, snapshot_digest=snapshot.digest,
        lines=tuple(calculate_lines(lines, snapshot, policy, context)),
    )


def build_inventories(
    lines: Iterable[ActivityLine], snapshot: FactorSnapshot, policies: tuple[ViewPolicy, ...], context: CalcContext
) -> tuple[Inventory, ...]:
    """The same as ``build_inventory`` per policy, computing view-independent parts once."""
    per_view = calculate_lines_in_views(lines, snapshot, policies, context)
    return tuple(
        Inventory(view=p.name, gwp_set=p.gwp_set, reporting_year=context.reporting_year,
                  scope2_methods=p.scope2_methods, snapshot_digest=snapshot.digest, lines=tuple(results))
        for p, results in zip(policies, per_view, strict=True)
    )


@dataclass(frozen=True)
class Denominators:
    """Statistical indicators for intensities; None means "not reported" and skips that intensity."""

    revenue: Decimal | None = None
    revenue_unit: str = "万元"
    value_added: Decimal | None = None
    value_added_unit: str = "万元"
    output: Decimal | None = None
    output_unit: str = ""  # product unit as the enterprise states it (t clinker, pieces...)
    floor_area: Decimal | None = None
    floor_area_unit: str = "m2"
    employees: int | None = None


@dataclass(frozen=True)
class Intensity:
    name: str
    value: Decimal
    unit: str


def intensities(total_co2e_kg: Decimal, d: Denominators) -> dict[str, Intensity]:
    """tCO2e per 10^4 CNY revenue / value-added (Shenzhen allocation basis), per unit output,
    per employee; kgCO2e per m² (buildings are usually benchmarked in kg)."""
    tonnes = total_co2e_kg / _KG_PER_T
    result: dict[str, Intensity] = {}
    pairs = (("revenue", d.revenue, d.revenue_unit), ("value_added", d.value_added, d.value_added_unit))
    for name, amount, unit in pairs:
        if amount:
            wan = units.convert(amount, unit, "万元")
            result[name] = Intensity(name, tonnes / wan, "tCO2e/10^4 CNY")
    if d.output:
        result["output"] = Intensity("output", tonnes / d.output, f"tCO2e/{d.output_unit}".rstrip("/"))
    if d.floor_area:
        area = units.convert(d.floor_area, d.floor_area_unit, "m2")
        result["floor_area"] = Intensity("floor_area", total_co2e_kg / area, "kgCO2e/m2")
    if d.employees:
        result["employees"] = Intensity("employees", tonnes / d.employees, "tCO2e/employee")
    return result


@dataclass(frozen=True)
class Change:
    current: Decimal
    previous: Decimal
    delta: Decimal
    ratio: Decimal | None  # delta / previous; None when the previous year was zero


def change(current: Decimal, previous: Decimal) -> Change:
    delta = current - previous
    return Change(current, previous, delta, delta / previous if previous else None)


@dataclass(frozen=True)
class YearOnYear:
    total: Change
    by_scope: Mapping[int, Change]


def year_on_year(current: Totals, previous: Totals) -> YearOnYear:
    scopes = sorted(set(current.by_scope) | set(previous.by_scope))
    return YearOnYear(
        total=change(current.total_co2e_kg, previous.total_co2e_kg),
        by_scope={
            s: change(current.by_scope.get(s, Decimal(0)), previous.by_scope.get(s, Decimal(0)))
            for s in scopes
        },
    )


def _totals_payload(t: Totals) -> dict[str, object]:
    return {
        "total_co2e_kg": to_kg_int(t.total_co2e_kg),
        "by_scope": {str(k): to_kg_int(v) for k, v in sorted(t.by_scope.items())},
        "by_source_type": {k: to_kg_int(v) for k, v in sorted(t.by_source_type.items())},
        "by_gas_co2e_kg": {k: to_kg_int(v) for k, v in sorted(t.by_gas_co2e_kg.items())},
        "by_gas_mass_kg": {k: to_kg_int(v) for k, v in sorted(t.by_gas_mass_kg.items())},
    }


def inventory_payload(inventory: Inventory) -> dict[str, object]:
    """Plain data (ints and strings) to store with a report version and to diff restatements.

    Electricity lines appear once per scope-2 method, keyed ``<line_id>#<method>``.
    """
    lines = []
    for r in inventory.lines:
        key = f"{r.line_id}#{r.scope2_method}" if r.scope2_method else r.line_id
        lines.append({
            "line_id": key, "source_type": str(r.source_type), "scope": r.scope,
            "co2e_kg": to_kg_int(r.co2e_kg),
            "gases_kg": {gas: str(kg) for gas, kg in sorted(r.gases_kg.items())},
            "factors": sorted(c.factor.id for c in r.factor_choices),
        })
    choices = [{"id": c.factor.id, "year": c.factor.year, "level": c.level, "value": str(c.factor.value),
                "unit": c.factor.unit, "source": c.factor.source, "confidence": c.factor.confidence,
                "provisional": c.provisional,
                "passed_over": [{"id": p.factor_id, "year": p.year, "level": p.level, "reason": p.reason}
                                for p in c.passed_over]}
               for c in inventory.factor_choices()]
    return {
        "view": inventory.view, "gwp_set": inventory.gwp_set, "reporting_year": inventory.reporting_year,
        "snapshot_digest": inventory.snapshot_digest,
        "totals": {m: _totals_payload(inventory.totals(m)) for m in inventory.scope2_methods},
        "lines": lines,
        "factor_choices": choices,
    }
