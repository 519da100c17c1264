"""Numbers for people: money from fen, ratios from basis points, grouped integers — exact, in any language.

Django's Chinese locale groups nothing, and `widthratio` rounds through floats; these filters keep the
stored integers exact and always group thousands with a comma, as Chinese financial documents do.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from tanxin.common.money import format_yuan

register = template.Library()
DASH = "—"


@register.filter
def yuan(fen) -> str:
    """Integer fen → ``30,000,000.00`` (yuan with two places)."""
    return DASH if fen in (None, "") else format_yuan(int(fen))


@register.filter
def grouped(value) -> str:
    """An integer quantity (tonnes, counts) with thousands grouped: ``52,772``."""
    if value in (None, ""):
        return DASH
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)  # already a label such as "—"


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
