from dataclasses import replace
from decimal import Decimal

from tanxin.accounting.domain.calc import CalcContext, calculate_lines, china_regulatory
from tanxin.accounting.domain.lines import Electricity, FuelCombustion, HotWater, RefrigerantLeakRate
from tanxin.accounting.domain.quality import QualityParams, Severity, assess, check_months, score
from tests.accounting.support import D, snapshot

YEAR = 2024
CTX = CalcContext(reporting_year=YEAR)


def report(lines, params=None):
    results = calculate_lines(lines, snapshot(), china_regulatory(), CTX)
    return assess(lines, results, snapshot(), YEAR, params)


def monthly(amounts: dict[int, str]) -> list[Electricity]:
    return [Electricity(f"e{m}", D(v), "MWh", period=f"{YEAR}-{m:02d}") for m, v in amounts.items()]


def codes(quality_report) -> list[str]:
    return [f.code for f in quality_report.flags]


def test_a_clean_annual_ledger_scores_near_100():
    result = report([FuelCombustion("f", "DIESEL", D(10), "t")])
    assert codes(result) == []
    assert result.score == 100


def test_a_measured_ncv_15_percent_off_the_default_is_flagged():
    # default 43.33 GJ/t; 36.83 is 15.0 % lower
    result = report([FuelCombustion("f", "DIESEL", D(10), "t", measured_ncv=D("36.83"))])
    [flag] = result.flags
    assert flag.code == "measured_deviates" and flag.line_id == "f" and flag.details["pct"] == "15.0"


def test_the_deviation_threshold_is_a_parameter():
    line = FuelCombustion("f", "DIESEL", D(10), "t", measured_ncv=D("36.83"))
    assert codes(report([line], QualityParams(measured_deviation_pct=Decimal(20)))) == []


def test_an_oxidation_rate_below_the_plausible_range_is_flagged():
    result = report([FuelCombustion("f", "DIESEL", D(1), "t", measured_oxidation=D("0.5"))])
    assert codes(result) == ["parameter_out_of_range"]


def test_an_implausible_leak_rate_and_hot_water_temperature_are_flagged():
    result = report([RefrigerantLeakRate("r", "R-410A", D(10), "kg", D("0.6")),
                     HotWater("w", D(10), "t", temperature_c=D(180))])
    assert [f.line_id for f in result.flags] == ["r", "w"]


def test_missing_months_are_listed():
    result = check_months(monthly({m: "100" for m in range(1, 11)}), YEAR, QualityParams())
    [flag] = result
    assert flag.code == "missing_months" and flag.details["months"] == "11, 12"


def test_a_month_on_month_jump_is_flagged_on_the_later_month():
    amounts = {m: "100" for m in range(1, 13)}
    amounts[7] = "300"  # +200 % then −66.7 %
    flags = check_months(monthly(amounts), YEAR, QualityParams())
    assert [(f.code, f.line_id) for f in flags] == [("month_jump", "e7"), ("month_jump", "e8")]


def test_months_reported_in_different_units_are_compared_after_conversion():
    lines = monthly({m: "100" for m in range(1, 13)})
    lines[5] = replace(lines[5], quantity=D(100_000), unit="kWh")
    assert check_months(lines, YEAR, QualityParams()) == []


def test_a_period_outside_the_reporting_year_is_an_error():
    [flag] = check_months([Electricity("e", D(1), "MWh", period="2023-12")], YEAR, QualityParams())
    assert flag.severity is Severity.ERROR


def test_an_absurd_line_is_flagged():
    result = report([FuelCombustion("f", "DIESEL", D(10_000_000), "t")])  # ≈ 31 Mt from one line
    assert "absurd_quantity" in codes(result)


def test_provisional_factors_are_noted():
    result = report([Electricity("e", D(10), "MWh")])  # 2024 report, ETS factor from 2022
    assert codes(result) == ["provisional_factor"]
    assert result.score == 99


def test_the_score_subtracts_a_penalty_per_severity_and_never_goes_below_zero():
    flags = report([FuelCombustion("f", "DIESEL", D(1), "t", measured_oxidation=D("0.5"))]).flags
    assert score(flags, QualityParams()) == 95
    assert score(flags * 30, QualityParams()) == 0
