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


@dataclass(frozen=True)
class FactorChoice:
    """Which factor the year policy picked for a reporting year, and whether that is provisional.

    Factors are published with a one-to-two-year lag: a 2024 report uses the 2023 grid factor and
    should be restated when the 2024 factor appears. ``provisional`` marks exactly that case.
    """

    factor: Factor
    reporting_year: int

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

    def select(self, family: str, subject: str, reporting_year: int) -> FactorChoice:
        # Memoised: a recompute asks the same three questions for every fuel line, and the snapshot
        # is immutable, so the answer for (family, subject, year) never changes.
        key = (family, subject, reporting_year)
        choice = self._choices.get(key)
        if choice is None:
            choice = select_factor(self._by_subject.get((family, subject), ()), family, subject, reporting_year)
            self._choices[key] = choice
        return choice

    @cached_property
    def _by_subject(self) -> dict[tuple[str, str], tuple[Factor, ...]]:
        index: dict[tuple[str, str], list[Factor]] = {}
        for f in self.factors.values():
            index.setdefault((f.family, f.subject), []).append(f)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def _choices(self) -> dict[tuple[str, str, int], FactorChoice]:
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
    """Latest published year ≤ reporting year; undated defaults only when no dated value fits."""
    candidates = [f for f in factors if f.family == family and f.subject == subject]
    dated = [f for f in candidates if f.year is not None and f.year <= reporting_year]
    if dated:
        return FactorChoice(max(dated, key=lambda f: f.year or 0), reporting_year)
    undated = [f for f in candidates if f.year is None]
    if undated:
        return FactorChoice(undated[0], reporting_year)
    raise FactorError("unknown_factor", family=family, subject=subject, year=reporting_year)


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
