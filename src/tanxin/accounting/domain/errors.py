"""Accounting errors and their English messages, in one place.

The Django layer translates by ``code``; ``MESSAGES`` holds the English text so a translator
(and a reviewer) finds every sentence the domain can say in one file.
"""

from __future__ import annotations

from typing import Any

from tanxin.common.errors import DomainError

MESSAGES: dict[str, str] = {
    "unknown_unit": "Unknown unit: {unit}.",
    "dimension_mismatch": "Cannot convert {unit} to {target}: they measure different things.",
    "negative_quantity": "{field} must not be negative (got {value}).",
    "not_a_number": "{field} is not a finite decimal number.",
    "fraction_out_of_range": "{field} must be between 0 and 1 (got {value}).",
    "unknown_factor": "No factor {family}/{subject} published for year {year} or earlier.",
    "unknown_factor_id": "No factor with id {factor_id}.",
    "factor_unit_mismatch": "Factor {factor_id} has unit {unit}, expected {expected}.",
    "unknown_gas": "No GWP for {gas} in set {gwp_set}.",
    "unknown_gwp_set": "Unknown GWP set {gwp_set}.",
    "unknown_substance": "Unknown refrigerant or gas {substance}.",
    "unknown_carbonate": "No stoichiometric factor for carbonate {carbonate}.",
    "unknown_parameter": "Missing reference parameter {parameter_id}.",
    "density_required": "Fuel {fuel} was given by volume; a density in kg/L is required.",
    "gas_by_liquid_volume": (
        "Fuel {fuel} is accounted as a gas per 10^4 Nm3; {unit} is a liquid volume (such as LNG). "
        "Enter the gas volume in Nm3 or 10^4 Nm3."
    ),
    "fuel_by_gas_volume": (
        "Fuel {fuel} is accounted by mass; {unit} is a gas volume at standard conditions. "
        "Enter tonnes, or litres or m3 with a density in kg/L."
    ),
    "green_exceeds_purchased": "Green electricity ({green} MWh) exceeds purchased electricity ({total} MWh).",
    "steam_state_required": "Steam needs an enthalpy, or a pressure for saturated steam.",
    "steam_out_of_table": "Pressure {pressure} MPa is outside the saturated-steam table ({low}-{high} MPa).",
    "superheated_needs_enthalpy": (
        "Steam at {temperature} °C is superheated at {pressure} MPa; enter its enthalpy."
    ),
    "enthalpy_below_reference": "Steam enthalpy {enthalpy} kJ/kg is below the reference {reference} kJ/kg.",
    "water_below_base": "Hot water at {temperature} °C is not above the base temperature {base} °C.",
    "negative_mass_balance": "Refrigerant mass balance is negative ({value} kg): check stocks and purchases.",
    "invalid_period": "Period {period} is not a month written as YYYY-MM.",
    "missing_field": "{field} is required for {what}.",
    "duplicate_line_id": "Activity line id {line_id} appears more than once.",
    "unknown_line_type": "Unsupported activity line type {kind}.",
    "unknown_view": "Unknown accounting view {view}.",
    "unknown_bundle_format": "Not a figure bundle this platform can read ({found}).",
    "csv_invalid": "Reference file {name}, row {row}: {problem}.",
}


class AccountingError(DomainError):
    """A domain refusal with a stable ``code``; the message is English, filled from ``MESSAGES``."""

    def __init__(self, code: str, **details: Any) -> None:
        message = MESSAGES[code].format(**details)
        super().__init__(message, code=code, details={k: str(v) for k, v in details.items()})


class UnitError(AccountingError):
    """Unknown unit or a unit of the wrong dimension (codes ``unknown_unit``, ``dimension_mismatch``)."""


class FactorError(AccountingError):
    """A factor, GWP or parameter the calculation needs is not in the snapshot."""


class ActivityError(AccountingError):
    """An activity line is invalid (negative, missing data, impossible physical state)."""
