from dataclasses import replace
from decimal import Decimal

import pytest

from tanxin.accounting.domain.errors import FactorError
from tanxin.accounting.domain.factors import Factor, make_snapshot, propose_restatements, select_factor
from tanxin.accounting.domain.loaders import load_blends, load_factors, load_gwp_sets
from tests.accounting.support import snapshot


def test_the_latest_year_not_after_the_reporting_year_is_used_and_marked_provisional():
    choice = snapshot().select("grid_regional", "SOUTH", 2025)
    assert choice.year_used == 2023
    assert choice.provisional


def test_the_matching_year_is_not_provisional():
    choice = snapshot().select("grid_regional", "SOUTH", 2022)
    assert choice.factor.value == Decimal("0.3869")
    assert not choice.provisional


def test_a_year_before_any_publication_is_refused():
    with pytest.raises(FactorError) as err:
        snapshot().select("grid_regional", "SOUTH", 2019)
    assert err.value.code == "unknown_factor"


def test_undated_guideline_defaults_serve_every_year_and_are_never_provisional():
    choice = snapshot().select("fuel_ncv", "DIESEL", 2030)
    assert choice.factor.value == Decimal("43.33")
    assert choice.year_used is None and not choice.provisional


def test_a_restatement_is_proposed_once_the_matching_year_is_published():
    used = snapshot().select("grid_regional", "SOUTH", 2024)
    assert propose_restatements([used], snapshot()) == []
    newer = Factor("grid.cn.south.2024", "grid_regional", "SOUTH", 2024, Decimal("0.39"), "tCO2/MWh",
                   "MEE/NBS (test)", "V")
    library = make_snapshot([*snapshot().factors.values(), newer], snapshot().gwp_sets.values())
    [proposal] = propose_restatements([used], library)
    assert proposal.used.year == 2023 and proposal.newer.year == 2024


def test_the_snapshot_digest_is_stable_and_changes_with_any_value():
    same = make_snapshot(snapshot().factors.values(), snapshot().gwp_sets.values(),
                         snapshot().blends.values(), snapshot().parameters.values(), snapshot().steam_table)
    assert same.digest == snapshot().digest
    factors = dict(snapshot().factors)
    factors["fuel.diesel.ncv"] = replace(factors["fuel.diesel.ncv"], value=Decimal("43.34"))
    changed = make_snapshot(factors.values(), snapshot().gwp_sets.values(), snapshot().blends.values(),
                            snapshot().parameters.values(), snapshot().steam_table)
    assert changed.digest != snapshot().digest


def test_a_snapshot_cannot_be_modified_after_it_is_built():
    with pytest.raises(TypeError):
        snapshot().factors["fuel.diesel.ncv"] = None  # type: ignore[index]


def test_gwp_sets_leave_gases_without_a_value_out():
    sets = {g.name: g for g in load_gwp_sets(
        "gas,name_zh,SAR,AR4,AR5,AR6,notes\nNF3,x,,17200,16100,17400,\n")}
    assert "NF3" not in sets["SAR"].values
    with pytest.raises(FactorError) as err:
        sets["SAR"].gwp("NF3")
    assert err.value.code == "unknown_gas"


def test_a_non_numeric_factor_value_is_refused_with_its_row():
    text = ("factor_id,family,subject_code,subject_zh,subject_en,data_year,value,unit,method_document,"
            "publisher,source_ref,confidence,notes\nx,heat,HEAT,热,Heat,,abc,tCO2/GJ,m,p,s,V,\n")
    with pytest.raises(FactorError) as err:
        load_factors(text)
    assert err.value.code == "csv_invalid" and err.value.details["row"] == "2"


def test_blend_fractions_must_sum_to_one():
    with pytest.raises(FactorError):
        load_blends("blend,components_mass_fraction,notes\nR-X,HFC-32:0.5;HFC-125:0.4,\n")


def test_selection_prefers_a_dated_value_over_an_undated_default():
    dated = Factor("h.2023", "heat", "HEAT", 2023, Decimal("0.10"), "tCO2/GJ", "s", "V")
    undated = Factor("h", "heat", "HEAT", None, Decimal("0.11"), "tCO2/GJ", "s", "V")
    assert select_factor([undated, dated], "heat", "HEAT", 2024).factor is dated
    assert select_factor([undated, dated], "heat", "HEAT", 2022).factor is undated
