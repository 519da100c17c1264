"""The lean bulk calculation (``domain.lean``) without Django: every line kind worked out by hand on a small
library with round numbers, the same figures as the regular per-line calculation (``calc``) slot by slot, and
the same refusals in the same words (generated mutants showed the lean path had no pure domain test)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from tanxin.accounting.domain.calc import (
    CalcContext,
    calculate_line_in_views,
    calculate_lines_in_views,
    china_regulatory,
    ghg_protocol,
)
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.factors import Blend, Factor, GwpSet, Parameter, SteamRow, make_snapshot
from tanxin.accounting.domain.inventory import summarize
from tanxin.accounting.domain.lean import LeanCalculator
from tanxin.accounting.domain.lean_year import lean_year
from tanxin.accounting.domain.lines import (
    Carbonate,
    Direction,
    Electricity,
    FuelCombustion,
    Heat,
    HotWater,
    RefrigerantLeakRate,
    RefrigerantMassBalance,
    Steam,
)
from tanxin.accounting.domain.quality import assess
from tests.accounting.support import snapshot as shipped_snapshot

YEAR = 2024
CONTEXT = CalcContext(YEAR, province="GD", region="SOUTH")
POLICIES = (china_regulatory(ets_covered=True), ghg_protocol("AR5"))


def factor(fid: str, family: str, subject: str, value: str, unit: str, year: int | None = YEAR) -> Factor:
    return Factor(fid, family, subject, year, D(value), unit, "test", "V")


FACTORS = (
    factor("diesel-ncv", "fuel_ncv", "DIESEL", "40", "GJ/t"),
    factor("diesel-cc", "fuel_cc", "DIESEL", "0.02", "tC/GJ"),
    factor("diesel-of", "fuel_of", "DIESEL", "0.9", "fraction"),
    factor("gas-ncv", "fuel_ncv", "NATURAL_GAS", "400", "GJ/10^4 Nm3"),
    factor("gas-cc", "fuel_cc", "NATURAL_GAS", "0.015", "tC/GJ"),
    factor("gas-of", "fuel_of", "NATURAL_GAS", "1", "fraction"),
    factor("ets", "grid_ets", "CN", "0.5", "tCO2/MWh"),
    factor("avg", "grid_average", "CN", "0.6", "tCO2/MWh"),
    factor("gd", "grid_provincial", "GD", "0.4", "tCO2/MWh"),
    factor("residual", "grid_residual", "CN", "0.8", "tCO2/MWh"),
    factor("heat", "heat", "HEAT", "0.11", "tCO2/GJ"),
)
GWPS = (
    GwpSet("SAR", {"CO2": D(1), "HFC-32": D(650), "HFC-125": D(2800), "HCFC-22": D(1500)}),
    GwpSet("AR5", {"CO2": D(1), "HFC-32": D(677), "HFC-125": D(3170), "HCFC-22": D(1760)}),
)
BLENDS = (
    Blend("R-410A", (("HFC-32", D("0.5")), ("HFC-125", D("0.5")))),
    Blend("R-CO2MIX", (("CO2", D("0.5")), ("HFC-32", D("0.5")))),  # two gases, CO2 first
)
PARAMETERS = tuple(Parameter(pid, D(value), "", "test", "V") for pid, value in (
    ("chem.molar_mass_co2", "44"), ("chem.molar_mass_c", "12"), ("steam.reference_enthalpy", "83.74"),
    ("hot_water.base_temperature", "20"), ("hot_water.specific_heat", "4.1868"), ("stoich.CaCO3", "0.44")))
STEAM = (SteamRow(D("1.0"), D("180"), D("2778"), "test", "V"), SteamRow(D("2.0"), D("212"), D("2799"), "test", "V"))


def library(*factors: Factor):
    """The round-number library, with ``factors`` replacing those of the same id."""
    replaced = {f.id: f for f in (*FACTORS, *factors)}
    return make_snapshot(replaced.values(), GWPS, BLENDS, PARAMETERS, STEAM)


def lean(line, snap=None, policies=POLICIES):
    return LeanCalculator(snap or library(), policies, CONTEXT).line(line)


def co2e(slot) -> D | None:
    return None if slot is None else slot.co2e_kg


def refusal(line, snap=None) -> str:
    """The code both calculations refuse ``line`` with; the lean one must word it with the same details."""
    snap = snap or library()
    with pytest.raises(AccountingError) as regular:
        calculate_line_in_views(line, snap, POLICIES, CONTEXT)
    with pytest.raises(AccountingError) as fast:
        lean(line, snap)
    assert fast.value.details == regular.value.details
    return fast.value.code


def fuel(**kw) -> FuelCombustion:
    return FuelCombustion(**{"line_id": "f", "fuel": "DIESEL", "quantity": D(10), "unit": "t", **kw})


# --- hand calculations ---------------------------------------------------------------------------------------


def test_diesel_by_mass_is_energy_times_carbon_times_oxidation_times_44_over_12_in_both_views():
    # 10 t × 40 GJ/t = 400 GJ; 400 × 0.02 tC/GJ × 0.9 = 7.2 tC; × 44 / 12 = 26.4 tCO2 = 26,400 kg (GWP 1).
    outcome = lean(fuel())
    assert co2e(outcome.china) == co2e(outcome.location) == co2e(outcome.market) == D(26400)
    assert outcome.china.gases_kg == (("CO2", D(26400)),)
    assert outcome.china_method is None
    assert [c.factor.id for c in outcome.choices] == ["diesel-ncv", "diesel-cc", "diesel-of"]


def test_diesel_by_volume_goes_through_its_density():
    # 1,000 L × 0.84 kg/L ÷ 1000 = 0.84 t; × 40 = 33.6 GJ; × 0.02 × 0.9 = 0.6048 tC; × 44 / 12 = 2.2176 t.
    assert co2e(lean(fuel(quantity=D(1000), unit="L", density_kg_per_l=D("0.84"))).china) == D("2217.6")


def test_diesel_by_volume_without_a_density_is_refused():
    assert refusal(fuel(quantity=D(1000), unit="L")) == "density_required"


def test_measured_ncv_carbon_and_oxidation_replace_the_defaults_and_their_factors_are_not_listed():
    # 10 t × 42 GJ/t = 420 GJ; × 0.021 × 1 = 8.82 tC; × 44 / 12 = 32.34 t.
    outcome = lean(fuel(measured_ncv=D(42), measured_cc=D("0.021"), measured_oxidation=D(1)))
    assert co2e(outcome.china) == D(32340)
    assert [c.factor.id for c in outcome.choices] == ["diesel-ncv"]


def test_natural_gas_is_counted_per_ten_thousand_normal_cubic_metres():
    # 20,000 Nm3 = 2 × 10^4 Nm3; × 400 GJ = 800 GJ; × 0.015 × 1 = 12 tC; × 44 / 12 = 44 t.
    line = fuel(fuel="NATURAL_GAS", quantity=D(20000), unit="Nm3")
    assert co2e(lean(line).location) == D(44000)


@pytest.mark.parametrize(("fuel_code", "unit", "code"), [("DIESEL", "Nm3", "fuel_by_gas_volume"),
                                                         ("NATURAL_GAS", "L", "gas_by_liquid_volume")])
def test_a_fuel_given_in_the_volume_of_the_other_phase_is_refused(fuel_code, unit, code):
    assert refusal(fuel(fuel=fuel_code, unit=unit, density_kg_per_l=D("0.84"))) == code


def test_a_fuel_whose_ncv_is_in_an_unknown_basis_is_refused():
    snap = library(factor("diesel-ncv", "fuel_ncv", "DIESEL", "40", "MJ/kg"))
    assert refusal(fuel(), snap) == "factor_unit_mismatch"


def test_a_carbon_content_factor_in_the_wrong_unit_is_refused():
    snap = library(factor("diesel-cc", "fuel_cc", "DIESEL", "20", "tC/TJ"))
    assert refusal(fuel(), snap) == "factor_unit_mismatch"


def test_a_contractors_fuel_in_scope_3_is_outside_the_china_boundary_but_in_the_ghg_protocol():
    outcome = lean(fuel(scope=3))
    assert outcome.china is None
    assert outcome.location == outcome.market
    assert (outcome.location.scope, outcome.location.co2e_kg) == (3, D(26400))


def test_electricity_uses_the_ets_factor_the_provincial_grid_and_the_residual_mix_net_of_green_power():
    # 200,000 kWh = 200 MWh, 50 MWh of it green. China (ETS-covered): 200 × 0.5 = 100 t. GHG location:
    # Guangdong 200 × 0.4 = 80 t. GHG market: (200 − 50) × 0.8 residual = 120 t.
    outcome = lean(Electricity("e", D(200000), "kWh", green_quantity=D(50000)))
    assert (co2e(outcome.china), co2e(outcome.location), co2e(outcome.market)) == (D(100000), D(80000),
                                                                                   D(120000))
    assert outcome.china_method == "prescribed"
    assert [c.factor.id for c in outcome.choices] == ["ets", "gd", "residual"]
    assert outcome.market.scope == 2 and outcome.market.source_type == "electricity"


def test_electricity_wholly_covered_by_green_power_is_zero_in_the_market_method():
    # 100 MWh, all green: market (100 − 100) × 0.8 = 0; location 100 × 0.4 = 40 t.
    outcome = lean(Electricity("e", D(100), "MWh", green_quantity=D(100)))
    assert (co2e(outcome.location), co2e(outcome.market)) == (D(40000), D(0))


def test_more_green_power_than_electricity_is_refused():
    assert refusal(Electricity("e", D(100), "MWh", green_quantity=D("100.001"))) == "green_exceeds_purchased"


def test_exported_electricity_is_netted_in_the_china_view_and_zero_in_the_ghg_protocol():
    # China nets exports: −10 MWh × 0.5 = −5 t. The GHG Protocol does not net: zero, no factor looked up.
    outcome = lean(Electricity("e", D(10), "MWh", direction=Direction.EXPORTED, green_quantity=D(4)))
    assert (co2e(outcome.china), co2e(outcome.location), co2e(outcome.market)) == (D(-5000), D(0), D(0))
    assert [c.factor.id for c in outcome.choices] == ["ets"]


def test_scope_3_electricity_has_no_china_slot_and_no_prescribed_method():
    outcome = lean(Electricity("e", D(10), "MWh", scope=3))
    assert (outcome.china, outcome.china_method) == (None, None)
    assert (co2e(outcome.location), co2e(outcome.market)) == (D(4000), D(8000))


def test_a_grid_factor_in_the_wrong_unit_is_refused():
    snap = library(factor("ets", "grid_ets", "CN", "500", "kgCO2/MWh"))
    assert refusal(Electricity("e", D(10), "MWh"), snap) == "factor_unit_mismatch"


def test_the_market_factor_follows_the_place_rule_across_residual_levels():
    # A 2022 provincial residual mix and a 2024 national one: the place rule takes the reporting year's
    # (national, 0.8), where reading the list in order would take the older provincial one (0.7).
    policy = replace(POLICIES[1], grid_residual=(("provincial", "grid_residual_p", "GD"),
                                                 ("national", "grid_residual", "CN")))
    snap = library(factor("residual-gd", "grid_residual_p", "GD", "0.7", "tCO2/MWh", year=2022))
    outcome = lean(Electricity("e", D(10), "MWh"), snap, (POLICIES[0], policy))
    assert co2e(outcome.market) == D(8000)  # 10 MWh × 0.8
    assert outcome.choices[-1].factor.id == "residual"


def test_purchased_heat_uses_one_heat_factor_listed_once():
    # 100 GJ × 0.11 tCO2/GJ = 11 t in both views.
    outcome = lean(Heat("h", D(100), "GJ"))
    assert co2e(outcome.china) == co2e(outcome.location) == co2e(outcome.market) == D(11000)
    assert [c.factor.id for c in outcome.choices] == ["heat"]


def test_exported_heat_is_netted_in_the_china_view_only():
    outcome = lean(Heat("h", D(100), "GJ", direction=Direction.EXPORTED))
    assert (co2e(outcome.china), co2e(outcome.location)) == (D(-11000), D(0))


def test_scope_3_heat_is_outside_the_china_boundary():
    outcome = lean(Heat("h", D(100), "GJ", scope=3))
    assert outcome.china is None and co2e(outcome.location) == D(11000)


def test_steam_with_its_enthalpy_counts_the_heat_above_the_reference_water():
    # 2,000 kg = 2 t; 2 × (2783.74 − 83.74) kJ/kg × 10^-3 = 5.4 GJ; × 0.11 = 0.594 t.
    assert co2e(lean(Steam("s", D(2000), "kg", enthalpy_kj_per_kg=D("2783.74"))).china) == D(594)


def test_saturated_steam_by_pressure_reads_the_steam_table():
    # 1.25 MPa: enthalpy 2778 + 0.25 × 21 = 2783.25; 10 t × (2783.25 − 83.74) × 10^-3 = 26.9951 GJ;
    # × 0.11 = 2.969461 t.
    assert co2e(lean(Steam("s", D(10), "t", pressure_mpa=D("1.25"))).china) == D("2969.461")
    # a thermometer at 188.5 °C is within 1 °C of saturation (188 °C): still saturated steam
    assert co2e(lean(Steam("s", D(10), "t", pressure_mpa=D("1.25"), temperature_c=D("188.5"))).china) == D(
        "2969.461")


@pytest.mark.parametrize(("steam", "code"), [
    (Steam("s", D(10), "t", pressure_mpa=D("1.25"), temperature_c=D("190")), "superheated_needs_enthalpy"),
    (Steam("s", D(10), "t"), "steam_state_required"),
    (Steam("s", D(10), "t", enthalpy_kj_per_kg=D("83.74")), "enthalpy_below_reference"),
])
def test_steam_the_calculation_cannot_read_is_refused(steam, code):
    assert refusal(steam) == code


def test_hot_water_counts_the_heat_above_the_base_temperature():
    # 10 t × (70 − 20) K × 4.1868 kJ/(kg·K) × 10^-3 = 2.0934 GJ; × 0.11 = 0.230274 t.
    assert co2e(lean(HotWater("w", D(10), "t", D(70))).china) == D("230.274")


def test_hot_water_not_above_the_base_temperature_is_refused():
    assert refusal(HotWater("w", D(10), "t", D(20))) == "water_below_base"


def test_a_leaking_blend_splits_into_its_gases_which_only_the_ghg_protocol_counts():
    # 100 kg × 0.1 = 10 kg of R-410A = 5 kg HFC-32 + 5 kg HFC-125; AR5: 5 × 677 + 5 × 3170 = 19,235 kg.
    outcome = lean(RefrigerantLeakRate("r", "R-410A", D(100), "kg", D("0.1")))
    assert outcome.location.gases_kg == (("HFC-32", D(5)), ("HFC-125", D(5)))
    assert outcome.location.co2e_by_gas_kg == (("HFC-32", D(3385)), ("HFC-125", D(15850)))
    assert co2e(outcome.location) == D(19235)
    assert (outcome.china.gases_kg, co2e(outcome.china)) == ((), D(0))  # China counts CO2 only
    assert outcome.choices == ()


def test_a_two_gas_blend_led_by_co2_keeps_its_second_gas():
    # 10 kg × 1 = 10 kg: 5 kg CO2 + 5 kg HFC-32. China: CO2 only, 5 kg. GHG AR5: 5 + 5 × 677 = 3,390.
    outcome = lean(RefrigerantLeakRate("r", "R-CO2MIX", D(10), "kg", D(1)))
    assert (outcome.china.gases_kg, co2e(outcome.china)) == ((("CO2", D(5)),), D(5))
    assert outcome.location.gases_kg == (("CO2", D(5)), ("HFC-32", D(5)))
    assert co2e(outcome.location) == D(3390)


def test_a_non_kyoto_refrigerant_is_a_memo_item_outside_the_total():
    # 10 kg × 0.5 = 5 kg HCFC-22: reported apart, 0 in the total.
    outcome = lean(RefrigerantLeakRate("r", "HCFC-22", D(10), "kg", D("0.5")))
    assert (outcome.location.memo_kg, outcome.location.gases_kg, co2e(outcome.location)) == (
        (("HCFC-22", D(5)),), (), D(0))


def test_the_refrigerant_mass_balance_adds_retired_charge_and_subtracts_new_charge():
    # (40 − 35) + (10 − 2) + (4 − 3) = 14 kg HFC-32; AR5 14 × 677 = 9,478 kg.
    line = RefrigerantMassBalance("m", "HFC-32", "kg", stock_start=D(40), stock_end=D(35), purchased=D(10),
                                  recovered=D(2), new_equipment_charge=D(3), retired_equipment_charge=D(4))
    outcome = lean(line)
    assert outcome.location.gases_kg == (("HFC-32", D(14)),)
    assert co2e(outcome.location) == D(9478)


def test_a_negative_mass_balance_is_refused():
    line = RefrigerantMassBalance("m", "HFC-32", "kg", stock_start=D(1), stock_end=D(5))  # 1 − 5 = −4 kg
    assert refusal(line) == "negative_mass_balance"


def test_a_carbonate_releases_mass_times_purity_times_its_stoichiometric_factor():
    # 2,000 kg = 2 t × 0.95 × 0.44 = 0.836 t.
    outcome = lean(Carbonate("c", "CaCO3", D(2000), "kg", D("0.95")))
    assert co2e(outcome.china) == co2e(outcome.location) == D(836)
    assert outcome.china.source_type == "process_carbonate" and outcome.china.scope == 1


def test_a_carbonate_without_a_stoichiometric_factor_is_refused():
    assert refusal(Carbonate("c", "SrCO3", D(1), "t")) == "unknown_carbonate"


# --- the same numbers as the regular calculation -------------------------------------------------------------

LINES = (
    fuel(line_id="f1"), fuel(line_id="f2", quantity=D(1000), unit="L", density_kg_per_l=D("0.84")),
    fuel(line_id="f3", measured_ncv=D(42), measured_cc=D("0.021"), measured_oxidation=D(1)),
    fuel(line_id="f4", scope=3), fuel(line_id="f5", fuel="NATURAL_GAS", quantity=D(20000), unit="Nm3"),
    Electricity("e1", D(200000), "kWh", green_quantity=D(50000)),
    Electricity("e2", D(10), "MWh", direction=Direction.EXPORTED, green_quantity=D(4)),
    Electricity("e3", D(10), "万kWh", scope=3), Heat("h1", D(100), "GJ"),
    Heat("h2", D(100), "GJ", direction=Direction.EXPORTED), Heat("h3", D(5), "GJ", scope=3),
    Steam("s1", D(2000), "kg", enthalpy_kj_per_kg=D("2783.74")), Steam("s2", D(10), "t", pressure_mpa=D("1.25")),
    Steam("s3", D(3), "t", pressure_mpa=D("0.9"), pressure_is_gauge=True, direction=Direction.EXPORTED),
    HotWater("w1", D(10), "t", D(70)), RefrigerantLeakRate("r1", "R-410A", D(100), "kg", D("0.1")),
    RefrigerantLeakRate("r2", "HCFC-22", D(10), "kg", D("0.5")),
    RefrigerantLeakRate("r3", "R-CO2MIX", D(10), "kg", D(1)),
    RefrigerantMassBalance("m1", "HFC-32", "kg", stock_start=D(40), stock_end=D(35), purchased=D(10),
                           recovered=D(2), new_equipment_charge=D(3), retired_equipment_charge=D(4)),
    Carbonate("c1", "CaCO3", D(2000), "kg", D("0.95")),
    # units other than the calculators' own, so every conversion factor is not 1
    fuel(line_id="f6", quantity=D("1.2"), unit="m3", density_kg_per_l=D("0.84")), Heat("h4", D(5000), "MJ"),
    HotWater("w2", D(8000), "kg", D(60)), RefrigerantLeakRate("r4", "R-410A", D("0.1"), "t", D("0.05")),
    RefrigerantMassBalance("m2", "HFC-32", "t", stock_start=D("0.04"), stock_end=D("0.035"), purchased=D("0.01")),
    # edges: exactly 1 °C above saturation is still saturated; mass balances of 0 and 0.5 kg are accepted
    Steam("s4", D(10), "t", pressure_mpa=D("1.25"), temperature_c=D(189)),
    RefrigerantMassBalance("m3", "HFC-32", "kg", stock_start=D(40), stock_end=D(40)),
    RefrigerantMassBalance("m4", "HFC-32", "kg", stock_start=D(40), stock_end=D("39.5")),
)


def _strict(pairs) -> list:
    return [(gas, kg.as_tuple()) for gas, kg in pairs]


def _slot(scope, source_type, gases, by_gas, total, memo) -> tuple:
    return (scope, str(source_type), _strict(gases), _strict(by_gas), total.as_tuple(), _strict(memo))


def _regular(line, snap, policies) -> dict:
    china, ghg = calculate_line_in_views(line, snap, policies, CONTEXT)
    slots = {}
    for name, results in (("china", china), ("ghg", ghg)):
        for r in results:
            for method in ((r.scope2_method,) if r.scope2_method else ("any",)):
                key = "china" if name == "china" else ("location" if method in ("location", "any") else "market")
                slots[key] = _slot(r.scope, r.source_type, r.gases_kg.items(), r.co2e_by_gas_kg.items(),
                                   r.co2e_kg, r.memo_kg.items())
                if name == "ghg" and method == "any":
                    slots["market"] = slots["location"]
    choices = sorted({c.factor.id for r in (*china, *ghg) for c in r.factor_choices})
    return {"slots": slots, "choices": choices}


def _lean(calculator: LeanCalculator, line) -> dict:
    outcome = calculator.line(line)
    slots = {name: _slot(*slot) for name, slot in (("china", outcome.china), ("location", outcome.location),
                                                   ("market", outcome.market)) if slot is not None}
    return {"slots": slots, "choices": sorted({c.factor.id for c in outcome.choices})}


@pytest.mark.parametrize(("ets_covered", "ghg_scope3"), [(True, True), (False, True), (True, False)])
def test_every_line_kind_gives_the_regular_calculations_identical_decimals(ets_covered, ghg_scope3):
    # the second view may also be configured to leave scope 3 out
    policies = (china_regulatory(ets_covered), replace(ghg_protocol("AR5"), include_scope3=ghg_scope3))
    snap = library()
    calculator = LeanCalculator(snap, policies, CONTEXT)
    for _ in range(2):  # asked again, the remembered factor choices and conversions give the same answers
        for line in LINES:
            mine, theirs = _lean(calculator, line), _regular(line, snap, policies)
            if not theirs["slots"]:
                # A scope-3 fuel line outside both views: no result either way, but the lean path has already
                # looked up the fuel's factors and lists them (the platform's GHG Protocol view keeps scope 3,
                # so every line is in some view there).
                assert line.scope == 3 and not mine["slots"], line.line_id
                continue
            assert mine == theirs, line.line_id


SHIPPED_LINES = (
    FuelCombustion("a", "BITUMINOUS", D("812.5"), "t"), FuelCombustion("b", "DIESEL", D(3000), "L",
                                                                       density_kg_per_l=D("0.84")),
    FuelCombustion("c", "NATURAL_GAS", D("12.5"), "万Nm3", measured_cc=D("0.01532")),
    FuelCombustion("d", "ANTHRACITE", D(40), "t", measured_ncv=D("30.5"), measured_oxidation=D("0.7")),
    Electricity("e", D(123456), "kWh", green_quantity=D(20000)),
    Electricity("x", D(5000), "kWh", direction=Direction.EXPORTED),
    Steam("s", D(12), "t", pressure_mpa=D("0.6"), pressure_is_gauge=True, temperature_c=D(160)),
    HotWater("w", D(30), "t", D(95)), RefrigerantLeakRate("r", "R-407C", D(60), "kg", D("0.05")),
    RefrigerantMassBalance("m", "R-404A", "kg", stock_start=D(40), stock_end=D(35), purchased=D(7),
                           recovered=D(1)),
    Carbonate("k", "MgCO3", D(3), "t", D("0.4")),
)


@pytest.mark.parametrize("ets_covered", [True, False])
def test_the_shipped_library_gives_the_regular_calculations_identical_decimals(ets_covered):
    policies = (china_regulatory(ets_covered), ghg_protocol("AR6"))
    calculator = LeanCalculator(shipped_snapshot(), policies, CONTEXT)
    for line in SHIPPED_LINES:
        assert _lean(calculator, line) == _regular(line, shipped_snapshot(), policies), line.line_id


# --- an enterprise-year from lean outcomes -------------------------------------------------------------------

YEAR_LINES = (*LINES, fuel(line_id="p1", period="2024-01"), fuel(line_id="p2", quantity=D(30), period="2024-02"),
              fuel(line_id="p3", measured_ncv=D(50), measured_oxidation=D("0.5")),
              Heat("sold", D(1000), "GJ", direction=Direction.EXPORTED))  # China nets −110 t: heat goes negative


def test_an_enterprise_years_totals_line_results_and_quality_are_those_of_the_regular_calculation():
    snap = library()
    china, ghg = calculate_lines_in_views(YEAR_LINES, snap, POLICIES, CONTEXT)
    year = lean_year(YEAR_LINES, snap, POLICIES, CONTEXT)
    regular = {"china_regulatory": summarize(china, "prescribed"), "ghg_protocol_location": summarize(
        ghg, "location"), "ghg_protocol_market": summarize(ghg, "market")}
    assert year.totals == regular
    # e1: China 100 t (ETS 0.5), location 80 t (Guangdong 0.4), market 120 t (residual 0.8 on 150 MWh)
    assert year.line_results["e1"] == [D(100000), D(80000), D(120000)]
    # f4 is scope 3: outside the China boundary, 26.4 t in both GHG Protocol methods
    assert year.line_results["f4"] == [D(0), D(26400), D(26400)]
    assert year.quality == assess(YEAR_LINES, china, snap, YEAR, other_views=ghg)
    codes = {f.code for f in year.quality.flags}
    assert {"parameter_out_of_range", "measured_deviates", "month_jump", "missing_months", "negative_total"} <= codes


def test_an_enterprise_year_with_a_line_id_twice_is_refused():
    with pytest.raises(AccountingError) as refused:
        lean_year((fuel(line_id="x"), Heat("x", D(1), "GJ")), library(), POLICIES, CONTEXT)
    assert refused.value.code == "duplicate_line_id"


@pytest.mark.parametrize("line", [fuel(), Electricity("e", D(10), "MWh"), fuel(scope=3)],
                         ids=["fuel", "electricity", "scope 3 fuel"])
def test_an_enterprise_year_with_one_scope_still_totals_every_scope(line):
    snap = library()
    china, ghg = calculate_lines_in_views([line], snap, POLICIES, CONTEXT)
    totals = lean_year([line], snap, POLICIES, CONTEXT).totals
    assert totals["china_regulatory"] == summarize(china, "prescribed")
    assert totals["ghg_protocol_market"] == summarize(ghg, "market")
    assert set(totals["ghg_protocol_location"].by_scope) == {1, 2, 3}
