"""Golden tests: recompute the factors the guidelines publish, from their components."""

import re
from decimal import Decimal

import pytest

from tanxin.accounting.domain.calc import CalcContext, blend_gwp
from tanxin.accounting.domain.calc.fuel import calculate_fuel
from tanxin.accounting.domain.lines import FuelCombustion
from tests.accounting.support import snapshot

CTX = CalcContext(reporting_year=2024)


def _co2_t_per_unit(fuel: str, unit: str) -> Decimal:
    emission = calculate_fuel(FuelCombustion("g", fuel, Decimal(1), unit), snapshot(), CTX)
    return emission.gases_kg["CO2"] / 1000


def test_diesel_emits_3_1451_tonnes_co2_per_tonne():
    # 43.33 GJ/t × 0.0202 tC/GJ × 0.98 × 44/12 = 3.14512… tCO2/t
    assert _co2_t_per_unit("DIESEL", "t").quantize(Decimal("0.0001")) == Decimal("3.1451")


def test_natural_gas_emits_21_622_tonnes_co2_per_ten_thousand_cubic_metres():
    # 389.31 GJ/10^4 Nm3 × 0.0153 × 0.99 × 44/12 = 21.6219 tCO2/10^4 Nm3
    assert _co2_t_per_unit("NATURAL_GAS", "10^4 Nm3").quantize(Decimal("0.001")) == Decimal("21.622")


def _published_fuel_efs() -> list[tuple[str, str, str]]:
    """(fuel, unit, EF) from the ``EF = …`` notes in the shipped factor CSV."""
    cases = []
    for factor in snapshot().factors.values():
        match = re.search(r"EF = ([0-9.]+) tCO2(?: per 10\^4 Nm3|/t)", factor.notes)
        if factor.family == "fuel_of" and match:
            unit = "10^4 Nm3" if "Nm3" in factor.notes else "t"
            cases.append((factor.subject, unit, match.group(1)))
    return sorted(cases)


def test_every_fuel_in_the_library_has_a_published_ef_to_check():
    assert len(_published_fuel_efs()) == 13


@pytest.mark.parametrize(("fuel", "unit", "published"), _published_fuel_efs())
def test_each_fuel_reproduces_its_published_ef(fuel, unit, published):
    places = Decimal(1).scaleb(-len(published.split(".")[1]))
    assert _co2_t_per_unit(fuel, unit).quantize(places) == Decimal(published)


@pytest.mark.parametrize(
    ("blend", "gwp_set", "expected"),
    [
        ("R-410A", "AR5", "1923.5"),  # 0.5 × 677 + 0.5 × 3170
        ("R-410A", "AR6", "2255.5"),  # 0.5 × 771 + 0.5 × 3740
        ("R-407C", "AR5", "1624.21"),  # 0.23 × 677 + 0.25 × 3170 + 0.52 × 1300
        ("R-404A", "AR6", "4728.0"),  # 0.44 × 3740 + 0.52 × 5810 + 0.04 × 1530
    ],
)
def test_refrigerant_blend_gwp_is_the_mass_weighted_sum(blend, gwp_set, expected):
    assert blend_gwp(snapshot(), blend, gwp_set) == Decimal(expected)
