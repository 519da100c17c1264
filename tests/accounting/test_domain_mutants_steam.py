"""Saturated steam between two table rows interpolated by hand, and the phase a volume unit names (generated
mutants showed both untested)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tanxin.accounting.domain.calc.steam import absolute_pressure, saturated_state
from tanxin.accounting.domain.errors import ActivityError
from tanxin.accounting.domain.factors import SteamRow
from tanxin.accounting.domain.units import phase_of_volume

TABLE = (SteamRow(D("1.0"), D("180"), D("2778"), "test", "V"),
         SteamRow(D("2.0"), D("212"), D("2799"), "test", "V"))


def test_a_pressure_between_two_rows_interpolates_temperature_and_enthalpy_linearly():
    # 1.25 MPa is a quarter of the way: 180 + 0.25 * 32 = 188 degC, 2778 + 0.25 * 21 = 2783.25 kJ/kg.
    assert saturated_state(TABLE, D("1.25")) == (D("188"), D("2783.25"))
    assert saturated_state(TABLE, D("2.0")) == (D("212"), D("2799"))  # the last row itself


def test_a_gauge_reading_adds_one_standard_atmosphere():
    assert absolute_pressure(D("1.0"), is_gauge=True) == D("1.101325")
    assert absolute_pressure(D("1.0"), is_gauge=False) == D("1.0")


def test_a_pressure_just_outside_the_table_is_refused():
    with pytest.raises(ActivityError):
        saturated_state(TABLE, D("2.001"))


@pytest.mark.parametrize(("unit", "phase"), [("Nm3", "gas"), ("10^4 Nm3", "gas"), ("L", "liquid"), ("m3", None)])
def test_a_normal_cubic_metre_is_a_gas_volume_and_a_litre_a_liquid_one(unit, phase):
    assert phase_of_volume(unit) == phase
