"""Display helpers for the support-fund pages: money in fen as yuan, provenance in words."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from tanxin.common.money import format_yuan

register = template.Library()

FACT_LABELS = {
    "disclosure_published": _("Carbon disclosure published"),
    "disclosure_verified": _("Carbon disclosure verified"),
    "intensity_this_year": _("Carbon intensity, scored year"),
    "intensity_last_year": _("Carbon intensity, previous year"),
    "reduction": _("Intensity reduction"),
    "compliance_on_time": _("ETS compliance on time"),
    "surplus_t": _("Surplus allowances (t)"),
    "declared_points": _("Declared points"),
}
KIND_LABELS = {
    "automatic": _("Automatic"),
    "self_declared": _("Self-declared"),
    "expert": _("Expert"),
    "adjusted": _("Adjusted"),
}


@register.filter
def yuan(fen) -> str:
    """Whole fen shown as yuan with thousands separators (¥ 1,234.56)."""
    if fen is None or fen == "":
        return "—"
    return "¥" + format_yuan(int(fen))


@register.filter
def fact_label(key: str) -> str:
    return str(FACT_LABELS.get(key, key))


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@register.filter
def source_label(source: str) -> str:
    if source == "not_available":
        return str(_("fact not available (owner module not connected): no points"))
    if source.startswith("demo:"):
        return str(_("demo data")) + " " + source[5:]
    return source


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def problem(p) -> str:
    from tanxin.support.errors import problem_text

    return problem_text(p) if isinstance(p, dict) else str(p)
