"""A factor as people name it: its subject, what kind of value it is and its year — the id (``grid.cn.south.2022``)
is the library's key, kept for the trace, the API and a hover, never the text a user reads."""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

FAMILY_LABELS = {
    "fuel_cc": _("carbon content per unit heat"),
    "fuel_ncv": _("net calorific value"),
    "fuel_of": _("oxidation rate"),
    "grid_average": _("grid average emission factor"),
    "grid_ets": _("ETS grid emission factor"),
    "grid_fossil": _("fossil-fuel power emission factor"),
    "grid_provincial": _("provincial grid emission factor"),
    "grid_regional": _("regional grid emission factor"),
    "grid_residual": _("residual-mix grid emission factor"),
    "heat": _("purchased heat emission factor"),
}


def family_label(family: str) -> str:
    return str(FAMILY_LABELS.get(family, family))


def factor_label(record) -> str:
    """``华南区域电网 · 区域电网平均排放因子（2022）`` for a ``FactorRecord``."""
    year = f"（{record.year}）" if record.year else ""
    return f"{record.name} · {family_label(record.family)}{year}"


def factor_labels(factor_ids: Iterable[str]) -> dict[str, str]:
    """The label of each id in one read; an id the library does not know keeps the id itself."""
    from tanxin.accounting.models import FactorRecord

    ids = {str(i) for i in factor_ids}
    found = {r.factor_id: factor_label(r) for r in FactorRecord.objects.filter(factor_id__in=ids)}
    return {i: found.get(i, i) for i in ids}


NOTES_FILE = Path(settings.BASE_DIR) / "data" / "accounting" / "notes_zh.csv"


@functools.cache
def _notes_zh() -> dict[str, str]:
    with NOTES_FILE.open(encoding="utf-8") as handle:
        return {row["notes_en"]: row["notes_zh"] for row in csv.DictReader(handle)}


def note(text: str) -> str:
    """A reference-data note (written in English in the shipped factor and GWP tables) in the page's language:
    its Chinese wording from ``data/accounting/notes_zh.csv`` on a Chinese page, as written otherwise."""
    if not text or (get_language() or "").startswith("en"):
        return text
    return _notes_zh().get(text, text)
