"""Saturated-steam enthalpy by pressure (linear interpolation in ``data/accounting/steam_saturated.csv``)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from tanxin.accounting.domain.errors import ActivityError
from tanxin.accounting.domain.factors import SteamRow

# Standard atmosphere, to turn a gauge reading (表压) into absolute pressure. A physical constant.
ATMOSPHERE_MPA = Decimal("0.101325")
# A thermometer reading this close above saturation is still treated as saturated steam.
SATURATION_TOLERANCE_C = Decimal(1)


def absolute_pressure(pressure_mpa: Decimal, is_gauge: bool) -> Decimal:
    return pressure_mpa + ATMOSPHERE_MPA if is_gauge else pressure_mpa


def saturated_state(table: tuple[SteamRow, ...], pressure_mpa: Decimal) -> tuple[Decimal, Decimal]:
    """(saturation temperature °C, vapour enthalpy kJ/kg) at an absolute pressure."""
    if not table or not table[0].pressure_mpa <= pressure_mpa <= table[-1].pressure_mpa:
        low = table[0].pressure_mpa if table else "-"
        high = table[-1].pressure_mpa if table else "-"
        raise ActivityError("steam_out_of_table", pressure=pressure_mpa, low=low, high=high)
    for lower, upper in itertools.pairwise(table):
        if lower.pressure_mpa <= pressure_mpa <= upper.pressure_mpa:
            share = (pressure_mpa - lower.pressure_mpa) / (upper.pressure_mpa - lower.pressure_mpa)
            return (
                lower.saturation_c + share * (upper.saturation_c - lower.saturation_c),
                lower.enthalpy_kj_per_kg + share * (upper.enthalpy_kj_per_kg - lower.enthalpy_kj_per_kg),
            )
    return table[0].saturation_c, table[0].enthalpy_kj_per_kg  # single-row table
