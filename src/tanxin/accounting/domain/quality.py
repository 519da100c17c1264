"""Plausibility checks on an activity ledger and its results, and a 0–100 data-quality score.

Checks never refuse data (the line constructors already refuse the impossible, such as negative
quantities); they raise flags a reviewer or verifier looks at. Every threshold lives in
``QualityParams`` so a bureau can tune them without touching the logic.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from tanxin.accounting.domain import units
from tanxin.accounting.domain.calc import LineResult
from tanxin.accounting.domain.factors import FactorChoice, FactorSnapshot
from tanxin.accounting.domain.lines import (
    ActivityLine,
    Carbonate,
    FuelCombustion,
    HotWater,
    RefrigerantLeakRate,
    Steam,
)


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


REASONS: dict[str, str] = {
    "parameter_out_of_range": "{parameter} = {value} is outside the plausible range {low}–{high}.",
    "measured_deviates": "Measured {parameter} {measured} deviates {pct} % from the default {default}.",
    "month_jump": "{series}: {period} is {pct} % away from {previous_period}.",
    "missing_months": "{series}: no data for month(s) {months}.",
    "period_outside_year": "Period {period} is outside reporting year {year}.",
    "zero_quantity": "Quantity is zero.",
    "absurd_quantity": "Line emits {co2e_t} tCO2e, above the plausibility ceiling of {ceiling_t} t.",
    "negative_total": "{what} total is negative ({value} kgCO2e): exports exceed purchases.",
    "provisional_factor": "Factor {factor_id} is from {year}, before reporting year {reporting_year}.",
    "unconfirmed_factor": "Factor {factor_id} has confidence {confidence} (to be confirmed).",
}


@dataclass(frozen=True)
class Flag:
    code: str
    severity: Severity
    reason: str  # English, from REASONS; the Django layer translates by code + details
    line_id: str | None = None
    details: Mapping[str, str] = field(default_factory=dict)


def _flag(code: str, severity: Severity, line_id: str | None = None, **details: object) -> Flag:
    text = {k: str(v) for k, v in details.items()}
    return Flag(code, severity, REASONS[code].format(**text), line_id, text)


def _range(low: str, high: str) -> tuple[Decimal, Decimal]:
    return Decimal(low), Decimal(high)


@dataclass(frozen=True)
class QualityParams:
    oxidation_range: tuple[Decimal, Decimal] = _range("0.80", "1")
    leak_rate_range: tuple[Decimal, Decimal] = _range("0", "0.30")
    purity_range: tuple[Decimal, Decimal] = _range("0.50", "1")
    hot_water_temperature_range: tuple[Decimal, Decimal] = _range("20", "150")
    steam_enthalpy_range: tuple[Decimal, Decimal] = _range("2500", "3600")
    measured_deviation_pct: Decimal = Decimal(10)
    month_jump_pct: Decimal = Decimal(50)
    line_ceiling_kg: Decimal = Decimal("1e10")  # 10 Mt from one line is not a district enterprise
    severity_penalty: Mapping[Severity, int] = field(default_factory=lambda: MappingProxyType(
        {Severity.INFO: 1, Severity.WARNING: 5, Severity.ERROR: 20}))


@dataclass(frozen=True)
class QualityReport:
    flags: tuple[Flag, ...]
    score: int  # 0–100


def check_parameters(lines: Iterable[ActivityLine], p: QualityParams) -> list[Flag]:
    flags = []
    for line in lines:
        for name, value, bounds in _bounded_values(line, p):
            if value is not None and not bounds[0] <= value <= bounds[1]:
                flags.append(_flag("parameter_out_of_range", Severity.WARNING, line.line_id,
                                   parameter=name, value=value, low=bounds[0], high=bounds[1]))
        if getattr(line, "quantity", None) == 0:
            flags.append(_flag("zero_quantity", Severity.INFO, line.line_id))
    return flags


def _bounded_values(line: ActivityLine, p: QualityParams) -> list[tuple[str, Decimal | None, tuple]]:
    if isinstance(line, FuelCombustion):
        return [("oxidation rate", line.measured_oxidation, p.oxidation_range)]
    if isinstance(line, RefrigerantLeakRate):
        return [("leak rate", line.leak_rate, p.leak_rate_range)]
    if isinstance(line, Carbonate):
        return [("purity", line.purity, p.purity_range)]
    if isinstance(line, HotWater):
        return [("hot-water temperature", line.temperature_c, p.hot_water_temperature_range)]
    if isinstance(line, Steam):
        return [("steam enthalpy", line.enthalpy_kj_per_kg, p.steam_enthalpy_range)]
    return []


def check_measured_factors(
    lines: Iterable[ActivityLine], snapshot: FactorSnapshot, reporting_year: int, p: QualityParams
) -> list[Flag]:
    """A measured NCV or carbon content far from the guideline default is worth a second look."""
    flags = []
    for line in lines:
        if not isinstance(line, FuelCombustion):
            continue
        for name, family, measured in (("NCV", "fuel_ncv", line.measured_ncv),
                                       ("carbon content", "fuel_cc", line.measured_cc)):
            if measured is None:
                continue
            default = snapshot.select(family, line.fuel, reporting_year).factor.value
            pct = abs(measured - default) / default * 100
            if pct > p.measured_deviation_pct:
                flags.append(_flag("measured_deviates", Severity.WARNING, line.line_id, parameter=name,
                                   measured=measured, default=default, pct=pct.quantize(Decimal("0.1"))))
    return flags


def _series_key(line: ActivityLine) -> str:
    subject = getattr(line, "fuel", None) or getattr(line, "substance", None) or getattr(
        line, "carbonate", "")
    direction = getattr(line, "direction", "")
    parts = [type(line).__name__, subject, str(direction), line.facility]
    return "/".join(part for part in parts if part)


def _quantity(line: ActivityLine) -> Decimal | None:
    """The line's main quantity (its ``unit`` applies); mass-balance lines have none to compare."""
    if isinstance(line, RefrigerantLeakRate):
        return line.charge
    return getattr(line, "quantity", None)


def check_months(lines: Sequence[ActivityLine], reporting_year: int, p: QualityParams) -> list[Flag]:
    """Month-on-month jumps and gaps, per series (same line type, subject, direction, facility)."""
    series: dict[str, list[tuple[int, ActivityLine]]] = defaultdict(list)
    flags = []
    for line in lines:
        if not line.period:
            continue
        year, _, month = line.period.partition("-")
        if int(year) != reporting_year:
            flags.append(_flag("period_outside_year", Severity.ERROR, line.line_id,
                               period=line.period, year=reporting_year))
            continue
        series[_series_key(line)].append((int(month), line))
    for key, entries in sorted(series.items()):
        entries.sort(key=lambda e: e[0])
        missing = sorted(set(range(1, 13)) - {m for m, _ in entries})
        if missing:
            flags.append(_flag("missing_months", Severity.WARNING, None, series=key,
                               months=", ".join(map(str, missing))))
        flags.extend(_jumps(key, entries, p))
    return flags


def _jumps(key: str, entries: list[tuple[int, ActivityLine]], p: QualityParams) -> list[Flag]:
    flags = []
    base_unit = entries[0][1].unit
    # each month converted once (it is the "after" of one pair and the "before" of the next)
    amounts = [units.convert(_quantity(line) or Decimal(0), line.unit, base_unit) for _, line in entries]
    for ((_, prev), before), ((_, cur), after) in itertools.pairwise(zip(entries, amounts, strict=True)):
        if before == 0:
            continue
        pct = abs(after - before) / before * 100
        if pct > p.month_jump_pct:
            flags.append(_flag("month_jump", Severity.WARNING, cur.line_id, series=key, period=cur.period,
                               previous_period=prev.period, pct=pct.quantize(Decimal("0.1"))))
    return flags


def check_results(results: Iterable[LineResult], p: QualityParams) -> list[Flag]:
    flags = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for r in results:
        if abs(r.co2e_kg) > p.line_ceiling_kg:
            flags.append(_flag("absurd_quantity", Severity.ERROR, r.line_id,
                               co2e_t=(r.co2e_kg / 1000).quantize(Decimal(1)),
                               ceiling_t=(p.line_ceiling_kg / 1000).quantize(Decimal(1))))
        totals[f"scope {r.scope} {r.source_type} ({r.scope2_method or 'all methods'})"] += r.co2e_kg
    for what, value in sorted(totals.items()):
        if value < 0:
            flags.append(_flag("negative_total", Severity.WARNING, None, what=what, value=value))
    return flags


def check_factors(choices: Iterable[FactorChoice]) -> list[Flag]:
    flags = []
    for c in choices:
        if c.provisional:
            flags.append(_flag("provisional_factor", Severity.INFO, None, factor_id=c.factor.id,
                               year=c.factor.year, reporting_year=c.reporting_year))
        if c.factor.confidence == "M":
            flags.append(_flag("unconfirmed_factor", Severity.WARNING, None, factor_id=c.factor.id,
                               confidence=c.factor.confidence))
    return flags


def score(flags: Iterable[Flag], p: QualityParams) -> int:
    """100 minus a penalty per flag by severity, floored at 0."""
    return max(0, 100 - sum(p.severity_penalty[f.severity] for f in flags))


def assess(
    lines: Sequence[ActivityLine], results: Sequence[LineResult], snapshot: FactorSnapshot,
    reporting_year: int, params: QualityParams | None = None, other_views: Sequence[LineResult] = (),
) -> QualityReport:
    """All checks for one report, plus its score. ``results`` are the regulatory view's (plausibility of
    quantities and totals); the factor checks read every view, so a provisional or unconfirmed factor that
    only the GHG Protocol view uses (``other_views``) is flagged too, once per factor."""
    p = params or QualityParams()
    choices = {(c.factor.id, c.reporting_year): c for r in (*results, *other_views) for c in r.factor_choices}
    flags = (check_parameters(lines, p) + check_measured_factors(lines, snapshot, reporting_year, p)
             + check_months(lines, reporting_year, p) + check_results(results, p)
             + check_factors(choices[k] for k in sorted(choices)))
    return QualityReport(tuple(flags), score(flags, p))
