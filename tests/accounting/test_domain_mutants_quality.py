"""Plausibility checks and the data-quality score at their edges: which line kind is checked against which range,
measured factors exactly at the tolerance, month-on-month jumps in mixed units and out of order, the plausibility
ceiling and the score's penalties (generated mutants showed these untested)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tanxin.accounting.domain.calc import LineResult
from tanxin.accounting.domain.factors import Factor, GwpSet, make_snapshot
from tanxin.accounting.domain.lines import (
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
from tanxin.accounting.domain.quality import (
    QualityParams,
    Severity,
    _flag,
    check_measured_factors,
    check_months,
    check_parameters,
    check_results,
    score,
)
from tanxin.accounting.domain.trace import Trace


def _codes(flags) -> list[tuple[str, str | None, dict]]:
    return [(f.code, f.line_id, dict(f.details)) for f in flags]


def test_each_line_kind_is_checked_against_its_own_plausible_range():
    lines = [
        FuelCombustion("fuel", "DIESEL", D(1), "t", measured_oxidation=D("0.7")),
        FuelCombustion("fuel-ok", "DIESEL", D(1), "t", measured_oxidation=D("0.8")),
        FuelCombustion("fuel-default", "DIESEL", D(1), "t"),  # no measured oxidation: nothing to check
        RefrigerantLeakRate("leak", "HFC-32", D(1), "kg", D("0.4")),
        RefrigerantLeakRate("leak-ok", "HFC-32", D(1), "kg", D("0.3")),
        Carbonate("carbonate", "CaCO3", D(1), "t", D("0.4")),
        Carbonate("carbonate-ok", "CaCO3", D(1), "t", D("0.5")),
        HotWater("water", D(1), "t", D(160)),
        HotWater("water-ok", D(1), "t", D(150)),
        Steam("steam", D(1), "t", enthalpy_kj_per_kg=D(2400)),
        Steam("steam-ok", D(1), "t", enthalpy_kj_per_kg=D(3600)),
        Electricity("power", D(5), "MWh"),  # no range for electricity
    ]
    flags = check_parameters(lines, QualityParams())
    assert [(f.line_id, f.details["parameter"], f.details["value"], f.details["low"], f.details["high"])
            for f in flags] == [
        ("fuel", "oxidation rate", "0.7", "0.80", "1"),
        ("leak", "leak rate", "0.4", "0", "0.30"),
        ("carbonate", "purity", "0.4", "0.50", "1"),
        ("water", "hot-water temperature", "160", "20", "150"),
        ("steam", "steam enthalpy", "2400", "2500", "3600"),
    ]
    assert {f.severity for f in flags} == {Severity.WARNING}


def test_a_zero_quantity_is_an_information_flag():
    flags = check_parameters([Heat("h", D(0), "GJ"), Heat("g", D(1), "GJ")], QualityParams())
    assert _codes(flags) == [("zero_quantity", "h", {})]
    assert flags[0].severity is Severity.INFO


LIBRARY = make_snapshot(
    [Factor("ncv", "fuel_ncv", "DIESEL", 2024, D(40), "GJ/t", "test", "V"),
     Factor("cc", "fuel_cc", "DIESEL", 2024, D("0.02"), "tC/GJ", "test", "V")],
    [GwpSet("AR5", {"CO2": D(1)})])


def test_a_measured_value_more_than_ten_percent_from_the_default_is_flagged_with_its_deviation():
    lines = [
        # NCV 45 vs 40: |45 − 40| / 40 × 100 = 12.5 % > 10 % -> flagged
        FuelCombustion("far", "DIESEL", D(1), "t", measured_ncv=D(45)),
        # NCV 36 vs 40: 10 % exactly -> not flagged; carbon 0.0199 vs 0.02: 0.5 % -> not flagged
        FuelCombustion("edge", "DIESEL", D(1), "t", measured_ncv=D(36), measured_cc=D("0.0199")),
        # carbon 0.015 vs 0.02: 25 % -> flagged
        FuelCombustion("low-carbon", "DIESEL", D(1), "t", measured_cc=D("0.015")),
        Electricity("power", D(5), "MWh"),  # not a fuel: nothing measured
    ]
    flags = check_measured_factors(lines, LIBRARY, 2024, QualityParams())
    assert [(f.line_id, f.details["parameter"], f.details["pct"], f.details["default"]) for f in flags] == [
        ("far", "NCV", "12.5", "40"), ("low-carbon", "carbon content", "25.0", "0.02")]


def _power(month: int, quantity: str, unit: str = "MWh", **kw) -> Electricity:
    return Electricity(f"m{month}", D(quantity), unit, period=f"2024-{month:02d}", **kw)


def test_a_month_jump_is_measured_in_the_first_months_unit_and_months_are_taken_in_calendar_order():
    # given out of order; in calendar order: Jan 1 MWh, Feb 1,600 kWh = 1.6 MWh (+60 % -> flagged),
    # Mar 1.5 MWh (−6.25 %), Apr 2.25 MWh (+50 % exactly -> not flagged), May 3.4 MWh (+51.1 % -> flagged)
    lines = [_power(3, "1.5"), _power(1, "1"), _power(2, "1600", "kWh"), _power(5, "3.4"), _power(4, "2.25")]
    flags = [f for f in check_months(lines, 2024, QualityParams()) if f.code == "month_jump"]
    assert [(f.line_id, f.details["previous_period"], f.details["pct"]) for f in flags] == [
        ("m2", "2024-01", "60.0"), ("m5", "2024-04", "51.1")]


def test_a_month_after_a_zero_month_is_not_a_jump():
    flags = check_months([_power(1, "0"), _power(2, "100"), _power(3, "100")], 2024, QualityParams())
    assert [f.code for f in flags] == ["missing_months"]


def test_a_halving_is_a_fifty_percent_jump_and_a_doubling_a_hundred_percent_one():
    flags = check_months([_power(1, "100"), _power(2, "200"), _power(3, "90")], 2024, QualityParams())
    assert [(f.line_id, f.details["pct"]) for f in flags if f.code == "month_jump"] == [("m2", "100.0"),
                                                                                     ("m3", "55.0")]


def test_refrigerant_charge_is_the_quantity_compared_month_to_month():
    lines = [RefrigerantLeakRate(f"r{m}", "HFC-32", D(charge), "kg", D("0.1"), period=f"2024-{m:02d}")
             for m, charge in ((1, "10"), (2, "30"))]
    flags = check_months(lines, 2024, QualityParams())
    assert [(f.line_id, f.details["pct"]) for f in flags if f.code == "month_jump"] == [("r2", "200.0")]


def test_a_mass_balance_has_no_quantity_to_compare():
    lines = [RefrigerantMassBalance(f"b{m}", "HFC-32", "kg", purchased=D(m), period=f"2024-{m:02d}")
             for m in range(1, 13)]
    assert check_months(lines, 2024, QualityParams()) == []


def test_missing_months_are_listed_per_series_and_a_month_of_another_year_is_an_error():
    lines = [_power(1, "1"), _power(2, "1"),
             Electricity("x2", D(1), "MWh", direction=Direction.EXPORTED, period="2024-02"),
             Electricity("old", D(1), "MWh", period="2023-12"), Electricity("annual", D(1), "MWh")]
    flags = check_months(lines, 2024, QualityParams())
    assert _codes(flags) == [
        ("period_outside_year", "old", {"period": "2023-12", "year": "2024"}),
        ("missing_months", None, {"series": "Electricity/exported", "months": "1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12"}),
        ("missing_months", None, {"series": "Electricity/purchased", "months": "3, 4, 5, 6, 7, 8, 9, 10, 11, 12"}),
    ]
    assert flags[0].severity is Severity.ERROR


def _result(line_id: str, co2e: str, scope: int = 1, source: SourceType = SourceType.FUEL_COMBUSTION,
            method: str | None = None) -> LineResult:
    return LineResult(line_id, source, scope, {"CO2": D(co2e)}, D(co2e), "SAR", Trace(), scope2_method=method)


def test_a_line_above_ten_million_tonnes_is_an_error_stated_in_whole_tonnes():
    # 20,000,000,000 kg = 20,000,000 t; the ceiling 1e10 kg = 10,000,000 t. Exactly at the ceiling: no flag.
    flags = check_results([_result("huge", "20000000000"), _result("edge", "10000000000")], QualityParams())
    assert _codes(flags) == [("absurd_quantity", "huge", {"co2e_t": "20000000", "ceiling_t": "10000000"})]
    assert flags[0].severity is Severity.ERROR


def test_a_negative_total_per_scope_source_and_method_is_a_warning():
    results = [_result("buy", "3000", 2, SourceType.ELECTRICITY, "prescribed"),
               _result("sell", "-5000", 2, SourceType.ELECTRICITY, "prescribed"),
               _result("heat-sold", "-1", 2, SourceType.HEAT), _result("fuel", "10", 1)]
    flags = check_results(results, QualityParams())
    assert _codes(flags) == [
        ("negative_total", None, {"what": "scope 2 electricity (prescribed)", "value": "-2000"}),
        ("negative_total", None, {"what": "scope 2 heat (all methods)", "value": "-1"}),
    ]


@pytest.mark.parametrize(("severities", "expected"), [
    ((), 100),
    ((Severity.INFO,), 99),
    ((Severity.WARNING,), 95),
    ((Severity.ERROR,), 80),  # 100 − 20
    ((Severity.ERROR, Severity.WARNING, Severity.INFO), 74),  # 100 − 20 − 5 − 1
    ((Severity.ERROR,) * 6, 0),  # 100 − 120, floored at 0
])
def test_the_score_is_one_hundred_less_a_penalty_per_flag_floored_at_zero(severities, expected):
    flags = [_flag("zero_quantity", s, "x") for s in severities]
    assert score(flags, QualityParams()) == expected  # the default penalties, built when the test runs
