"""Load shipped reference data (industries, jurisdictions) idempotently: update or create by code."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from tanxin.orgs.models import Industry, Jurisdiction

DATA_DIR = Path(settings.BASE_DIR) / "data" / "orgs"
JURISDICTIONS = [
    # code, name_zh, name_en, level, parent
    ("440300", "深圳市", "Shenzhen", "city", None),
    ("440305", "南山区", "Nanshan District", "district", "440300"),
    ("440304", "福田区", "Futian District", "district", "440300"),
]


@transaction.atomic
def load_industries(path: Path | None = None) -> int:
    path = path or DATA_DIR / "industries_gbt4754_2017.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_code: dict[str, Industry] = {}
    for row in rows:  # sections come before their divisions in the file
        industry, _created = Industry.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_zh": row["name_zh"], "name_en": row["name_en"], "source": row["source"],
                "parent": by_code.get(row["parent"]) if row["parent"] else None,
            },
        )  # fmt: skip
        by_code[row["code"]] = industry
    return len(rows)


@transaction.atomic
def load_jurisdictions() -> dict[str, Jurisdiction]:
    result: dict[str, Jurisdiction] = {}
    for code, name_zh, name_en, level, parent in JURISDICTIONS:
        result[code], _created = Jurisdiction.objects.update_or_create(
            code=code,
            defaults={"name_zh": name_zh, "name_en": name_en, "level": level,
                      "parent": result.get(parent) if parent else None},
        )  # fmt: skip
    return result
