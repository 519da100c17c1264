"""Load shipped reference data (industries, jurisdictions) idempotently: create or update by code, and leave a row
that is already as shipped untouched."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction

from tanxin.orgs.models import Industry, Jurisdiction

R = TypeVar("R", Industry, Jurisdiction)
DATA_DIR = Path(settings.BASE_DIR) / "data" / "orgs"
JURISDICTIONS = [
    # code, name_zh, name_en, level, parent
    ("440300", "深圳市", "Shenzhen", "city", None),
    ("440305", "南山区", "Nanshan District", "district", "440300"),
    ("440304", "福田区", "Futian District", "district", "440300"),
]


@transaction.atomic
def load_industries(path: Path | None = None) -> int:
    """Create or update every industry of the shipped table; a row already as shipped is left untouched, so a
    second load reads the table once and writes nothing."""
    path = path or DATA_DIR / "industries_gbt4754_2017.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    stored = {industry.code: industry for industry in Industry.objects.all()}
    by_code: dict[str, Industry] = {}
    for row in rows:  # sections come before their divisions in the file
        parent = by_code.get(row["parent"]) if row["parent"] else None
        wanted = {"name_zh": row["name_zh"], "name_en": row["name_en"], "source": row["source"],
                  "parent_id": parent.pk if parent else None}  # fmt: skip
        by_code[row["code"]] = _as_shipped(Industry, stored.get(row["code"]), row["code"], wanted)
    return len(rows)


@transaction.atomic
def load_jurisdictions() -> dict[str, Jurisdiction]:
    """Create or update the shipped jurisdictions; those already as shipped are only read."""
    stored = {j.code: j for j in Jurisdiction.objects.filter(code__in=[row[0] for row in JURISDICTIONS])}
    result: dict[str, Jurisdiction] = {}
    for code, name_zh, name_en, level, parent in JURISDICTIONS:
        wanted = {"name_zh": name_zh, "name_en": name_en, "level": level,
                  "parent_id": result[parent].pk if parent else None}  # fmt: skip
        result[code] = _as_shipped(Jurisdiction, stored.get(code), code, wanted)
    return result


def _as_shipped(model: type[R], row: R | None, code: str, wanted: dict[str, Any]) -> R:
    """The stored row for ``code`` made as shipped: created when missing, saved only when a value differs (a save
    writes a history row)."""
    if row is None:
        return model.objects.create(code=code, **wanted)
    if any(getattr(row, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(row, name, value)
        row.save()
    return row
