"""Scope 2: electricity (prescribed / location / market), heat, steam and hot water."""

from __future__ import annotations

from decimal import Decimal

from tanxin.accounting.domain import units
from tanxin.accounting.domain.calc.base import KG_PER_T, CalcContext, ViewPolicy, require_unit, select_grid
from tanxin.accounting.domain.calc.emission import Emission
from tanxin.accounting.domain.calc.steam import SATURATION_TOLERANCE_C, absolute_pressure, saturated_state
from tanxin.accounting.domain.errors import ActivityError
from tanxin.accounting.domain.factors import FactorSnapshot
from tanxin.accounting.domain.lines import Direction, Electricity, Heat, HotWater, Steam
from tanxin.accounting.domain.trace import (
    ACTIVITY,
    MEASURED,
    Trace,
    TraceInput,
    from_factor,
    from_parameter,
    note_choice,
)

GRID_UNIT = "tCO2/MWh"
HEAT_UNIT = "tCO2/GJ"
_PER_THOUSAND = Decimal("0.001")


def calculate_electricity(
    line: Electricity, snapshot: FactorSnapshot, context: CalcContext,
    method: str, policy: ViewPolicy, net_exports: bool,
) -> Emission:
    """``method`` is ``prescribed`` or ``location`` (grid average) or ``market`` (residual mix)."""
    trace = Trace()
    mwh = trace.step("electricity", f"convert {line.unit} to MWh",
                     [TraceInput("electricity", line.quantity, line.unit, ACTIVITY)],
                     units.convert(line.quantity, line.unit, "MWh"), "MWh")
    green = units.convert(line.green_quantity, line.unit, "MWh")
    if green > mwh:
        raise ActivityError("green_exceeds_purchased", green=green, total=mwh)
    if line.direction is Direction.EXPORTED and not net_exports:
        trace.note("exported electricity", "not netted against purchases in this view")
        return Emission({"CO2": Decimal(0)}, trace, [], method, line.direction)

    if method == "market":
        choice = select_grid(snapshot, policy.grid_residual, context, by_place=True)
    else:
        choice = select_grid(snapshot, policy.grid_location, context, by_place=policy.grid_by_place)
    factor = require_unit(choice.factor, GRID_UNIT)
    note_choice(trace, choice)
    covered = mwh
    if method == "market" and line.direction is Direction.PURCHASED:
        covered = trace.step(
            "electricity not covered by green power", "electricity − green electricity/certificates",
            [TraceInput("electricity", mwh, "MWh", "step 1"),
             TraceInput("green electricity", green, "MWh", ACTIVITY)],
            mwh - green, "MWh", note="green electricity counts as zero emission in the market-based method",
        )
    sign = Decimal(-1) if line.direction is Direction.EXPORTED else Decimal(1)
    label = "CO2 avoided by export (netted)" if sign < 0 else "CO2 from electricity"
    co2_t = trace.step(label, "± electricity × grid factor",
                       [TraceInput("electricity", covered, "MWh", "previous step"),
                        from_factor(f"grid factor ({method})", factor)],
                       sign * covered * factor.value, "tCO2")
    return Emission({"CO2": co2_t * KG_PER_T}, trace, [choice], method, line.direction)


def calculate_thermal(
    line: Heat | Steam | HotWater, snapshot: FactorSnapshot, context: CalcContext, net_exports: bool
) -> Emission:
    """Any thermal line becomes GJ first, then GJ × 0.11 tCO2/GJ (the guideline default)."""
    trace = Trace()
    if isinstance(line, Steam):
        gj = _steam_gj(line, snapshot, trace)
    elif isinstance(line, HotWater):
        gj = _hot_water_gj(line, snapshot, trace)
    else:
        gj = trace.step("heat", f"convert {line.unit} to GJ",
                        [TraceInput("heat", line.quantity, line.unit, ACTIVITY)],
                        units.convert(line.quantity, line.unit, "GJ"), "GJ")
    if line.direction is Direction.EXPORTED and not net_exports:
        trace.note("exported heat", "not netted against purchases in this view")
        return Emission({"CO2": Decimal(0)}, trace, [], None, line.direction)
    choice = snapshot.select("heat", "HEAT", context.reporting_year)
    factor = require_unit(choice.factor, HEAT_UNIT)
    sign = Decimal(-1) if line.direction is Direction.EXPORTED else Decimal(1)
    co2_t = trace.step("CO2 from heat", "± heat × heat factor",
                       [TraceInput("heat", gj, "GJ", "previous step"), from_factor("heat factor", factor)],
                       sign * gj * factor.value, "tCO2")
    return Emission({"CO2": co2_t * KG_PER_T}, trace, [choice], None, line.direction)


def _steam_gj(line: Steam, snapshot: FactorSnapshot, trace: Trace) -> Decimal:
    tonnes = units.convert(line.quantity, line.unit, "t")
    enthalpy = _steam_enthalpy(line, snapshot, trace)
    reference = snapshot.parameter("steam.reference_enthalpy")
    if enthalpy.value <= reference.value:
        raise ActivityError("enthalpy_below_reference", enthalpy=enthalpy.value, reference=reference.value)
    return trace.step(
        "heat in steam", "mass [t] × (enthalpy − 83.74 kJ/kg) × 10⁻³",
        [TraceInput("steam", tonnes, "t", ACTIVITY), enthalpy,
         from_parameter("reference enthalpy", reference)],
        tonnes * (enthalpy.value - reference.value) * _PER_THOUSAND, "GJ",
    )


def _steam_enthalpy(line: Steam, snapshot: FactorSnapshot, trace: Trace) -> TraceInput:
    if line.enthalpy_kj_per_kg is not None:
        return TraceInput("steam enthalpy", line.enthalpy_kj_per_kg, "kJ/kg", MEASURED)
    if line.pressure_mpa is None:
        raise ActivityError("steam_state_required")
    pressure = absolute_pressure(line.pressure_mpa, line.pressure_is_gauge)
    saturation_c, enthalpy = saturated_state(snapshot.steam_table, pressure)
    if line.temperature_c is not None and line.temperature_c > saturation_c + SATURATION_TOLERANCE_C:
        raise ActivityError("superheated_needs_enthalpy", temperature=line.temperature_c, pressure=pressure)
    source = snapshot.steam_table[0].source if snapshot.steam_table else ""
    trace.step("saturated steam enthalpy", "interpolate the saturated-steam table at absolute pressure",
               [TraceInput("absolute pressure", pressure, "MPa",
                           "gauge + 0.101325" if line.pressure_is_gauge else ACTIVITY)],
               enthalpy, "kJ/kg", note=source)
    return TraceInput("steam enthalpy", enthalpy, "kJ/kg", "steam table")


def _hot_water_gj(line: HotWater, snapshot: FactorSnapshot, trace: Trace) -> Decimal:
    tonnes = units.convert(line.quantity, line.unit, "t")
    base = snapshot.parameter("hot_water.base_temperature")
    heat_capacity = snapshot.parameter("hot_water.specific_heat")
    if line.temperature_c <= base.value:
        raise ActivityError("water_below_base", temperature=line.temperature_c, base=base.value)
    return trace.step(
        "heat in hot water", "mass [t] × (T − 20 °C) × 4.1868 kJ/(kg·K) × 10⁻³",
        [TraceInput("hot water", tonnes, "t", ACTIVITY),
         TraceInput("supply temperature", line.temperature_c, "degC", MEASURED),
         from_parameter("base temperature", base), from_parameter("specific heat", heat_capacity)],
        tonnes * (line.temperature_c - base.value) * heat_capacity.value * _PER_THOUSAND, "GJ",
    )
