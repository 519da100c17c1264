"""The shipped reference CSVs keep their provenance and agree with the shared fact sheet."""

import csv
from pathlib import Path

import pytest

from tests.accounting.support import DATA_DIR, snapshot

SHARED = Path("/work/shared/reference")
CONFIDENCE = {"V", "V-3p", "M"}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("name", "columns"), [
    ("emission_factors.csv", {"source_ref", "publisher", "confidence"}),
    ("parameters.csv", {"source_ref", "confidence"}),
    ("steam_saturated.csv", {"source_ref", "confidence"}),
])
def test_every_row_names_its_source_and_confidence(name, columns):
    rows = _rows(name)
    assert rows and columns <= set(rows[0])
    assert all(r["source_ref"] and r["confidence"] in CONFIDENCE for r in rows)


@pytest.mark.skipif(not SHARED.exists(), reason="shared fact sheet not mounted")
@pytest.mark.parametrize("name", ["emission_factors.csv", "gwp_100yr.csv", "refrigerant_blends.csv"])
def test_copied_files_match_the_shared_reference(name):
    assert (DATA_DIR / name).read_bytes() == (SHARED / name).read_bytes()


def test_every_factor_value_is_positive():
    assert all(f.value > 0 for f in snapshot().factors.values())


def test_the_steam_table_rises_with_pressure():
    temperatures = [r.saturation_c for r in snapshot().steam_table]
    assert temperatures == sorted(temperatures)


def test_every_english_note_of_the_shipped_tables_has_its_chinese_wording():
    with (DATA_DIR / "notes_zh.csv").open(encoding="utf-8") as handle:
        chinese = {row["notes_en"]: row["notes_zh"] for row in csv.DictReader(handle)}
    notes = {r["notes"] for name in ("emission_factors.csv", "gwp_100yr.csv") for r in _rows(name) if r["notes"]}
    assert notes and all(chinese.get(n) for n in notes), sorted(notes - {k for k, v in chinese.items() if v})


def test_every_constant_is_described_and_cited_in_both_languages():
    rows = _rows("parameters.csv")
    assert all(r["description_zh"] and r["description_en"] and r["source_ref_zh"] for r in rows)
