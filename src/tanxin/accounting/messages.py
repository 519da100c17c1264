"""Translations of the domain's English error and quality messages, by code.

The domain speaks English constants (``domain/errors.py`` MESSAGES, ``domain/quality.py`` REASONS);
users read these, formatted with the same details, in their own language.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tanxin.accounting.domain.errors import AccountingError
from tanxin.accounting.factor_names import factor_labels
from tanxin.common import errors
from tanxin.common.errors import DomainError

ERRORS = {
    "unknown_unit": _("Unknown unit: %(unit)s."),
    "dimension_mismatch": _("Cannot convert %(unit)s to %(target)s: they measure different things."),
    "negative_quantity": _("%(field)s must not be negative (got %(value)s)."),
    "not_a_number": _("%(field)s is not a finite decimal number."),
    "fraction_out_of_range": _("%(field)s must be between 0 and 1 (got %(value)s)."),
    "unknown_factor": _("No factor %(family)s/%(subject)s published for year %(year)s or earlier."),
    "unknown_factor_id": _("No factor with id %(factor_id)s."),
    "factor_unit_mismatch": _("Factor %(factor_id)s has unit %(unit)s, expected %(expected)s."),
    "unknown_gas": _("No GWP for %(gas)s in set %(gwp_set)s."),
    "unknown_gwp_set": _("Unknown GWP set %(gwp_set)s."),
    "unknown_substance": _("Unknown refrigerant or gas %(substance)s."),
    "unknown_carbonate": _("No stoichiometric factor for carbonate %(carbonate)s."),
    "unknown_parameter": _("Missing reference parameter %(parameter_id)s."),
    "density_required": _("Fuel %(fuel)s was given by volume; a density in kg/L is required."),
    "gas_by_liquid_volume": _("Fuel %(fuel)s is accounted as a gas per 10^4 Nm3; %(unit)s is a liquid volume (such as "
                              "LNG). Enter the gas volume in Nm3 or 10^4 Nm3."),
    "fuel_by_gas_volume": _("Fuel %(fuel)s is accounted by mass; %(unit)s is a gas volume at standard conditions. "
                            "Enter tonnes, or litres or m3 with a density in kg/L."),
    "green_exceeds_purchased": _("Green electricity (%(green)s MWh) exceeds purchased electricity (%(total)s MWh)."),
    "steam_state_required": _("Steam needs an enthalpy, or a pressure for saturated steam."),
    "steam_out_of_table": _("Pressure %(pressure)s MPa is outside the saturated-steam table (%(low)s-%(high)s MPa)."),
    "superheated_needs_enthalpy": _(
        "Steam at %(temperature)s °C is superheated at %(pressure)s MPa; enter its enthalpy."),
    "enthalpy_below_reference": _("Steam enthalpy %(enthalpy)s kJ/kg is below the reference %(reference)s kJ/kg."),
    "water_below_base": _("Hot water at %(temperature)s °C is not above the base temperature %(base)s °C."),
    "negative_mass_balance": _("Refrigerant mass balance is negative (%(value)s kg): check stocks and purchases."),
    "invalid_period": _("Period %(period)s is not a month written as YYYY-MM."),
    "missing_field": _("%(field)s is required for %(what)s."),
    "duplicate_line_id": _("Activity line id %(line_id)s appears more than once."),
    "unknown_line_type": _("Unsupported activity line type %(kind)s."),
    "unknown_view": _("Unknown accounting view %(view)s."),
    "unknown_bundle_format": _("Not a figure bundle this platform can read (%(found)s)."),
    "csv_invalid": _("Reference file %(name)s, row %(row)s: %(problem)s."),
}  # fmt: skip

REASONS = {
    "parameter_out_of_range": _("%(parameter)s = %(value)s is outside the plausible range %(low)s–%(high)s."),
    "measured_deviates": _("Measured %(parameter)s %(measured)s deviates %(pct)s %% from the default %(default)s."),
    "month_jump": _("%(series)s: %(period)s is %(pct)s %% away from %(previous_period)s."),
    "missing_months": _("%(series)s: no data for month(s) %(months)s."),
    "period_outside_year": _("Period %(period)s is outside reporting year %(year)s."),
    "zero_quantity": _("Quantity is zero."),
    "absurd_quantity": _("Line emits %(co2e_t)s tCO2e, above the plausibility ceiling of %(ceiling_t)s t."),
    "negative_total": _("%(what)s total is negative (%(value)s kgCO2e): exports exceed purchases."),
    "provisional_factor": _("Factor %(factor_id)s is from %(year)s, before reporting year %(reporting_year)s."),
    "unconfirmed_factor": _("Factor %(factor_id)s has confidence %(confidence)s (to be confirmed)."),
}

# Which form field a domain error belongs to, when its details do not say.
ERROR_FIELDS = {
    "unknown_unit": "unit",
    "dimension_mismatch": "unit",
    "density_required": "density_kg_per_l",
    "gas_by_liquid_volume": "unit",
    "fuel_by_gas_volume": "unit",
    "green_exceeds_purchased": "green_quantity",
    "steam_state_required": "pressure_mpa",
    "steam_out_of_table": "pressure_mpa",
    "superheated_needs_enthalpy": "enthalpy_kj_per_kg",
    "enthalpy_below_reference": "enthalpy_kj_per_kg",
    "water_below_base": "temperature_c",
    "negative_mass_balance": "stock_end",
    "invalid_period": "period",
    "unknown_factor": "subject",
    "unknown_substance": "subject",
    "unknown_carbonate": "subject",
}


def _format(template, details: Mapping[str, object]) -> str:
    try:
        return str(template) % {k: str(v) for k, v in details.items()}
    except (KeyError, ValueError, TypeError):
        return str(template)


def translate(exc: AccountingError) -> AccountingError:
    """The error in the user's language (the platform's one way: ``tanxin.common.errors.translate``)."""
    return errors.translate(exc, ERRORS, values=exc.details or {})


def reason(code: str, details: Mapping[str, object], english: str = "") -> str:
    """A quality flag's reason in the user's language. A series is named by its source and site (its key's last
    part: the key's line type and subject codes repeat what the source's name says), a factor by its label."""
    template = REASONS.get(code)
    if template is None:
        return english
    readable = dict(details)
    if "series" in readable:
        readable["series"] = str(readable["series"]).rsplit("/", 1)[-1]
    if "factor_id" in readable:
        factor_id = str(readable["factor_id"])
        readable["factor_id"] = factor_labels([factor_id])[factor_id]
    return _format(template, readable)


SEVERITIES = {"info": _("info"), "warning": _("warning"), "error": _("error")}

# The keys an inventory stores for its intensity denominators and its data-quality flags, as people read them
# (pages, workbooks and the disclosure report).
INTENSITY_LABELS = {
    "revenue": _("per 10^4 CNY revenue"),
    "value_added": _("per 10^4 CNY value added"),
    "output": _("per unit of output"),
    "floor_area": _("per m² floor area"),
    "employees": _("per employee"),
}
FLAG_LABELS = {
    "parameter_out_of_range": _("out of range"),
    "measured_deviates": _("deviates from default"),
    "month_jump": _("month-on-month jump"),
    "missing_months": _("missing months"),
    "period_outside_year": _("outside the year"),
    "zero_quantity": _("zero"),
    "absurd_quantity": _("implausible"),
    "negative_total": _("negative total"),
    "provisional_factor": _("provisional factor"),
    "unconfirmed_factor": _("factor to be confirmed"),
}


def intensity_label(name: str) -> str:
    return str(INTENSITY_LABELS.get(name, name))


def severity_label(severity: str) -> str:
    return str(SEVERITIES.get(severity, severity))


def as_field_error(exc: AccountingError) -> DomainError:
    """A 400 whose details name the form field at fault, in the user's language."""
    message = str(translate(exc).message)
    details = exc.details or {}
    field = details.get("field") or ERROR_FIELDS.get(exc.code, "__all__")
    return DomainError(message, code=exc.code, details={field: [message]})


def please_correct() -> str:
    return gettext("Please correct the errors below.")
