"""Presentation of stored integers: kgCO2e shown as tonnes, rounded only here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def tonnes(kg: int | None, places: int = 2) -> str:
    if kg is None or kg == "":
        return "—"
    value = (Decimal(int(kg)) / 1000).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    return f"{value:,}"


@register.filter
def get(mapping, key):
    if not mapping:
        return None
    return mapping.get(key) if hasattr(mapping, "get") else None
