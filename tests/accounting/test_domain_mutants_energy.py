"""Scope 2 in the per-line calculation: how the grid factor is found (or not), what the trace says about it, and
saturated steam at the edge of its tolerance (generated mutants over all of ``accounting/domain`` showed these
untested)."""

from __future__ import annotations

import runpy
import sys
from dataclasses import replace
from decimal import Decimal as D

import pytest

from tanxin.accounting.domain.calc import CalcContext, calculate_line, china_regulatory, ghg_protocol
from tanxin.accounting.domain.calc.base import DEFAULT_SCOPE, select_grid
from tanxin.accounting.domain.calc.steam import saturated_state
from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.domain.factors import Factor, GwpSet, Parameter, SteamRow, make_snapshot
from tanxin.accounting.domain.lines import Direction, Electricity, RefrigerantMassBalance, SourceType, Steam

YEAR = 2024
CONTEXT = CalcContext(YEAR, province="GD", region="SOUTH")


def factor(fid: str, family: str, subject: str, value: str, unit: str, year: int | None = YEAR) -> Factor:
    return Factor(fid, family, subject, year, D(value), unit, "test", "V")


GRID = (factor("ets", "grid_ets", "CN", "0.5", "tCO2/MWh"), factor("avg", "grid_average", "CN", "0.6", "tCO2/MWh"),
        factor("gd", "grid_provincial", "GD", "0.4", "tCO2/MWh"),
        factor("residual", "grid_residual", "CN", "0.8", "tCO2/MWh"), factor("heat", "heat", "HEAT", "0.11", "tCO2/GJ"))
GWPS = (GwpSet("SAR", {"CO2": D(1)}), GwpSet("AR5", {"CO2": D(1)}))
STEAM = (SteamRow(D("1.0"), D("180"), D("2778"), "table A", "V"), SteamRow(D("2.0"), D("212"), D("2799"), "table B",
                                                                         "V"))
PARAMETERS = (Parameter("steam.reference_enthalpy", D("83.74"), "kJ/kg", "test", "V"),)


def library(*factors: Factor):
    return make_snapshot(factors or GRID, GWPS, parameters=PARAMETERS, steam_table=STEAM)


def test_every_source_type_has_its_default_scope():
    assert DEFAULT_SCOPE == {SourceType.FUEL_COMBUSTION: 1, SourceType.REFRIGERANT: 1,
                             SourceType.PROCESS_CARBONATE: 1, SourceType.ELECTRICITY: 2, SourceType.HEAT: 2}


def test_the_trace_names_the_grid_factor_chosen_and_at_which_level():
    [location, market] = calculate_line(Electricity("e", D(10), "MWh"), library(), ghg_protocol(), CONTEXT)
    assert "factor gd chosen at provincial level" in [s.label for s in location.trace.steps]
    assert "factor residual chosen at national level" in [s.label for s in market.trace.steps]
    labels = [s.label for s in location.trace.steps]
    assert "CO2 from electricity" in labels and "CO2 avoided by export (netted)" not in labels


def test_a_netted_export_is_labelled_as_avoided_co2():
    exported = Electricity("x", D(10), "MWh", direction=Direction.EXPORTED)
    [china] = calculate_line(exported, library(), china_regulatory(), CONTEXT)
    assert china.co2e_kg == D(-5000)  # −10 MWh × 0.5
    assert "CO2 avoided by export (netted)" in [s.label for s in china.trace.steps]


def test_the_market_factor_is_chosen_by_the_place_rule_across_residual_levels():
    # A 2022 provincial residual mix and a 2024 national one: the place rule takes the reporting year's
    # (national, 0.8 -> 10 MWh × 0.8 = 8 t), where reading the list in order would take the older 0.7.
    policy = replace(ghg_protocol(), grid_residual=(("provincial", "grid_residual_p", "GD"),
                                                   ("national", "grid_residual", "CN")))
    snap = library(*GRID, factor("residual-gd", "grid_residual_p", "GD", "0.7", "tCO2/MWh", year=2022))
    [_location, market] = calculate_line(Electricity("e", D(10), "MWh"), snap, policy, CONTEXT)
    assert (market.factor_choices[0].factor.id, market.co2e_kg) == ("residual", D(8000))


def test_a_prescription_with_no_factor_at_any_level_names_the_last_level_it_tried():
    # ETS-covered: grid_ets, then grid_average; neither is in this library
    snap = library(factor("heat", "heat", "HEAT", "0.11", "tCO2/GJ"))
    with pytest.raises(AccountingError) as refused:
        calculate_line(Electricity("e", D(10), "MWh"), snap, china_regulatory(True), CONTEXT)
    assert (refused.value.code, refused.value.details["family"]) == ("unknown_factor", "grid_average")


def test_a_prescription_whose_every_level_needs_an_unknown_place_is_refused():
    policy = replace(china_regulatory(), grid_location=(("provincial", "grid_provincial", "{province}"),))
    with pytest.raises(AccountingError) as refused:
        select_grid(library(), policy.grid_location, CalcContext(YEAR), by_place=False)
    assert (refused.value.code, refused.value.details["family"]) == ("unknown_factor", "grid")


def _steam_trace(line: Steam) -> list:
    [result] = calculate_line(line, library(), china_regulatory(), CONTEXT)
    return result.trace.steps


def test_saturated_steam_by_gauge_pressure_is_traced_with_the_table_and_the_absolute_pressure():
    # 0.898675 MPa gauge + 0.101325 = 1.0 MPa absolute: the first table row, 2778 kJ/kg.
    steps = _steam_trace(Steam("s", D(1), "t", pressure_mpa=D("0.898675"), pressure_is_gauge=True))
    [state] = [s for s in steps if s.label == "saturated steam enthalpy"]
    assert (state.result, state.note) == (D("2778"), "table A")  # the table's source, from its first row
    assert [(i.value, i.source) for i in state.inputs] == [(D("1.000000"), "gauge + 0.101325")]
    absolute = _steam_trace(Steam("s", D(1), "t", pressure_mpa=D("1.0")))
    [state] = [s for s in absolute if s.label == "saturated steam enthalpy"]
    assert state.inputs[0].source == "activity data"


@pytest.mark.parametrize("temperature", ["180", "188", "189"])
def test_steam_up_to_one_degree_above_saturation_is_still_saturated(temperature):
    # 1.25 MPa saturates at 188 °C; 2783.25 kJ/kg; 1 t × (2783.25 − 83.74) × 10^-3 = 2.69951 GJ × 0.11
    line = Steam("s", D(1), "t", pressure_mpa=D("1.25"), temperature_c=D(temperature))
    [result] = calculate_line(line, library(), china_regulatory(), CONTEXT)
    assert result.co2e_kg == D("296.9461")


def test_steam_more_than_one_degree_above_saturation_needs_its_enthalpy():
    with pytest.raises(AccountingError) as refused:
        calculate_line(Steam("s", D(1), "t", pressure_mpa=D("1.25"), temperature_c=D("189.01")), library(),
                       china_regulatory(), CONTEXT)
    assert refused.value.code == "superheated_needs_enthalpy"


# --- the bundle's command line, run as a module ----------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # runpy: the module is already imported by the test run
def test_the_bundle_module_run_as_a_program_exits_with_main_s_status(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["bundle"])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("tanxin.accounting.domain.bundle", run_name="__main__")
    assert exited.value.code == 2
    assert "usage: python -m tanxin.accounting.domain.bundle BUNDLE.json" in capsys.readouterr().err


# --- the saturated-steam table at its edges --------------------------------------------------------------------

THREE_ROWS = (*STEAM, SteamRow(D("3.0"), D("234"), D("2804"), "table C", "V"))


def test_the_first_and_last_rows_of_the_steam_table_are_inside_it():
    assert saturated_state(THREE_ROWS, D("1.0")) == (D("180"), D("2778"))
    assert saturated_state(THREE_ROWS, D("2.0")) == (D("212"), D("2799"))
    assert saturated_state(THREE_ROWS, D("3.0")) == (D("234"), D("2804"))


def test_a_one_row_table_answers_only_for_its_own_pressure():
    row = STEAM[0]
    assert saturated_state((row,), D("1.0")) == (D("180"), D("2778"))
    with pytest.raises(AccountingError):
        saturated_state((row,), D("1.1"))


@pytest.mark.parametrize("pressure", ["0.9", "3.01"])
def test_a_pressure_outside_the_table_is_refused_naming_the_tables_range(pressure):
    with pytest.raises(AccountingError) as refused:
        saturated_state(THREE_ROWS, D(pressure))
    assert refused.value.code == "steam_out_of_table"
    assert refused.value.details == {"pressure": pressure, "low": "1.0", "high": "3.0"}


def test_without_a_steam_table_every_pressure_is_refused():
    with pytest.raises(AccountingError) as refused:
        saturated_state((), D("1.0"))
    assert refused.value.details == {"pressure": "1.0", "low": "-", "high": "-"}


@pytest.mark.parametrize(("stock_end", "emitted"), [("40", D(0)), ("39.5", D("0.5"))])
def test_a_mass_balance_of_zero_or_under_one_kilogram_is_accepted(stock_end, emitted):
    # (40 − stock end) kg of HFC-32, nothing bought or charged
    line = RefrigerantMassBalance("m", "HFC-32", "kg", stock_start=D(40), stock_end=D(stock_end))
    snap = make_snapshot(GRID, (GwpSet("SAR", {"CO2": D(1), "HFC-32": D(650)}), GwpSet("AR5", {"HFC-32": D(677)})))
    [result] = calculate_line(line, snap, ghg_protocol(), CONTEXT)
    assert (dict(result.gases_kg), result.co2e_kg) == ({"HFC-32": emitted}, emitted * 677)
