"""Words for people: a record's name in the page's language.

Records with a Chinese and an English name (criteria, factors, schemes…) show one of them, the one of the
page's language, falling back to the other when it is empty — never both side by side.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def local(record, field: str = "name") -> str:
    """``{{ criterion|local:"name" }}``: ``name_en`` on an English page, else ``name_zh`` (each falls back to
    the other when empty)."""
    zh = getattr(record, f"{field}_zh", "") if not isinstance(record, dict) else record.get(f"{field}_zh", "")
    en = getattr(record, f"{field}_en", "") if not isinstance(record, dict) else record.get(f"{field}_en", "")
    english = (get_language() or "").startswith("en")
    return (en or zh) if english else (zh or en)
