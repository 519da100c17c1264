"""Presentation of stored integers: kgCO2e shown as tonnes, rounded only here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from tanxin.accounting.factor_names import factor_labels, family_label, note
from tanxin.accounting.messages import FLAG_LABELS, INTENSITY_LABELS, SEVERITIES

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


@register.filter
def label(key: str, kind: str) -> str:
    """Translated label of a stored key: ``source_type``, ``intensity``, ``severity`` or ``flag``."""
    from tanxin.accounting.models import SourceType

    table = {"source_type": dict(SourceType.choices), "intensity": INTENSITY_LABELS, "severity": SEVERITIES,
             "flag": FLAG_LABELS}
    return str(table.get(kind, {}).get(key, key))


@register.filter
def family(code: str) -> str:
    """A factor family's name (``fuel_ncv`` → 低位发热量)."""
    return family_label(code)


@register.filter
def factor_name(factor_id: str) -> str:
    return factor_labels([factor_id])[factor_id]


@register.filter
def reference_note(text: str) -> str:
    return note(text)


@register.filter
def field_label(key: str) -> str:
    """An activity line's stored parameter by its name (``density_kg_per_l`` → 密度（kg/L）)."""
    from tanxin.accounting.forms import FIELD_LABELS

    return str(FIELD_LABELS.get(key, key))


@register.filter
def param_value(value, key: str) -> str:
    """A stored parameter's value for people: a direction by its name, a yes/no as words, a number as typed."""
    from tanxin.accounting.forms import DIRECTIONS

    if key == "direction":
        return str(dict(DIRECTIONS).get(str(value), value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)
