"""Real concurrency on PostgreSQL: simultaneous edits of one activity line, and simultaneous corrections of one
library factor.

An edit replaces the whole line under the line's row lock: the last edit wins whole (never a mix of two
payloads), the history shows every edit, and each edit recomputes the year the line left as it stood when the
edit read it — so every stored inventory still equals a fresh recompute. A factor is corrected under its row
lock: of two simultaneous corrections one wins and the other is told the value was already superseded, so the
library never holds two current values for one factor and year.
"""

from __future__ import annotations

import pytest

from tanxin.accounting import library, services
from tanxin.accounting.inventories import recompute
from tanxin.accounting.models import ActivityLine, FactorRecord, Inventory
from tanxin.accounting.reference import load_reference
from tests.race import race, require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    require_postgres()
    load_reference()  # a transactional test's flush empties the library the migration loaded


def _boiler_line(world):
    user, ent = world.users["enterprise_a"], world.orgs["enterprise_a"]
    source = services.create_source(user, ent.pk, {"name": "Gas boiler", "source_type": "fuel_combustion",
                                                   "category": "boiler", "subject": "NATURAL_GAS"})  # fmt: skip
    line = services.save_line(user, source.pk, {"year": 2024, "month": 1, "quantity": "1", "unit": "万Nm3"})
    return user, ent, source, line


def _stored(ent) -> dict[int, tuple[int, int]]:
    return {i.year: (i.total_china_kg, i.line_count) for i in Inventory.objects.filter(enterprise=ent)}


def test_simultaneous_edits_of_one_line_keep_one_whole_edit_and_every_inventory_true(world):
    user, ent, source, line = _boiler_line(world)
    payloads = [{"year": 2022, "month": 1, "quantity": "2", "unit": "万Nm3"},
                {"year": 2023, "month": 1, "quantity": "3", "unit": "万Nm3"}]  # fmt: skip
    for round_no in range(4):
        results = race(lambda i: services.save_line(user, source.pk, payloads[i % 2], line_id=line.pk).year, 2)
        assert sorted(results) == [2022, 2023], (round_no, results)
        final = ActivityLine.objects.get(pk=line.pk)
        winner = next(p for p in payloads if p["year"] == final.year)
        assert str(final.data["quantity"]) == winner["quantity"]  # the whole winning payload, not a mix
        stored = _stored(ent)
        for year in (2022, 2023, 2024):
            recompute(ent.pk, year)
        assert stored == _stored(ent), (round_no, final.year)  # no year kept a line that had left it
        assert set(stored) == {final.year}
    assert ActivityLine.history.filter(id=line.pk, history_type="~").count() == 8


def test_two_simultaneous_corrections_of_one_factor_leave_one_current_value(world):
    diesel = FactorRecord.objects.current().get(factor_id="fuel.diesel.ncv")
    admin = world.users["bureau_admin"]

    def worker(i: int):
        return library.supersede(admin, diesel.pk, {"factor_id": f"fuel.diesel.ncv.r{i}", "value": f"43.{i}0"},
                                 "transcription error").factor_id  # fmt: skip

    results = race(worker, 4)
    winners = [r for r in results if r != "already_superseded"]
    assert len(winners) == 1 and len(results) == 4, results
    current = FactorRecord.objects.current().filter(family=diesel.family, subject=diesel.subject, year=diesel.year)
    assert list(current.values_list("factor_id", flat=True)) == winners
    assert FactorRecord.objects.get(pk=diesel.pk).superseded_by.factor_id == winners[0]
    assert FactorRecord.objects.filter(factor_id__startswith="fuel.diesel.ncv.r").count() == 1
