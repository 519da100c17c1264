"""Numbers for people: money from fen, ratios from basis points, grouped integers — exact, in any language.

Django's Chinese locale groups nothing, and `widthratio` rounds through floats; these filters keep the
stored integers exact and always group thousands with a comma, as Chinese financial documents do.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from tanxin.common.money import format_yuan

register = template.Library()
DASH = "—"


@register.filter
def yuan(fen) -> str:
    """Integer fen → ``30,000,000.00`` (yuan with two places)."""
    return DASH if fen in (None, "") else format_yuan(int(fen))


@register.filter
def grouped(value) -> str:
    """A quantity (tonnes, counts) with thousands grouped: ``52,772``; a figure with decimals keeps them as given
    (``10170.9`` → ``10,170.9``), never cut to an integer."""
    if value in (None, ""):
        return DASH
    if isinstance(value, bool):
        return str(value)
    try:
        number = Decimal(str(value))
    except (ArithmeticError, ValueError):
        return str(value)  # already a label such as "—"
    return f"{int(number):,}" if number == number.to_integral_value() else f"{number:,}"


def _scaled(value, divisor: int) -> str:
    number = (Decimal(int(value)) / divisor).normalize()
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return text


@register.filter
def bp_percent(bp) -> str:
    """Basis points → percent: ``13600`` → ``136``; ``12345`` → ``123.45`` (no float on the way)."""
    return DASH if bp in (None, "") else _scaled(bp, 100)


@register.filter
def ppm_percent(ppm) -> str:
    """Parts per million of one → percent: ``38500`` → ``3.85``."""
    return DASH if ppm in (None, "") else _scaled(ppm, 10_000)


INTENSITY_PLACES = Decimal("0.0001")
UNIT_LABELS = {  # the domain's unit codes as people write them
    "tCO2e/10^4 CNY": _("tCO₂e/10⁴ CNY"),
    "tCO2e/employee": _("tCO₂e/employee"),
    "kgCO2e/m2": "kgCO₂e/m²",
}


@register.filter
def intensity(value) -> str:
    """An emission intensity shown to four places, half-up (the stored figure keeps six): ``0.7996``."""
    if value in (None, ""):
        return DASH
    try:
        return f"{Decimal(str(value)).quantize(INTENSITY_PLACES, rounding=ROUND_HALF_UP):,}"
    except (ArithmeticError, ValueError):
        return str(value)


@register.filter
def unit_label(code) -> str:
    """``tCO2e/10^4 CNY`` → ``tCO₂e/万元`` on a Chinese page; an output unit (``tCO2e/t``) keeps its own."""
    code = str(code or "")
    if code in UNIT_LABELS:
        return str(UNIT_LABELS[code])
    return code.replace("CO2e", "CO₂e")
