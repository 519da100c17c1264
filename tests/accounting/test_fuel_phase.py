"""Units that do not fit the fuel's phase are refused; those that do give the hand-computed figure.

Natural gas (NCV 389.31 GJ/10^4 Nm3, carbon content 0.01530 tC/GJ, oxidation 0.99; data/accounting):
1 × 10^4 Nm3 → 389.31 × 0.01530 × 0.99 × 44 / 12 = 21.62188809 tCO2 = 21,621.88809 kg, exactly.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from tanxin.accounting import messages
from tanxin.accounting.domain.calc import CalcContext, calculate_line, china_regulatory
from tanxin.accounting.domain.errors import ActivityError
from tanxin.accounting.domain.lines import FuelCombustion
from tanxin.accounting.domain.units import phase_of_volume
from tests.accounting.support import D, snapshot

CTX = CalcContext(reporting_year=2024)


def _co2e_kg(fuel: str, quantity: str, unit: str, **extra) -> object:
    [result] = calculate_line(FuelCombustion("f", fuel, D(quantity), unit, **extra), snapshot(), china_regulatory(),
                              CTX)  # fmt: skip
    return result.co2e_kg


def _refusal(fuel: str, quantity: str, unit: str, **extra) -> ActivityError:
    with pytest.raises(ActivityError) as caught:
        _co2e_kg(fuel, quantity, unit, **extra)
    return caught.value


@pytest.mark.parametrize(("quantity", "unit"), [("1", "万Nm3"), ("10000", "Nm3"), ("10000", "m3"), ("1", "10^4 Nm³")])
def test_natural_gas_by_gas_volume_matches_the_hand_figure(quantity, unit):
    assert _co2e_kg("NATURAL_GAS", quantity, unit) == D("21621.88809")


@pytest.mark.parametrize("unit", ["L", "升"])
def test_natural_gas_in_litres_is_refused_not_read_as_gas(unit):
    """10 L of LNG used to become 10⁻⁶ × 10^4 Nm3 of gas: about 600 times too little."""
    error = _refusal("NATURAL_GAS", "10", unit, density_kg_per_l=D("0.45"))
    assert error.code == "gas_by_liquid_volume" and error.details["unit"] == unit


@pytest.mark.parametrize(("fuel", "unit"), [("DIESEL", "Nm3"), ("DIESEL", "万标方"), ("LPG", "Nm3")])
def test_a_fuel_accounted_by_mass_given_in_normal_cubic_metres_is_refused(fuel, unit):
    error = _refusal(fuel, "100", unit, density_kg_per_l=D("0.84"))
    assert error.code == "fuel_by_gas_volume"


def test_diesel_in_cubic_metres_with_a_density_equals_the_same_mass():
    # 1 m3 = 1,000 L × 0.84 kg/L = 840 kg
    assert _co2e_kg("DIESEL", "1", "m3", density_kg_per_l=D("0.84")) == _co2e_kg("DIESEL", "840", "kg")


def test_the_refusal_reads_in_chinese_and_points_at_the_unit_field():
    error = _refusal("NATURAL_GAS", "10", "L")
    with translation.override("zh-hans"):
        message = str(messages.translate(error).message)
    assert "液体体积" in message and messages.ERROR_FIELDS["gas_by_liquid_volume"] == "unit"


@pytest.mark.parametrize(("unit", "phase"), [("Nm3", "gas"), ("万标方", "gas"), ("L", "liquid"), ("m3", None),
                                             ("t", None)])  # fmt: skip
def test_volumes_name_their_phase_except_the_plain_cubic_metre(unit, phase):
    assert phase_of_volume(unit) == phase
