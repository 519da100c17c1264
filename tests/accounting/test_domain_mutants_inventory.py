"""Inventory totals, intensities and the stored payload worked by hand; reading the reference CSVs; how a trace
names a chosen factor (generated mutants showed these untested)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tanxin.accounting.domain import loaders, trace, units
from tanxin.accounting.domain.calc import LineResult
from tanxin.accounting.domain.errors import FactorError, UnitError
from tanxin.accounting.domain.factors import Factor, FactorChoice, PassedOver
from tanxin.accounting.domain.inventory import (
    Change,
    Denominators,
    Inventory,
    Totals,
    intensities,
    inventory_payload,
    summarize,
    to_kg_int,
    year_on_year,
)
from tanxin.accounting.domain.lines import SourceType
from tanxin.accounting.domain.trace import Trace


def result(line_id: str, scope: int, source: SourceType, gases: dict, gwp: dict, method: str | None = None,
           memo: dict | None = None) -> LineResult:  # fmt: skip
    by_gas = {gas: D(kg) * gwp[gas] for gas, kg in gases.items()}
    return LineResult(line_id, source, scope, {g: D(kg) for g, kg in gases.items()}, sum(by_gas.values(), D(0)),
                      "AR5", Trace(), scope2_method=method, co2e_by_gas_kg=by_gas,
                      memo_kg={g: D(kg) for g, kg in (memo or {}).items()})


GWP = {"CO2": D(1), "HFC-32": D(677)}
LINES = (
    result("fuel", 1, SourceType.FUEL_COMBUSTION, {"CO2": "1000.4"}, GWP),
    result("leak", 1, SourceType.REFRIGERANT, {"HFC-32": "2"}, GWP, memo={"HCFC-22": "1.5"}),
    result("leak2", 1, SourceType.REFRIGERANT, {"HFC-32": "0.5"}, GWP, memo={"HCFC-22": "2.25"}),
    result("power", 2, SourceType.ELECTRICITY, {"CO2": "300"}, GWP, method="location"),
    result("power", 2, SourceType.ELECTRICITY, {"CO2": "500"}, GWP, method="market"),
)


def test_totals_count_each_line_once_per_method_and_add_memo_items_apart():
    # location: 1000.4 + 2 × 677 + 0.5 × 677 + 300 = 1000.4 + 1354 + 338.5 + 300 = 2992.9 kgCO2e
    location = summarize(LINES, "location")
    assert location.total_co2e_kg == D("2992.9")
    assert location.by_scope == {1: D("2692.9"), 2: D(300), 3: D(0)}
    assert location.by_source_type == {"fuel_combustion": D("1000.4"), "refrigerant": D("1692.5"),
                                       "electricity": D(300)}
    assert location.by_gas_mass_kg == {"CO2": D("1300.4"), "HFC-32": D("2.5")}
    assert location.by_gas_co2e_kg == {"CO2": D("1300.4"), "HFC-32": D("1692.5")}
    assert location.memo_kg == {"HCFC-22": D("3.75")}  # 1.5 + 2.25, never in the total
    # market: the market line (500) replaces the location one
    assert summarize(LINES, "market").total_co2e_kg == D("3192.9")


def test_every_scope_is_in_the_totals_even_when_nothing_is_in_it():
    totals = summarize(LINES[:1], "location")
    assert totals.by_scope == {1: D("1000.4"), 2: D(0), 3: D(0)}
    assert list(totals.by_scope) == [1, 2, 3]


def test_the_stored_payload_keys_electricity_by_method_and_rounds_to_whole_kilograms():
    inventory = Inventory("ghg_protocol", "AR5", 2024, ("location", "market"), "digest", LINES)
    payload = inventory_payload(inventory)
    assert [line["line_id"] for line in payload["lines"]] == ["fuel", "leak", "leak2", "power#location",
                                                              "power#market"]
    assert payload["lines"][0]["co2e_kg"] == 1000  # 1000.4 half-up
    assert payload["totals"]["location"]["total_co2e_kg"] == 2993  # 2992.9 half-up
    assert payload["totals"]["market"]["by_scope"] == {"1": 2693, "2": 500, "3": 0}


@pytest.mark.parametrize(("value", "kg"), [(D("2.5"), 3), (D("-2.5"), -3), (D("2.49"), 2), (7, 7)])
def test_a_total_at_rest_is_whole_kilograms_rounded_half_up(value, kg):
    assert to_kg_int(value) == kg


def test_a_float_is_not_stored_as_kilograms():
    with pytest.raises(TypeError):
        to_kg_int(2.5)


def test_intensities_per_revenue_output_floor_area_and_employee():
    # 2,000,000 kg = 2,000 t. Revenue 5,000,000 元 = 500 万元 -> 4 t/万元; value added 250 万元 -> 8;
    # output 400 t -> 5 t per t; floor area 10,000 m2 -> 2,000,000 / 10,000 = 200 kg/m2; 40 employees -> 50 t.
    d = Denominators(revenue=D(5000000), revenue_unit="元", value_added=D(250), output=D(400), output_unit="t",
                     floor_area=D(10000), employees=40)
    got = {k: (v.value, v.unit) for k, v in intensities(D(2000000), d).items()}
    assert got == {"revenue": (D(4), "tCO2e/10^4 CNY"), "value_added": (D(8), "tCO2e/10^4 CNY"),
                   "output": (D(5), "tCO2e/t"), "floor_area": (D(200), "kgCO2e/m2"),
                   "employees": (D(50), "tCO2e/employee")}


def test_an_indicator_not_reported_gives_no_intensity():
    # 1,000 kg = 1 t over 2 units of output, with no unit named: 0.5 tCO2e per unit
    only_output = intensities(D(1000), Denominators(output=D(2)))
    assert {k: (v.value, v.unit) for k, v in only_output.items()} == {"output": (D("0.5"), "tCO2e")}
    assert intensities(D(1000), Denominators()) == {}


# --- reference CSVs ----------------------------------------------------------------------------------------

PROVINCES = ("division_prefix,province_code,name_zh,name_en,grid_region,table_version,region_confidence\n"
             "44,GD,广东省,Guangdong,SOUTH,2026-12,M\n")


def test_a_province_row_needs_a_two_digit_division_prefix():
    assert [p.code for p in loaders.load_provinces(PROVINCES)] == ["GD"]
    for bad in ("440", "4", "4a"):
        with pytest.raises(FactorError) as refused:
            loaders.load_provinces(PROVINCES.replace("\n44,", f"\n{bad},"))
        # the header is row 1, so the first data row is row 2
        assert (refused.value.code, refused.value.details["row"]) == ("csv_invalid", "2")


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "abc"])
def test_a_factor_value_that_is_not_a_finite_number_is_refused_with_its_row(raw):
    csv = ("factor_id,family,subject_code,data_year,value,unit,publisher,method_document,source_ref,confidence,"
           "subject_zh,subject_en\nf1,heat,HEAT,2024,0.11,tCO2/GJ,p,m,s,V,热,Heat\n"
           f"f2,heat,HEAT,2023,{raw},tCO2/GJ,p,m,s,V,热,Heat\n")
    with pytest.raises(FactorError) as refused:
        loaders.load_factors(csv)
    assert (refused.value.code, refused.value.details["row"]) == ("csv_invalid", "3")


# --- traces ------------------------------------------------------------------------------------------------


def test_a_traced_choice_names_the_vintage_or_says_undated_and_lists_what_it_passed_over():
    dated = Factor("gd-2023", "grid_provincial", "GD", 2023, D("0.4"), "tCO2/MWh", "test", "V")
    undated = Factor("heat", "heat", "HEAT", None, D("0.11"), "tCO2/GJ", "test", "V-3p")
    steps = Trace()
    trace.note_choice(steps, FactorChoice(dated, 2024, "provincial",
                                          (PassedOver("gd-2025", 2025, "provincial", "V", "later_vintage"),)))
    trace.note_choice(steps, FactorChoice(undated, 2024))
    assert [(s.label, s.note) for s in steps.steps] == [
        ("factor gd-2023 chosen at provincial level", "vintage 2023, confidence V"),
        ("factor gd-2025 passed over", "published for a year after the reporting year"),
        ("factor heat chosen at national level", "vintage undated, confidence V-3p"),
    ]
    steps.note("exported heat", "not netted")
    assert [(s.formula, s.inputs, s.result, s.unit) for s in steps.steps] == [("", (), D(0), "")] * 4
    assert steps.as_dict()[-1] == {"label": "exported heat", "formula": "", "result": "0", "unit": "",
                                   "note": "not netted", "inputs": []}


@pytest.mark.parametrize("unit", [5, None, "furlong"])
def test_a_unit_that_is_not_a_known_name_is_refused(unit):
    with pytest.raises(UnitError) as refused:
        units.canonical_unit(unit)
    assert refused.value.code == "unknown_unit"


def test_year_on_year_compares_every_scope_either_year_has_counting_a_missing_one_as_zero():
    # this year 120 t in scope 1 only; last year 100 t in scope 1 and 50 t in scope 3
    current = Totals(D(120), {1: D(120)}, {}, {}, {}, {})
    previous = Totals(D(150), {1: D(100), 3: D(50)}, {}, {}, {}, {})
    yoy = year_on_year(current, previous)
    assert yoy.total == Change(D(120), D(150), D(-30), D("-0.2"))
    assert yoy.by_scope == {1: Change(D(120), D(100), D(20), D("0.2")),
                            3: Change(D(0), D(50), D(-50), D(-1))}
    # a scope that was zero last year has no ratio
    assert year_on_year(previous, current).by_scope[3] == Change(D(50), D(0), D(50), None)
