"""A measured oxidation rate replaces the default in the fuel calculation, with the arithmetic by hand."""

from tanxin.accounting.domain.calc import CalcContext, calculate_line, china_regulatory
from tanxin.accounting.domain.lines import FuelCombustion
from tanxin.accounting.domain.trace import MEASURED
from tests.accounting.support import D, snapshot


def _one(line):
    [result] = calculate_line(line, snapshot(), china_regulatory(), CalcContext(reporting_year=2024))
    return result


def test_a_measured_oxidation_rate_replaces_the_default_and_says_so():
    # 2 t × 42 GJ/t × 0.0200 tC/GJ × 0.95 × 44/12 = 70.224 / 12 = 5.852 tCO2 (default 0.98 gives 6.0368 t)
    line = FuelCombustion("f", "DIESEL", D(2), "t", measured_ncv=D(42), measured_cc=D("0.0200"),
                          measured_oxidation=D("0.95"))  # fmt: skip
    result = _one(line)
    assert result.co2e_kg == D("5852")
    sources = {i.name: i.source for s in result.trace.steps for i in s.inputs}
    assert sources["oxidation rate"] == MEASURED


def test_a_measured_oxidation_rate_of_one_is_used_as_one():
    # 2 × 42 × 0.0200 × 1 × 44/12 = 73.92 / 12 = 6.16 tCO2
    line = FuelCombustion("f", "DIESEL", D(2), "t", measured_ncv=D(42), measured_cc=D("0.0200"),
                          measured_oxidation=D(1))  # fmt: skip
    assert _one(line).co2e_kg == D("6160")
