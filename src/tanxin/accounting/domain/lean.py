"""Lean bulk calculation: the numbers ``calc.calculate_line_in_views`` gives, without the traces.

A district recompute needs each line's emissions per gas and view, never its trace: the stored inventory
keeps numbers, and "explain this number" rebuilds a line's trace on demand with ``calc.calculate_line``.
Here every Decimal operation of the calculators is repeated in the same order on the same operands (so
each result is the identical Decimal, not merely an equal rounding), while everything that does not
depend on the line's quantities — factor choices, unit conversion factors, blend recipes, saturated-steam
states, the GWP of each gas in each view — is worked out once per recompute and reused.

Anything unusual (a line the library cannot compute, a validation error) raises exactly as the
calculators would; the caller then runs the full calculation for that enterprise-year, so the lean path
never decides an error case on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from tanxin.accounting.domain import units
from tanxin.accounting.domain.calc.base import (
    DEFAULT_SCOPE,
    KG_PER_T,
    KYOTO_GROUP,
    CalcContext,
    ViewPolicy,
    co2_over_c,
    require_unit,
    select_grid,
)
from tanxin.accounting.domain.calc.energy import GRID_UNIT, HEAT_UNIT
from tanxin.accounting.domain.calc.fuel import NCV_BASIS
from tanxin.accounting.domain.calc.fugitive import components
from tanxin.accounting.domain.calc.steam import SATURATION_TOLERANCE_C, absolute_pressure, saturated_state
from tanxin.accounting.domain.errors import ActivityError, FactorError
from tanxin.accounting.domain.factors import FactorChoice, FactorSnapshot
from tanxin.accounting.domain.lines import (
    ActivityLine,
    Carbonate,
    Direction,
    Electricity,
    FuelCombustion,
    Heat,
    HotWater,
    RefrigerantLeakRate,
    RefrigerantMassBalance,
    SourceType,
    Steam,
)

ZERO = Decimal(0)
ONE = Decimal(1)
MINUS_ONE = Decimal(-1)
_PER_THOUSAND = Decimal("0.001")
_FUEL, _ELEC, _HEAT, _REFR, _CARB = (str(s) for s in (SourceType.FUEL_COMBUSTION, SourceType.ELECTRICITY,
                                                      SourceType.HEAT, SourceType.REFRIGERANT,
                                                      SourceType.PROCESS_CARBONATE))
_MASS_BALANCE = ("stock_start", "stock_end", "purchased", "recovered", "new_equipment_charge",
                 "retired_equipment_charge")  # fmt: skip


class Slot(NamedTuple):
    """One line's result in one view (and scope-2 method): what ``calc.LineResult`` carries, as tuples."""

    scope: int
    source_type: str
    gases_kg: tuple[tuple[str, Decimal], ...]  # counted gases, in the calculator's order
    co2e_by_gas_kg: tuple[tuple[str, Decimal], ...]
    co2e_kg: Decimal
    memo_kg: tuple[tuple[str, Decimal], ...]


class LineOutcome(NamedTuple):
    """A line in both views: ``china`` (None outside the boundary) with its scope-2 method, and the GHG
    Protocol location- and market-based slots (the same slot when the line has no scope-2 method)."""

    line_id: str
    china: Slot | None
    china_method: str | None
    location: Slot | None
    market: Slot | None
    choices: tuple[FactorChoice, ...]


class _View:
    """A view's fixed answers: which gases it counts per source type, and each gas's GWP."""

    def __init__(self, policy: ViewPolicy, snapshot: FactorSnapshot) -> None:
        self.policy = policy
        self.snapshot = snapshot
        self.counts_non_co2 = {str(s): s in policy.non_co2_source_types for s in SourceType}
        self._gwp: dict[str, Decimal] = {}

    def gwp(self, gas: str) -> Decimal:
        value = self._gwp.get(gas)
        if value is None:
            value = self._gwp[gas] = self.snapshot.gwp_set(self.policy.gwp_set).gwp(gas)
        return value

    def weigh(self, scope: int, source_type: str, gases: Sequence[tuple[str, Decimal]]) -> Slot:
        """``calc.views._weigh``: keep the gases this view counts, set aside non-Kyoto ones, apply GWPs."""
        if len(gases) == 1 and gases[0][0] == "CO2":  # the common case, same operations as below
            kg = gases[0][1]
            co2e = kg * self.gwp("CO2")
            return Slot(scope, source_type, gases, (("CO2", co2e),), ZERO + co2e, ())
        counted, by_gas, memo = [], [], []
        counts_non_co2 = self.counts_non_co2[source_type]
        for gas, kg in gases:
            if gas != "CO2" and not counts_non_co2:
                continue
            if gas not in KYOTO_GROUP:
                memo.append((gas, kg))
            else:
                counted.append((gas, kg))
        for gas, kg in counted:
            by_gas.append((gas, kg * self.gwp(gas)))
        total = sum((co2e for _gas, co2e in by_gas), ZERO)
        return Slot(scope, source_type, tuple(counted), tuple(by_gas), total, tuple(memo))


class LeanCalculator:
    """Both views (China regulatory first, GHG Protocol second) for the lines of one reporting year and
    place. Build one per (snapshot, year, ETS coverage, place) and call ``line`` for each line."""

    def __init__(self, snapshot: FactorSnapshot, policies: tuple[ViewPolicy, ViewPolicy],
                 context: CalcContext) -> None:  # fmt: skip
        self.snapshot = snapshot
        self.context = context
        self.year = context.reporting_year
        self.china, self.ghg = _View(policies[0], snapshot), _View(policies[1], snapshot)
        self._choices: dict[tuple[str, str, str], FactorChoice] = {}
        self._grid: dict[tuple[str, str], FactorChoice] = {}
        self._factors: dict[tuple[str, str], Decimal] = {}
        self._fuel: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._components: dict[str, tuple[tuple[str, Decimal], ...]] = {}
        self._steam: dict[tuple[Decimal, bool], tuple[Decimal, Decimal]] = {}
        self._params: dict[str, Decimal] = {}
        self._co2_over_c: tuple[Decimal, Decimal] | None = None
        self._dispatch = {
            FuelCombustion: self._fuel_line, Electricity: self._electricity_line, Heat: self._thermal_line,
            Steam: self._thermal_line, HotWater: self._thermal_line, RefrigerantLeakRate: self._refrigerant_line,
            RefrigerantMassBalance: self._refrigerant_line, Carbonate: self._carbonate_line,
        }  # fmt: skip

    def line(self, line: ActivityLine) -> LineOutcome:
        return self._dispatch[type(line)](line)

    # --- shared answers, once per recompute ---

    def _factor(self, unit: str, target: str) -> Decimal:
        key = (unit, target)
        value = self._factors.get(key)
        if value is None:
            value = self._factors[key] = units.conversion_factor(unit, target)
        return value

    def _select(self, family: str, subject: str, unit: str) -> FactorChoice:
        key = (family, subject, unit)
        choice = self._choices.get(key)
        if choice is None:
            choice = self.snapshot.select(family, subject, self.year)
            require_unit(choice.factor, unit)
            self._choices[key] = choice
        return choice

    def _grid_choice(self, view: _View, method: str) -> FactorChoice:
        key = (view.policy.name, method)
        choice = self._grid.get(key)
        if choice is None:
            policy = view.policy
            if method == "market":
                choice = select_grid(self.snapshot, policy.grid_residual, self.context, by_place=True)
            else:
                choice = select_grid(self.snapshot, policy.grid_location, self.context, by_place=policy.grid_by_place)
            require_unit(choice.factor, GRID_UNIT)
            self._grid[key] = choice
        return choice

    def _parameter(self, parameter_id: str) -> Decimal:
        value = self._params.get(parameter_id)
        if value is None:
            value = self._params[parameter_id] = self.snapshot.parameter(parameter_id).value
        return value

    # --- the calculators, same operations in the same order ---

    def _scope(self, line: ActivityLine, source_type: SourceType) -> int:
        return line.scope or DEFAULT_SCOPE[source_type]

    def _shared(self, line: ActivityLine, scope: int, source_type: str, gases: tuple[tuple[str, Decimal], ...],
                choices: tuple[FactorChoice, ...]) -> LineOutcome:  # fmt: skip
        """A view-independent emission weighed in both views (no scope-2 method)."""
        china = None if scope == 3 and not self.china.policy.include_scope3 else self.china.weigh(
            scope, source_type, gases)
        ghg = None if scope == 3 and not self.ghg.policy.include_scope3 else self.ghg.weigh(scope, source_type, gases)
        return LineOutcome(line.line_id, china, None, ghg, ghg, choices)

    def _fuel_plan(self, fuel: str, unit: str) -> tuple[Any, ...]:
        ncv_choice = self.snapshot.select("fuel_ncv", fuel, self.year)
        basis = NCV_BASIS.get(ncv_choice.factor.unit)
        if basis is None:
            raise FactorError("factor_unit_mismatch", factor_id=ncv_choice.factor.id,
                              unit=ncv_choice.factor.unit, expected=" or ".join(NCV_BASIS))
        phase = units.phase_of_volume(unit)
        if basis != "t" and phase == "liquid":
            raise ActivityError("gas_by_liquid_volume", fuel=fuel, unit=unit)
        if basis == "t" and phase == "gas":
            raise ActivityError("fuel_by_gas_volume", fuel=fuel, unit=unit)
        by_volume = basis == "t" and units.dimension_of(unit) == "volume"
        factor = self._factor(unit, "L" if by_volume else basis)
        plan = (ncv_choice, by_volume, factor)
        self._fuel[(fuel, unit)] = plan
        return plan

    def _fuel_line(self, line: FuelCombustion) -> LineOutcome:
        fuel = line.fuel
        plan = self._fuel.get((fuel, line.unit)) or self._fuel_plan(fuel, line.unit)
        ncv_choice, by_volume, factor = plan
        if by_volume:
            if line.density_kg_per_l is None:
                raise ActivityError("density_required", fuel=fuel)
            amount = line.quantity * factor * line.density_kg_per_l / KG_PER_T
        else:
            amount = line.quantity * factor
        ncv = line.measured_ncv if line.measured_ncv is not None else ncv_choice.factor.value
        energy = amount * ncv
        choices = [ncv_choice]
        cc = line.measured_cc
        if cc is None:
            choice = self._select("fuel_cc", fuel, "tC/GJ")
            choices.append(choice)
            cc = choice.factor.value
        oxidation = line.measured_oxidation
        if oxidation is None:
            choice = self._select("fuel_of", fuel, "fraction")
            choices.append(choice)
            oxidation = choice.factor.value
        if self._co2_over_c is None:
            self._co2_over_c = co2_over_c(self.snapshot)
        co2_mass, c_mass = self._co2_over_c
        co2_t = energy * cc * oxidation * co2_mass / c_mass
        return self._shared(line, self._scope(line, SourceType.FUEL_COMBUSTION), _FUEL,
                            (("CO2", co2_t * KG_PER_T),), tuple(choices))

    def _electricity_line(self, line: Electricity) -> LineOutcome:
        factor = self._factor(line.unit, "MWh")
        mwh = line.quantity * factor
        green = line.green_quantity * factor
        if green > mwh:
            raise ActivityError("green_exceeds_purchased", green=green, total=mwh)
        scope = self._scope(line, SourceType.ELECTRICITY)
        exported = line.direction is Direction.EXPORTED
        slots: list[Slot | None] = []
        choices: list[FactorChoice] = []
        for view, method in ((self.china, "prescribed"), (self.ghg, "location"), (self.ghg, "market")):
            policy = view.policy
            if method not in policy.scope2_methods or (scope == 3 and not policy.include_scope3):
                slots.append(None)
                continue
            if exported and not policy.net_exports:
                slots.append(view.weigh(scope, _ELEC, (("CO2", ZERO),)))
                continue
            choice = self._grid_choice(view, method)
            choices.append(choice)
            covered = mwh - green if method == "market" and not exported else mwh
            sign = MINUS_ONE if exported else ONE
            co2_t = sign * covered * choice.factor.value
            slots.append(view.weigh(scope, _ELEC, (("CO2", co2_t * KG_PER_T),)))
        china_method = "prescribed" if slots[0] is not None else None
        return LineOutcome(line.line_id, slots[0], china_method, slots[1], slots[2], tuple(choices))

    def _thermal_line(self, line: Heat | Steam | HotWater) -> LineOutcome:
        if isinstance(line, Steam):
            gj = self._steam_gj(line)
        elif isinstance(line, HotWater):
            gj = self._hot_water_gj(line)
        else:
            gj = line.quantity * self._factor(line.unit, "GJ")
        scope = self._scope(line, SourceType.HEAT)
        exported = line.direction is Direction.EXPORTED
        slots: list[Slot | None] = []
        choices: list[FactorChoice] = []
        for view in (self.china, self.ghg):
            policy = view.policy
            if scope == 3 and not policy.include_scope3:
                slots.append(None)
                continue
            if exported and not policy.net_exports:
                slots.append(view.weigh(scope, _HEAT, (("CO2", ZERO),)))
                continue
            choice = self._select("heat", "HEAT", HEAT_UNIT)
            if not choices:  # one heat factor for both views: listed once, as the shared calculation does
                choices.append(choice)
            sign = MINUS_ONE if exported else ONE
            co2_t = sign * gj * choice.factor.value
            slots.append(view.weigh(scope, _HEAT, (("CO2", co2_t * KG_PER_T),)))
        return LineOutcome(line.line_id, slots[0], None, slots[1], slots[1], tuple(choices))

    def _steam_gj(self, line: Steam) -> Decimal:
        tonnes = line.quantity * self._factor(line.unit, "t")
        if line.enthalpy_kj_per_kg is not None:
            enthalpy = line.enthalpy_kj_per_kg
        else:
            if line.pressure_mpa is None:
                raise ActivityError("steam_state_required")
            key = (line.pressure_mpa, line.pressure_is_gauge)
            state = self._steam.get(key)
            if state is None:
                pressure = absolute_pressure(line.pressure_mpa, line.pressure_is_gauge)
                state = self._steam[key] = saturated_state(self.snapshot.steam_table, pressure)
            saturation_c, enthalpy = state
            if line.temperature_c is not None and line.temperature_c > saturation_c + SATURATION_TOLERANCE_C:
                raise ActivityError("superheated_needs_enthalpy", temperature=line.temperature_c,
                                    pressure=absolute_pressure(line.pressure_mpa, line.pressure_is_gauge))
        reference = self._parameter("steam.reference_enthalpy")
        if enthalpy <= reference:
            raise ActivityError("enthalpy_below_reference", enthalpy=enthalpy, reference=reference)
        return tonnes * (enthalpy - reference) * _PER_THOUSAND

    def _hot_water_gj(self, line: HotWater) -> Decimal:
        tonnes = line.quantity * self._factor(line.unit, "t")
        base = self._parameter("hot_water.base_temperature")
        heat_capacity = self._parameter("hot_water.specific_heat")
        if line.temperature_c <= base:
            raise ActivityError("water_below_base", temperature=line.temperature_c, base=base)
        return tonnes * (line.temperature_c - base) * heat_capacity * _PER_THOUSAND

    def _refrigerant_line(self, line: RefrigerantLeakRate | RefrigerantMassBalance) -> LineOutcome:
        factor = self._factor(line.unit, "kg")
        if isinstance(line, RefrigerantLeakRate):
            emitted = line.charge * factor * line.leak_rate
        else:
            kg = [getattr(line, name) * factor for name in _MASS_BALANCE]
            emitted = kg[0] - kg[1] + kg[2] - kg[3] + kg[5] - kg[4]
            if emitted < 0:
                raise ActivityError("negative_mass_balance", value=emitted)
        recipe = self._components.get(line.substance)
        if recipe is None:
            recipe = self._components[line.substance] = components(self.snapshot, line.substance)
        gases: dict[str, Decimal] = {}
        for gas, fraction in recipe:
            gases[gas] = gases.get(gas, ZERO) + emitted * fraction
        return self._shared(line, self._scope(line, SourceType.REFRIGERANT), _REFR, tuple(gases.items()), ())

    def _carbonate_line(self, line: Carbonate) -> LineOutcome:
        parameter_id = f"stoich.{line.carbonate}"
        if parameter_id not in self.snapshot.parameters:
            raise FactorError("unknown_carbonate", carbonate=line.carbonate)
        tonnes = line.quantity * self._factor(line.unit, "t")
        co2_t = tonnes * line.purity * self._parameter(parameter_id)
        return self._shared(line, self._scope(line, SourceType.PROCESS_CARBONATE), _CARB,
                            (("CO2", co2_t * KG_PER_T),), ())
