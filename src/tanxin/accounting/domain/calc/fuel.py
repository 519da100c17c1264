"""Fuel combustion: consumption × NCV × carbon content × oxidation × 44/12 (RULES §1)."""

from __future__ import annotations

from decimal import Decimal

from tanxin.accounting.domain import units
from tanxin.accounting.domain.calc.base import KG_PER_T, CalcContext, co2_over_c, require_unit
from tanxin.accounting.domain.calc.emission import Emission
from tanxin.accounting.domain.errors import ActivityError, FactorError
from tanxin.accounting.domain.factors import FactorChoice, FactorSnapshot
from tanxin.accounting.domain.lines import FuelCombustion
from tanxin.accounting.domain.trace import ACTIVITY, MEASURED, Trace, TraceInput, from_factor, from_parameter

# NCV unit -> (unit the consumption must be expressed in, unit label for the trace)
NCV_BASIS = {"GJ/t": "t", "GJ/10^4 Nm3": "10^4 Nm3"}


def calculate_fuel(line: FuelCombustion, snapshot: FactorSnapshot, context: CalcContext) -> Emission:
    trace = Trace()
    choices: list[FactorChoice] = []
    ncv_choice = snapshot.select("fuel_ncv", line.fuel, context.reporting_year)
    choices.append(ncv_choice)
    basis = NCV_BASIS.get(ncv_choice.factor.unit)
    if basis is None:
        raise FactorError("factor_unit_mismatch", factor_id=ncv_choice.factor.id,
                          unit=ncv_choice.factor.unit, expected=" or ".join(NCV_BASIS))
    amount = _consumption_in(line, basis, trace)

    if line.measured_ncv is not None:
        ncv_input = TraceInput("net calorific value", line.measured_ncv, ncv_choice.factor.unit, MEASURED)
    else:
        ncv_input = from_factor("net calorific value", ncv_choice.factor)
    energy = trace.step("energy content", f"consumption [{basis}] × NCV",
                        [TraceInput("consumption", amount, basis, "step 1"), ncv_input],
                        amount * ncv_input.value, "GJ")

    cc = _parameter_input(line.measured_cc, "carbon content", "fuel_cc", "tC/GJ", line, snapshot,
                          context, choices)
    of = _parameter_input(line.measured_oxidation, "oxidation rate", "fuel_of", "fraction", line,
                          snapshot, context, choices)
    co2_mass, c_mass = co2_over_c(snapshot)
    co2_t = trace.step(
        "CO2 emitted", "energy × carbon content × oxidation rate × 44/12",
        [TraceInput("energy content", energy, "GJ", "step 2"), cc, of,
         from_parameter("CO2/C molar ratio numerator", snapshot.parameter("chem.molar_mass_co2")),
         from_parameter("CO2/C molar ratio denominator", snapshot.parameter("chem.molar_mass_c"))],
        # × 44 then ÷ 12 last: exact whenever the inputs are, instead of carrying a rounded 3.666…7
        energy * cc.value * of.value * co2_mass / c_mass, "tCO2",
    )
    return Emission({"CO2": co2_t * KG_PER_T}, trace, choices)


def _consumption_in(line: FuelCombustion, basis: str, trace: Trace) -> Decimal:
    """Consumption converted to the NCV basis; a liquid reported by volume goes through density.

    A volume must fit the phase the factors are written for. A gaseous fuel (NCV per 10^4 Nm³) given in
    litres is a liquid volume — LNG — and would be read as gas, ~600× too small; a fuel whose NCV is per tonne
    given in Nm³ is a gas volume that a liquid density (kg/L) cannot convert. Both are refused: converting them
    needs the phase and a density at normal conditions the line does not carry."""
    given = TraceInput("consumption", line.quantity, line.unit, ACTIVITY)
    phase = units.phase_of_volume(line.unit)
    if basis != "t" and phase == "liquid":
        raise ActivityError("gas_by_liquid_volume", fuel=line.fuel, unit=line.unit)
    if basis == "t" and phase == "gas":
        raise ActivityError("fuel_by_gas_volume", fuel=line.fuel, unit=line.unit)
    if basis == "t" and units.dimension_of(line.unit) == "volume":
        if line.density_kg_per_l is None:
            raise ActivityError("density_required", fuel=line.fuel)
        litres = units.convert(line.quantity, line.unit, "L")
        density = TraceInput("density", line.density_kg_per_l, "kg/L", MEASURED)
        return trace.step("consumption by mass", "volume [L] × density [kg/L] ÷ 1000",
                          [given, density], litres * line.density_kg_per_l / KG_PER_T, "t")
    amount = units.convert(line.quantity, line.unit, basis)
    return trace.step("consumption", f"convert {line.unit} to {basis}", [given], amount, basis)


def _parameter_input(
    measured: Decimal | None, name: str, family: str, unit: str, line: FuelCombustion,
    snapshot: FactorSnapshot, context: CalcContext, choices: list[FactorChoice],
) -> TraceInput:
    """A measured value wins over the guideline default; the default is still recorded for QA."""
    if measured is not None:
        return TraceInput(name, measured, unit, MEASURED)
    choice = snapshot.select(family, line.fuel, context.reporting_year)
    require_unit(choice.factor, unit)
    choices.append(choice)
    return from_factor(name, choice.factor)
