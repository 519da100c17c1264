"""Grid factor choice by place and year: the reporting year at the most local level that has it; an older
vintage only when no level has the reporting year; official before transcribed at equal rank."""

from dataclasses import replace
from decimal import Decimal

import pytest

from tanxin.accounting.domain.calc import CalcContext, calculate_line, china_regulatory, ghg_protocol
from tanxin.accounting.domain.factors import Level, make_snapshot
from tanxin.accounting.domain.lines import Electricity
from tanxin.accounting.domain.loaders import load_provinces
from tanxin.accounting.domain.place import index, place_for
from tanxin.accounting.reference import DATA_DIR, PROVINCES_FILE
from tests.accounting.support import snapshot

D = Decimal
PROVINCES = index(load_provinces(DATA_DIR / PROVINCES_FILE))


def location(year: int, province: str | None, region: str | None):
    ctx = CalcContext(reporting_year=year, province=province, region=region)
    results = calculate_line(Electricity("e", D(100), "MWh"), snapshot(), ghg_protocol(), ctx)
    return next(r for r in results if r.scope2_method == "location")


def test_a_2023_shenzhen_inventory_uses_the_official_south_china_2023_factor_not_guangdong_2022():
    result = location(2023, "GD", "SOUTH")
    [choice] = result.factor_choices
    assert (choice.factor.id, choice.level, choice.provisional) == ("grid.cn.south.2023", "regional", False)
    assert result.co2e_kg == D("40420")  # 100 MWh × 0.4042
    why = {p.factor_id: p.reason for p in choice.passed_over}
    assert why["grid.cn.guangdong.2022"] == "older_vintage"
    assert why["grid.cn.national.2023"] == "less_local"
    assert "grid.cn.south.2021" in why and "grid.cn.guangdong.2021" in why


def test_the_reporting_years_provincial_factor_wins_when_it_exists():
    choice = location(2022, "GD", "SOUTH").factor_choices[0]
    assert (choice.factor.id, choice.level) == ("grid.cn.guangdong.2022", "provincial")
    why = {p.factor_id: p.reason for p in choice.passed_over}
    assert why["grid.cn.south.2022"] == "less_local"
    assert why["grid.cn.south.2023"] == "later_vintage"


def test_an_older_vintage_only_when_no_level_has_the_reporting_year():
    choice = location(2025, "GD", "SOUTH").factor_choices[0]
    assert (choice.factor.id, choice.provisional) == ("grid.cn.south.2023", True)


@pytest.mark.parametrize(("code", "province", "region", "factor", "kg"), [
    ("440305", "GD", "SOUTH", "grid.cn.south.2023", "40420"),
    ("110105", "BJ", "NORTH", "grid.cn.north.2023", "63610"),
    ("310115", "SH", "EAST", "grid.cn.east.2023", "55000"),
    ("510104", "SC", "SOUTHWEST", "grid.cn.southwest.2023", "24720"),
    ("650102", "XJ", "NORTHWEST", "grid.cn.northwest.2023", "55430"),
    ("230102", "HL", "NORTHEAST", "grid.cn.northeast.2023", "51220"),
    ("420102", "HB", "CENTRAL", "grid.cn.central.2023", "52710"),
    ("810000", "HK", None, "grid.cn.national.2023", "53060"),
    ("990000", None, None, "grid.cn.national.2023", "53060"),
])
def test_the_place_comes_from_the_division_code_and_picks_that_regions_factor(code, province, region, factor, kg):
    place = place_for(code, PROVINCES)
    assert (place.province, place.region) == (province, region)
    result = location(2023, place.province, place.region)
    assert result.factor_choices[0].factor.id == factor
    assert result.co2e_kg == D(kg)


def test_every_province_of_china_is_in_the_table_with_a_region_the_library_has():
    assert len(PROVINCES) == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, 2 SARs
    regions = {f.subject for f in snapshot().factors.values() if f.family == "grid_regional"}
    mainland = [p for p in PROVINCES.values() if p.code not in ("TW", "HK", "MO")]
    assert all(p.grid_region in regions for p in mainland)
    assert {p.grid_region for p in mainland} == regions


def test_official_before_transcribed_at_equal_vintage_and_level():
    base = snapshot()
    official = replace(base.factors["grid.cn.guangdong.2022"], id="grid.cn.guangdong.2022.official",
                       value=D("0.4400"), confidence="V")
    library = make_snapshot([*base.factors.values(), official], base.gwp_sets.values(), base.blends.values(),
                            base.parameters.values(), base.steam_table)
    choice = library.select_by_place((Level("provincial", "grid_provincial", "GD"),), 2022)
    assert choice.factor.id == "grid.cn.guangdong.2022.official"
    assert [(p.factor_id, p.reason) for p in choice.passed_over
            if p.year == 2022] == [("grid.cn.guangdong.2022", "less_official")]


def test_the_china_regulatory_view_keeps_its_prescribed_ets_factor():
    ctx = CalcContext(reporting_year=2023, province="GD", region="SOUTH")
    [result] = calculate_line(Electricity("e", D(100), "MWh"), snapshot(), china_regulatory(True), ctx)
    assert result.factor_choices[0].factor.id == "grid.cn.ets_compliance.2022"
    assert result.co2e_kg == D("57030")


def test_the_trace_names_the_chosen_factor_its_level_and_each_candidate_passed_over():
    steps = location(2023, "GD", "SOUTH").trace.as_dict()
    labels = [s["label"] for s in steps]
    assert "factor grid.cn.south.2023 chosen at regional level" in labels
    passed = {s["label"]: s["note"] for s in steps if s["label"].endswith("passed over")}
    assert passed["factor grid.cn.guangdong.2022 passed over"] == "an older vintage; a closer year is available"
    grid_input = next(i for s in steps for i in s["inputs"] if i["name"] == "grid factor (location)")
    assert grid_input["source"].startswith("factor grid.cn.south.2023, 2023 (V): MEE/NBS")
