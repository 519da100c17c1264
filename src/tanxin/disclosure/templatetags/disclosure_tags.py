from django import template

from tanxin.disclosure.content import tonnes as _tonnes

register = template.Library()


@register.filter
def tonnes(kg, places: int = 1) -> str:
    """Integer kgCO2e shown as tonnes, rounded half-up (presentation only)."""
    return _tonnes(kg, int(places))
