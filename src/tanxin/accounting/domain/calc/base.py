"""Shared pieces of the calculators: the per-line result, the view policy and small helpers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from tanxin.accounting.domain.errors import FactorError
from tanxin.accounting.domain.factors import Factor, FactorChoice, FactorSnapshot, Level
from tanxin.accounting.domain.lines import Direction, SourceType
from tanxin.accounting.domain.trace import Trace

KG_PER_T = Decimal(1000)

# Kyoto basket (7 gases incl. NF3) by species; anything else with a GWP (HCFC-22) is a memo item.
KYOTO_GROUP: Mapping[str, str] = MappingProxyType({
    "CO2": "CO2", "CH4": "CH4", "N2O": "N2O", "SF6": "SF6", "NF3": "NF3",
    "HFC-23": "HFCs", "HFC-32": "HFCs", "HFC-125": "HFCs", "HFC-134a": "HFCs", "HFC-143a": "HFCs",
    "HFC-152a": "HFCs", "HFC-227ea": "HFCs", "HFC-236fa": "HFCs", "HFC-245fa": "HFCs",
    "CF4": "PFCs", "C2F6": "PFCs",
})

DEFAULT_SCOPE = {
    SourceType.FUEL_COMBUSTION: 1,
    SourceType.REFRIGERANT: 1,
    SourceType.PROCESS_CARBONATE: 1,
    SourceType.ELECTRICITY: 2,
    SourceType.HEAT: 2,
}


@dataclass(frozen=True)
class ViewPolicy:
    """How one accounting dialect reads the shared activity ledger.

    ``grid_location`` lists (level, family, subject), most local first; ``{province}`` and ``{region}``
    are filled from the ``CalcContext`` (a level whose place is unknown is skipped). With
    ``grid_by_place`` the place rule picks among all levels (the reporting year's factor at the most
    local level that has one, see ``factors.select_by_place``); without it the list is a prescription
    read in order: the first entry with any factor for a year ≤ the reporting year wins (the China
    regulatory view's prescribed ETS factor must not be displaced by a newer national average).
    """

    name: str
    gwp_set: str
    non_co2_source_types: frozenset[SourceType]  # sources whose non-CO2 gases are counted
    net_exports: bool  # subtract exported electricity/heat (China: net purchased)
    scope2_methods: tuple[str, ...]  # ("prescribed",) or ("location", "market")
    include_scope3: bool
    grid_location: tuple[tuple[str, str, str], ...]
    grid_residual: tuple[tuple[str, str, str], ...] = (("national", "grid_residual", "CN"),)
    grid_by_place: bool = True


@dataclass(frozen=True)
class CalcContext:
    """The reporting year and where the enterprise is: ``province`` and ``region`` are the subject codes
    of the provincial and regional grid factors (``GD``, ``SOUTH``), derived from the enterprise's
    jurisdiction (``accounting.reference.place_of``). None when unknown: those levels are skipped."""

    reporting_year: int
    province: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class LineResult:
    """One activity line's emissions under one view (and one scope-2 method for electricity)."""

    line_id: str
    source_type: SourceType
    scope: int
    gases_kg: Mapping[str, Decimal]  # counted gases, mass in kg (negative for netted exports)
    co2e_kg: Decimal
    gwp_set: str
    trace: Trace
    scope2_method: str | None = None  # location | market | prescribed; None = same in every method
    direction: Direction = Direction.PURCHASED
    co2e_by_gas_kg: Mapping[str, Decimal] = field(default_factory=dict)
    memo_kg: Mapping[str, Decimal] = field(default_factory=dict)  # non-Kyoto gases, reported apart
    factor_choices: tuple[FactorChoice, ...] = ()
    period: str | None = None


def require_unit(factor: Factor, expected: str) -> Factor:
    """Refuse a factor whose unit is not what the formula was written for."""
    if factor.unit != expected:
        raise FactorError("factor_unit_mismatch", factor_id=factor.id, unit=factor.unit, expected=expected)
    return factor


def grid_levels(preferences: tuple[tuple[str, str, str], ...], context: CalcContext) -> tuple[Level, ...]:
    """The preference list with the enterprise's place filled in; levels with an unknown place dropped."""
    place = {"{province}": context.province, "{region}": context.region}
    levels = []
    for level, family, subject in preferences:
        filled = place.get(subject, subject)
        if filled:
            levels.append(Level(level, family, filled))
    return tuple(levels)


def select_grid(
    snapshot: FactorSnapshot, preferences: tuple[tuple[str, str, str], ...], context: CalcContext, by_place: bool
) -> FactorChoice:
    """The grid factor for a line: the place rule over all levels, or a prescription read in order."""
    levels = grid_levels(preferences, context)
    if by_place:
        return snapshot.select_by_place(levels, context.reporting_year)
    return select_first(snapshot, levels, context)


def select_first(snapshot: FactorSnapshot, levels: tuple[Level, ...], context: CalcContext) -> FactorChoice:
    """First level in ``levels`` with a factor for the reporting year (a prescription, not a place rule)."""
    last_error: FactorError | None = None
    for level in levels:
        try:
            return snapshot.select(level.family, level.subject, context.reporting_year, level.name)
        except FactorError as exc:
            last_error = exc
    if last_error is None:
        raise FactorError("unknown_factor", family="grid", subject="", year=context.reporting_year)
    raise last_error


def co2_over_c(snapshot: FactorSnapshot) -> tuple[Decimal, Decimal]:
    """(44, 12) from the parameter table; callers multiply by 44 and divide by 12 last, so the
    result is exact whenever the inputs are (never the rounded 3.67)."""
    return (snapshot.parameter("chem.molar_mass_co2").value,
            snapshot.parameter("chem.molar_mass_c").value)
