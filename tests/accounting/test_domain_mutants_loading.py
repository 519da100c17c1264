"""Reading the reference CSVs (row numbers in refusals, blends, regions), placing an enterprise by its division
code, blank mass-balance fields, and the default quality thresholds just past their edges (generated mutants over
all of ``accounting/domain`` showed these untested)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tanxin.accounting.domain import loaders
from tanxin.accounting.domain.calc import LineResult
from tanxin.accounting.domain.errors import FactorError
from tanxin.accounting.domain.factors import Factor, FactorChoice, GwpSet, make_snapshot
from tanxin.accounting.domain.lines import (
    Carbonate,
    Electricity,
    FuelCombustion,
    RefrigerantLeakRate,
    RefrigerantMassBalance,
    SourceType,
)
from tanxin.accounting.domain.place import Place, index, place_for
from tanxin.accounting.domain.quality import (
    QualityParams,
    Severity,
    check_factors,
    check_measured_factors,
    check_months,
    check_results,
)
from tanxin.accounting.domain.trace import Trace


def _refused_row(load, text: str) -> str:
    with pytest.raises(FactorError) as refused:
        load(text)
    assert refused.value.code == "csv_invalid"
    return refused.value.details["row"]


def test_a_bad_value_is_refused_with_its_row_counting_the_header_as_row_1():
    assert _refused_row(loaders.load_gwp_sets, "gas,SAR,AR4,AR5,AR6\nCO2,1,1,1,1\nCH4,21,x,28,27.9\n") == "3"
    assert _refused_row(loaders.load_blends, "blend,components_mass_fraction\nR-410A,HFC-32:0.5;HFC-125:y\n") == "2"
    assert _refused_row(loaders.load_parameters,
                        "parameter_id,value,unit,source_ref,confidence\np,z,1,s,V\n") == "2"
    assert _refused_row(loaders.load_steam_table,
                        "pressure_mpa_abs,saturation_temperature_c,enthalpy_saturated_vapour_kj_per_kg,source_ref,"
                        "confidence\n0.1,99.61,2674.9,s,V\n0.2,?,2706.2,s,V\n") == "3"


def test_a_blend_is_read_as_its_mass_fractions_which_must_sum_to_one():
    [blend] = loaders.load_blends("blend,components_mass_fraction\nR-410A,HFC-32:0.5; HFC-125:0.5\n")
    assert (blend.name, blend.components) == ("R-410A", (("HFC-32", D("0.5")), ("HFC-125", D("0.5"))))
    assert _refused_row(loaders.load_blends, "blend,components_mass_fraction\nR-X,HFC-32:0.5;HFC-125:0.4\n") == "2"


def test_a_factor_id_used_twice_is_refused():
    row = "f1,heat,HEAT,2024,0.11,tCO2/GJ,p,m,s,V,热,Heat\n"
    header = ("factor_id,family,subject_code,data_year,value,unit,publisher,method_document,source_ref,confidence,"
              "subject_zh,subject_en\n")
    assert _refused_row(loaders.load_factors, header + row + row) == "-"


PROVINCES = ("division_prefix,province_code,name_zh,name_en,grid_region,table_version,region_confidence\n"
             "44,GD,广东省,Guangdong,SOUTH,2026-12,M\n81,HK,香港,Hong Kong, ,2026-12,M\n")


def test_a_province_off_the_mainland_grids_has_no_region_and_a_prefix_is_listed_once():
    regions = {p.code: p.grid_region for p in loaders.load_provinces(PROVINCES)}
    assert regions == {"GD": "SOUTH", "HK": None}
    assert _refused_row(loaders.load_provinces, PROVINCES + "44,GX,广西,Guangxi,SOUTH,2026-12,M\n") == "-"


def test_an_enterprise_is_placed_by_the_first_two_digits_of_its_division_code():
    provinces = index(loaders.load_provinces(PROVINCES))
    assert place_for("440305", provinces) == Place("GD", "SOUTH", "440305", "2026-12")
    assert place_for("810000", provinces) == Place("HK", None, "810000", "2026-12")
    assert place_for("990000", provinces) == Place(None, None, "990000")  # unknown: no province, no region
    assert place_for("", provinces) == Place(None, None, "")
    assert place_for(None, provinces) == Place(None, None, None)  # type: ignore[arg-type]


def test_a_mass_balance_left_blank_has_every_quantity_zero():
    line = RefrigerantMassBalance("m", "HFC-32", "kg")
    assert [line.stock_start, line.stock_end, line.purchased, line.recovered, line.new_equipment_charge,
            line.retired_equipment_charge] == [0, 0, 0, 0, 0, 0]


# --- the default quality thresholds, just past their edges -----------------------------------------------------

LIBRARY = make_snapshot([Factor("ncv", "fuel_ncv", "DIESEL", 2024, D(40), "GJ/t", "test", "V")],
                        [GwpSet("AR5", {"CO2": D(1)})])


def test_a_measured_value_ten_and_a_half_percent_from_the_default_is_flagged():
    # |44.2 − 40| / 40 × 100 = 10.5 % > 10 %
    flags = check_measured_factors([FuelCombustion("f", "DIESEL", D(1), "t", measured_ncv=D("44.2"))], LIBRARY,
                                   2024, QualityParams())
    assert [(f.code, f.details["pct"]) for f in flags] == [("measured_deviates", "10.5")]


def test_a_month_fifty_and_a_half_percent_above_the_last_is_a_jump():
    # 2 -> 3.01 MWh: +50.5 % > 50 %
    lines = [Electricity(f"m{m}", D(q), "MWh", period=f"2024-{m:02d}") for m, q in ((1, "2"), (2, "3.01"))]
    flags = [f for f in check_months(lines, 2024, QualityParams()) if f.code == "month_jump"]
    assert [(f.line_id, f.details["pct"]) for f in flags] == [("m2", "50.5")]


def test_a_line_half_a_kilogram_above_ten_million_tonnes_is_absurd():
    result = LineResult("x", SourceType.FUEL_COMBUSTION, 1, {}, D("10000000000.5"), "SAR", Trace())
    assert [f.code for f in check_results([result], QualityParams())] == ["absurd_quantity"]


def test_each_fuel_refrigerant_and_carbonate_is_its_own_monthly_series():
    lines = [FuelCombustion("d", "DIESEL", D(1), "t", period="2024-01", facility="Boiler 1"),
             FuelCombustion("c", "BITUMINOUS", D(1), "t", period="2024-01"),
             RefrigerantLeakRate("r", "R-410A", D(1), "kg", D("0.1"), period="2024-01"),
             Carbonate("k", "CaCO3", D(1), "t", period="2024-01")]
    series = [f.details["series"] for f in check_months(lines, 2024, QualityParams()) if f.code == "missing_months"]
    assert series == ["Carbonate/CaCO3", "FuelCombustion/BITUMINOUS", "FuelCombustion/DIESEL/Boiler 1",
                      "RefrigerantLeakRate/R-410A"]


def test_a_factor_to_be_confirmed_and_a_provisional_one_are_flagged():
    recalled = Factor("of-m", "fuel_of", "DIESEL", None, D("0.98"), "fraction", "recalled", "M")
    older = Factor("gd-2023", "grid_provincial", "GD", 2023, D("0.4"), "tCO2/MWh", "test", "V")
    flags = check_factors([FactorChoice(recalled, 2024), FactorChoice(older, 2024)])
    assert [(f.code, f.severity, dict(f.details)) for f in flags] == [
        ("unconfirmed_factor", Severity.WARNING, {"factor_id": "of-m", "confidence": "M"}),
        ("provisional_factor", Severity.INFO, {"factor_id": "gd-2023", "year": "2023", "reporting_year": "2024"}),
    ]
