"""Factor library: factors, GWP sets, blends and parameters, frozen into a snapshot a report pins.

A calculation never reads "the current factor table": it receives a ``FactorSnapshot`` whose
``digest`` is stored with the report, so a published number can be recomputed years later and a
changed library shows up as a different digest instead of a silently different total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Any

from tanxin.accounting.domain.errors import FactorError
from tanxin.common.hashing import canonical_hash

GWP_SETS = ("SAR", "AR4", "AR5", "AR6")


@dataclass(frozen=True)
class Factor:
    """One published value, e.g. diesel NCV 43.33 GJ/t. ``year`` is None for undated defaults."""

    id: str
    family: str  # grid_average, grid_regional, grid_ets, grid_residual, heat, fuel_ncv, fuel_cc, ...
    subject: str  # CN, SOUTH, GD, DIESEL, HEAT, ...
    year: int | None
    value: Decimal
    unit: str
    source: str
    confidence: str  # V, V-3p, M (see data/accounting/README.md)
    name_zh: str = ""
    name_en: str = ""
    notes: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "family": self.family, "subject": self.subject, "year": self.year,
            "value": self.value, "unit": self.unit, "source": self.source, "confidence": self.confidence,
        }


@dataclass(frozen=True)
class GwpSet:
    """100-year GWPs of one IPCC assessment report; a gas missing from ``values`` has no GWP there."""

    name: str  # SAR, AR4, AR5, AR6
    values: Mapping[str, Decimal]
    source: str = "IPCC"

    def gwp(self, gas: str) -> Decimal:
        try:
            return self.values[gas]
        except KeyError:
            raise FactorError("unknown_gas", gas=gas, gwp_set=self.name) from None


@dataclass(frozen=True)
class Blend:
    """A refrigerant blend as mass fractions of pure gases (R-410A = 50 % HFC-32 + 50 % HFC-125)."""

    name: str
    components: tuple[tuple[str, Decimal], ...]
    notes: str = ""


@dataclass(frozen=True)
class Parameter:
    id: str
    value: Decimal
    unit: str
    source: str
    confidence: str


@dataclass(frozen=True)
class SteamRow:
    """Saturated steam at one absolute pressure."""

    pressure_mpa: Decimal
    saturation_c: Decimal
    enthalpy_kj_per_kg: Decimal
    source: str
    confidence: str


# Geographic levels, most local first. A factor with no geography (a fuel default, the heat default)
# is national: it comes from a national guideline.
LEVELS = ("provincial", "regional", "national")
# Official texts outrank third-party transcriptions, which outrank recalled values (RULES.md tags).
CONFIDENCE_RANK = {"V": 0, "V-3p": 1, "M": 2}


@dataclass(frozen=True)
class Level:
    """One place a factor may be looked up at: ``name`` is a ``LEVELS`` entry, ``family``/``subject``
    the library key (``grid_provincial``/``GD``)."""

    name: str
    family: str
    subject: str


@dataclass(frozen=True)
class PassedOver:
    """A candidate the rule did not take, and why (``reason`` is a stable code, see ``PASSED_REASONS``)."""

    factor_id: str
    year: int | None
    level: str
    confidence: str
    reason: str


PASSED_REASONS = {
    "later_vintage": "published for a year after the reporting year",
    "older_vintage": "an older vintage; a closer year is available",
    "less_local": "same vintage at a less local level",
    "less_official": "same vintage and level, a more official source is available",
    "undated_default": "undated default; a dated factor is available",
    "lower_preference": "same rank, lower in the preference order",
}


@dataclass(frozen=True)
class FactorChoice:
    """Which factor the rule picked for a reporting year, at which level, and what it passed over.

    Factors are published with a one-to-two-year lag: a 2024 report uses the 2023 grid factor and
    should be restated when the 2024 factor appears. ``provisional`` marks exactly that case.
    """

    factor: Factor
    reporting_year: int
    level: str = "national"
    passed_over: tuple[PassedOver, ...] = ()

    @property
    def year_used(self) -> int | None:
        return self.factor.year

    @property
    def provisional(self) -> bool:
        return self.factor.year is not None and self.factor.year < self.reporting_year


@dataclass(frozen=True)
class RestatementProposal:
    """A newer factor now exists for a year a report calculated provisionally."""

    used: Factor
    newer: Factor
    reporting_year: int


@dataclass(frozen=True)
class FactorSnapshot:
    """Immutable bundle of everything a calculation may read. Build it with ``make_snapshot``."""

    factors: Mapping[str, Factor]
    gwp_sets: Mapping[str, GwpSet]
    blends: Mapping[str, Blend] = field(default_factory=lambda: MappingProxyType({}))
    parameters: Mapping[str, Parameter] = field(default_factory=lambda: MappingProxyType({}))
    steam_table: tuple[SteamRow, ...] = ()

    def factor(self, factor_id: str) -> Factor:
        try:
            return self.factors[factor_id]
        except KeyError:
            raise FactorError("unknown_factor_id", factor_id=factor_id) from None

    def select(self, family: str, subject: str, reporting_year: int, level: str = "national") -> FactorChoice:
        """One family and subject (a fuel's NCV, the heat default): the place rule with a single level."""
        return self.select_by_place((Level(level, family, subject),), reporting_year)

    def select_by_place(self, levels: tuple[Level, ...], reporting_year: int) -> FactorChoice:
        # Memoised: a recompute asks the same questions for every line, and the snapshot is immutable,
        # so the answer for (levels, year) never changes.
        key = (levels, reporting_year)
        choice = self._choices.get(key)
        if choice is None:
            choice = select_by_place(
                [(rank, lv, f) for rank, lv in enumerate(levels) for f in self._by_subject.get(
                    (lv.family, lv.subject), ())], levels, reporting_year)
            self._choices[key] = choice
        return choice

    @cached_property
    def _by_subject(self) -> dict[tuple[str, str], tuple[Factor, ...]]:
        index: dict[tuple[str, str], list[Factor]] = {}
        for f in self.factors.values():
            index.setdefault((f.family, f.subject), []).append(f)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def _choices(self) -> dict[tuple[tuple[Level, ...], int], FactorChoice]:
        return {}

    def gwp_set(self, name: str) -> GwpSet:
        try:
            return self.gwp_sets[name]
        except KeyError:
            raise FactorError("unknown_gwp_set", gwp_set=name) from None

    def parameter(self, parameter_id: str) -> Parameter:
        try:
            return self.parameters[parameter_id]
        except KeyError:
            raise FactorError("unknown_parameter", parameter_id=parameter_id) from None

    def canonical(self) -> dict[str, Any]:
        """Plain, ordered content for hashing; everything that can change a number is in here."""
        return {
            "factors": {k: f.as_dict() for k, f in sorted(self.factors.items())},
            "gwp": {k: dict(sorted(g.values.items())) for k, g in sorted(self.gwp_sets.items())},
            "blends": {k: [list(c) for c in b.components] for k, b in sorted(self.blends.items())},
            "parameters": {k: [p.value, p.unit] for k, p in sorted(self.parameters.items())},
            "steam": [[r.pressure_mpa, r.saturation_c, r.enthalpy_kj_per_kg] for r in self.steam_table],
        }

    @cached_property
    def digest(self) -> str:
        """Canonical SHA-256 a report stores to pin the exact library it was computed with."""
        return canonical_hash(self.canonical())


def make_snapshot(
    factors: Iterable[Factor],
    gwp_sets: Iterable[GwpSet],
    blends: Iterable[Blend] = (),
    parameters: Iterable[Parameter] = (),
    steam_table: Iterable[SteamRow] = (),
) -> FactorSnapshot:
    """Freeze the inputs (read-only mappings) so a calculation cannot alter what it was given."""
    return FactorSnapshot(
        factors=MappingProxyType({f.id: f for f in factors}),
        gwp_sets=MappingProxyType({g.name: g for g in gwp_sets}),
        blends=MappingProxyType({b.name: b for b in blends}),
        parameters=MappingProxyType({p.id: p for p in parameters}),
        steam_table=tuple(sorted(steam_table, key=lambda r: r.pressure_mpa)),
    )


def select_factor(
    factors: Iterable[Factor], family: str, subject: str, reporting_year: int
) -> FactorChoice:
    """The place rule for one family and subject (no geography to walk)."""
    level = Level("national", family, subject)
    return select_by_place([(0, level, f) for f in factors if f.family == family and f.subject == subject],
                           (level,), reporting_year)


def _rank(candidate: tuple[int, Level, Factor], reporting_year: int) -> tuple[int, int, int, int, str]:
    """Sort key, best first: dated before undated, closest vintage ≤ the reporting year (the reporting
    year itself first), most local level, most official source, then the preference order and the id."""
    rank, _level, f = candidate
    undated = 1 if f.year is None else 0
    distance = 0 if f.year is None else reporting_year - f.year
    return (undated, distance, rank, CONFIDENCE_RANK.get(f.confidence, len(CONFIDENCE_RANK)), f.id)


def select_by_place(
    candidates: Iterable[tuple[int, Level, Factor]], levels: tuple[Level, ...], reporting_year: int
) -> FactorChoice:
    """The reporting year's factor at the most local level that has one; an older vintage only when no
    level has the reporting year (then the closest vintage, most local first); official before transcribed
    at equal vintage and level; an undated default only when no dated factor fits. ``candidates`` are
    (level rank, level, factor) with rank 0 the most local. Every candidate not taken is listed with why."""
    later = [c for c in candidates if c[2].year is not None and c[2].year > reporting_year]
    usable = sorted((c for c in candidates if c[2].year is None or c[2].year <= reporting_year),
                    key=lambda c: _rank(c, reporting_year))
    if not usable:
        first = levels[0] if levels else Level("national", "", "")
        raise FactorError("unknown_factor", family=first.family, subject=first.subject, year=reporting_year)
    rank, level, chosen = usable[0]
    passed = [_passed(c, "later_vintage") for c in sorted(later, key=lambda c: (c[0], c[2].id))]
    passed += [_passed(c, _why_not(c, rank, chosen)) for c in usable[1:]]
    return FactorChoice(chosen, reporting_year, level.name, tuple(passed))


def _why_not(candidate: tuple[int, Level, Factor], chosen_rank: int, chosen: Factor) -> str:
    rank, _level, f = candidate
    if f.year is None and chosen.year is not None:
        return "undated_default"
    if f.year != chosen.year:
        return "older_vintage"
    if rank > chosen_rank:
        return "less_local"
    if CONFIDENCE_RANK.get(f.confidence, 9) > CONFIDENCE_RANK.get(chosen.confidence, 9):
        return "less_official"
    return "lower_preference"


def _passed(candidate: tuple[int, Level, Factor], reason: str) -> PassedOver:
    _, level, f = candidate
    return PassedOver(f.id, f.year, level.name, f.confidence, reason)


def propose_restatements(
    choices: Iterable[FactorChoice], library: FactorSnapshot
) -> list[RestatementProposal]:
    """For each provisional choice, is there now a closer year ≤ the reporting year in ``library``?"""
    proposals = []
    for choice in choices:
        if not choice.provisional:
            continue
        current = library.select(choice.factor.family, choice.factor.subject, choice.reporting_year)
        if (current.factor.year or 0) > (choice.factor.year or 0):
            proposals.append(RestatementProposal(choice.factor, current.factor, choice.reporting_year))
    return proposals
