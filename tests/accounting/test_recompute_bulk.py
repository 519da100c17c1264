"""The bulk recompute stores, for every enterprise-year, exactly the row the full per-enterprise calculation
gives (totals, per-gas and per-scope sums, each line's results, quality flags), in one process or in worker
processes, and skips (and logs) an enterprise-year the library cannot compute."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from tanxin.accounting import recompute, services
from tanxin.accounting.calculation import compute_year
from tanxin.accounting.inventories import _rows, inventory_row
from tanxin.accounting.models import ActivityLine, Inventory
from tanxin.accounting.reference import current_snapshot, place_of
from tanxin.orgs.models import Organisation

STORED = ["snapshot_digest", "total_china_kg", "total_ghg_location_kg", "total_ghg_market_kg", "summary",
          "line_results", "quality_score", "flags", "line_count"]  # fmt: skip


class _Scale:
    def __init__(self, ids: list[int]) -> None:
        self.enterprise_ids, self.rng, self.year = ids, random.Random(7), 2024

    @staticmethod
    def chunks(ids):
        yield ids


def enterprises(count: int) -> list[int]:
    """``count`` enterprises with the ten-source, twelve-month ledger of ``seed_demo --scale``, some ETS-covered."""
    from tanxin.accounting import scale
    from tanxin.orgs.reference import load_industries, load_jurisdictions
    from tanxin.orgs.seed import make_enterprises

    load_industries()
    nanshan = load_jurisdictions()["440305"]
    orgs = Organisation.objects.bulk_create(make_enterprises(random.Random(3), count, nanshan, start=50_000))
    for org in orgs[::3]:
        org.ets = Organisation.Ets.NATIONAL
    Organisation.objects.bulk_update(orgs[::3], ["ets"])
    ids = [o.pk for o in orgs]
    scale.generate(_Scale(ids))
    return ids


def expected(enterprise_id: int) -> dict:
    """The row the full calculation (every trace built) gives for 2024."""
    org = Organisation.objects.select_related("jurisdiction").get(pk=enterprise_id)
    result = compute_year(_rows(enterprise_id, 2024), current_snapshot(), 2024,
                          ets_covered=org.ets != Organisation.Ets.NONE, place=place_of(org.jurisdiction.code))
    row = inventory_row(enterprise_id, 2024, result, current_snapshot().digest)
    return {name: getattr(row, name) for name in STORED}


def stored(enterprise_id: int) -> dict:
    row = Inventory.objects.get(enterprise_id=enterprise_id, year=2024)
    return {name: getattr(row, name) for name in STORED}


@pytest.mark.django_db
def test_the_bulk_recompute_stores_what_the_full_calculation_gives(caplog):
    ids = enterprises(4)
    broken = ActivityLine.objects.filter(enterprise_id=ids[1]).first()
    broken.unit = "MWh"  # a fuel in electricity units: the library cannot compute it
    broken.save()
    assert services.recompute_all(years=[2024]) == 3
    for enterprise_id in (ids[0], ids[2], ids[3]):
        assert stored(enterprise_id) == expected(enterprise_id)
    assert not Inventory.objects.filter(enterprise_id=ids[1]).exists()
    assert f"recompute of enterprise {ids[1]}, 2024 failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_worker_processes_store_the_same_rows_as_one_process(monkeypatch):
    ids = enterprises(6)
    monkeypatch.setattr(recompute, "CHUNK_ENTERPRISES", 2)
    monkeypatch.setattr(recompute, "MIN_PARALLEL_ENTERPRISES", 2)
    forked = recompute._can_fork()
    if connection.vendor == "sqlite":
        assert not forked  # the test database lives in memory: workers could not see it
    else:
        assert forked
    assert recompute.recompute_all(years=[2024], workers=2) == 6
    after_workers = {pk: stored(pk) for pk in ids}
    Inventory.objects.all().delete()
    assert recompute.recompute_all(years=[2024], workers=1) == 6
    assert {pk: stored(pk) for pk in ids} == after_workers
    assert after_workers == {pk: expected(pk) for pk in ids}


@pytest.mark.django_db
def test_the_recompute_command_recomputes_the_chosen_enterprises():
    from io import StringIO

    from django.core.management import call_command

    ids = enterprises(2)
    out = StringIO()
    call_command("recompute_inventories", "--year", "2024", "--enterprise", str(ids[0]), "--workers", "1", stdout=out)
    assert "1 inventories recomputed" in out.getvalue()
    assert stored(ids[0]) == expected(ids[0])
    assert not Inventory.objects.filter(enterprise_id=ids[1]).exists()
