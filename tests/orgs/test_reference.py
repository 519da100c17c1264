"""The shipped reference tables load idempotently: a second load writes nothing, a changed row is put back."""

import csv

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tanxin.orgs.models import Industry, Jurisdiction
from tanxin.orgs.reference import DATA_DIR, load_industries, load_jurisdictions

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def _shipped_industries() -> list[dict]:
    with (DATA_DIR / "industries_gbt4754_2017.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_industry_table_loads_every_shipped_row_with_its_parent():
    rows = _shipped_industries()
    assert load_industries() == len(rows)
    assert Industry.objects.count() == len(rows)
    for row in rows:
        industry = Industry.objects.get(code=row["code"])
        assert (industry.name_zh, industry.name_en, industry.source) == (row["name_zh"], row["name_en"], row["source"])
        assert (industry.parent.code if industry.parent else "") == row["parent"]


def test_loading_the_reference_tables_again_reads_them_and_writes_nothing():
    load_industries()
    load_jurisdictions()
    with CaptureQueriesContext(connection) as queries:
        load_industries()
        load_jurisdictions()
    assert _writes(queries.captured_queries) == []


def test_a_changed_reference_row_is_put_back_as_shipped_and_only_it_is_written():
    load_industries()
    load_jurisdictions()
    Industry.objects.filter(code="C39").update(name_en="changed", parent=None)
    Jurisdiction.objects.filter(code="440305").update(name_zh="改过的名字")
    with CaptureQueriesContext(connection) as queries:
        load_industries()
        nanshan = load_jurisdictions()["440305"]
    c39 = Industry.objects.get(code="C39")
    shipped = next(row for row in _shipped_industries() if row["code"] == "C39")
    assert (c39.name_en, c39.parent.code) == (shipped["name_en"], shipped["parent"])
    assert nanshan.name_zh == Jurisdiction.objects.get(code="440305").name_zh == "南山区"
    assert nanshan.parent.code == "440300"
    updates = [sql for sql in _writes(queries.captured_queries) if sql.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 2, updates
