"""One test per line type, with the arithmetic in the comment."""


from tanxin.accounting.domain.calc import CalcContext, calculate_line, china_regulatory, ghg_protocol
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
from tanxin.accounting.domain.trace import MEASURED
from tests.accounting.support import D, snapshot

CTX = CalcContext(reporting_year=2024)
CN = china_regulatory()
GHG = ghg_protocol("AR5")


def one(line, policy=CN):
    [result] = calculate_line(line, snapshot(), policy, CTX)
    return result


def test_diesel_by_volume_goes_through_density():
    # 1190.476… L × 0.84 kg/L = 1000 kg = 1 t → 3.14512… tCO2
    by_volume = one(FuelCombustion("f", "DIESEL", D(1000), "L", density_kg_per_l=D("0.84")))
    by_mass = one(FuelCombustion("f", "DIESEL", D(840), "kg"))
    assert by_volume.co2e_kg == by_mass.co2e_kg


def test_measured_ncv_and_carbon_content_override_the_defaults_and_say_so():
    # 2 t × 42 GJ/t × 0.0200 tC/GJ × 0.98 × 44/12 = 6.0368 tCO2 (exact: 72.4416 / 12)
    result = one(FuelCombustion("f", "DIESEL", D(2), "t", measured_ncv=D(42), measured_cc=D("0.0200")))
    assert result.co2e_kg == D("6036.8")
    sources = {i.name: i.source for s in result.trace.steps for i in s.inputs}
    assert sources["net calorific value"] == MEASURED
    assert sources["oxidation rate"].startswith("factor fuel.diesel.of")


def test_purchased_electricity_uses_the_prescribed_ets_factor_in_the_china_view():
    # 100 MWh × 0.5703 tCO2/MWh (ETS factor 2022, latest ≤ 2024) = 57.03 t
    result = one(Electricity("e", D(100), "MWh"))
    assert result.co2e_kg == D("57030") and result.scope == 2 and result.scope2_method == "prescribed"
    assert result.factor_choices[0].factor.id == "grid.cn.ets_compliance.2022"


def test_a_non_ets_enterprise_uses_the_national_average_grid_factor():
    # 100 MWh × 0.5306 (national average 2023) = 53.06 t
    assert one(Electricity("e", D(100), "MWh"), china_regulatory(ets_covered=False)).co2e_kg == D("53060")


def test_ghg_protocol_gives_location_and_market_results_for_one_electricity_line():
    # location in Guangdong, 2024: no level has 2024, the closest vintage is 2023 and its most local level
    #   is the South China grid: 100 MWh × 0.4042 = 40.42 t
    # market: (100 − 30 green) MWh × 0.6096 (residual 2023) = 42.672 t
    ctx = CalcContext(reporting_year=2024, province="GD", region="SOUTH")
    results = calculate_line(Electricity("e", D(100), "MWh", green_quantity=D(30)), snapshot(), GHG, ctx)
    by_method = {r.scope2_method: r.co2e_kg for r in results}
    assert by_method == {"location": D("40420"), "market": D("42672")}


def test_exported_electricity_is_netted_in_the_china_view_only():
    line = Electricity("x", D(10), "MWh", direction=Direction.EXPORTED)
    assert one(line).co2e_kg == D("-5703")
    assert {r.co2e_kg for r in calculate_line(line, snapshot(), GHG, CTX)} == {D(0)}


def test_purchased_heat_is_gigajoules_times_0_11():
    # 1000 GJ × 0.11 = 110 t
    assert one(Heat("h", D(1000), "GJ")).co2e_kg == D(110000)


def test_steam_with_given_enthalpy():
    # 100 t × (2800 − 83.74) kJ/kg × 10⁻³ = 271.626 GJ × 0.11 = 29.87886 t
    result = one(Steam("s", D(100), "t", enthalpy_kj_per_kg=D(2800)))
    assert result.co2e_kg == D("29878.86")


def test_saturated_steam_enthalpy_comes_from_the_table_by_absolute_pressure():
    # 1.0 MPa abs → 2777.1 kJ/kg; 10 t × (2777.1 − 83.74) × 10⁻³ = 26.9336 GJ × 0.11 = 2.962696 t
    absolute = one(Steam("s", D(10), "t", pressure_mpa=D("1.0")))
    assert absolute.co2e_kg == D("2962.696")
    # 0.898675 MPa gauge + 0.101325 = 1.0 MPa abs: same state
    gauge = one(Steam("s", D(10), "t", pressure_mpa=D("0.898675"), pressure_is_gauge=True))
    assert gauge.co2e_kg == absolute.co2e_kg


def test_hot_water_uses_the_20_degree_base():
    # 500 t × (80 − 20) × 4.1868 × 10⁻³ = 125.604 GJ × 0.11 = 13.81644 t
    assert one(HotWater("w", D(500), "t", temperature_c=D(80))).co2e_kg == D("13816.44")


def test_refrigerant_leak_splits_a_blend_into_its_gases():
    # 20 kg R-410A × 10 % = 2 kg → 1 kg HFC-32 × 677 + 1 kg HFC-125 × 3170 = 3847 kgCO2e (AR5)
    result = one(RefrigerantLeakRate("r", "R-410A", D(20), "kg", D("0.1")), GHG)
    assert result.gases_kg == {"HFC-32": D("1.0"), "HFC-125": D("1.0")}
    assert result.co2e_kg == D(3847)


def test_refrigerant_mass_balance():
    # (50 − 40) + (30 − 5) + (8 − 12) = 31 kg HFC-134a × 1300 = 40 300 kgCO2e (AR5)
    line = RefrigerantMassBalance("r", "HFC-134a", "kg", stock_start=D(50), stock_end=D(40), purchased=D(30),
                                  recovered=D(5), new_equipment_charge=D(12), retired_equipment_charge=D(8))
    assert one(line, GHG).co2e_kg == D(40300)


def test_the_china_view_leaves_refrigerant_hfcs_out_unless_configured():
    line = RefrigerantLeakRate("r", "HFC-134a", D(10), "kg", D("0.1"))
    assert one(line).co2e_kg == 0
    # With a sector rule that counts fugitive HFCs, SAR applies: 1 kg × 1300
    policy = CN.__class__(**{**CN.__dict__, "non_co2_source_types": frozenset({"refrigerant"})})
    assert one(line, policy).co2e_kg == D(1300)


def test_hcfc_22_is_a_memo_item_outside_the_kyoto_total():
    result = one(RefrigerantLeakRate("r", "HCFC-22", D(10), "kg", D("0.1")), GHG)
    assert result.co2e_kg == 0 and result.memo_kg == {"HCFC-22": D("1.0")}


def test_limestone_calcination():
    # 100 t × 0.95 purity × 0.440 = 41.8 tCO2
    assert one(Carbonate("c", "CaCO3", D(100), "t", purity=D("0.95"))).co2e_kg == D(41800)


def test_scope_3_lines_are_outside_the_china_legal_person_boundary():
    line = FuelCombustion("f", "DIESEL", D(1), "t", scope=3)
    assert calculate_line(line, snapshot(), CN, CTX) == []
    assert one(line, GHG).scope == 3


def test_every_step_of_the_trace_is_renderable_as_json():
    steps = one(FuelCombustion("f", "DIESEL", D(1), "t")).trace.as_dict()
    assert [s["label"] for s in steps] == ["consumption", "energy content", "CO2 emitted", "CO2 as CO2e"]
    assert all(isinstance(i["value"], str) for s in steps for i in s["inputs"])
