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
    the other when empty). Where only the Chinese is a separate field (``source_ref_zh`` beside ``source_ref``),
    the bare field is the English."""

    def get(name: str) -> str:
        return (record.get(name, "") if isinstance(record, dict) else getattr(record, name, "")) or ""

    zh = get(f"{field}_zh")
    en = get(f"{field}_en") or get(field)
    english = (get_language() or "").startswith("en")
    return (en or zh) if english else (zh or en)
