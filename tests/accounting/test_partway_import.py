"""Activity-line import failing part-way: the lines and their history rows are written and the first year's
inventory recomputed when the second year's recompute fails. Nothing is kept — lines, history and stored
inventories equal what they were — and the user is told why."""

import pytest
from django.db import DatabaseError, IntegrityError

from tanxin.accounting import services
from tanxin.accounting.models import ActivityLine, Inventory
from tests.accounting.factories import standard_ledger
from tests.accounting.test_pages import _workbook
from tests.race import fail_on_call

pytestmark = pytest.mark.django_db
ROWS = [{"source": "Diesel trucks", "year": year, "month": m, "quantity": 2, "unit": "t"}
        for year in (2023, 2025) for m in (1, 2, 3)]  # fmt: skip


def _state(enterprise_id: int) -> tuple:
    inventories = sorted(Inventory.objects.filter(enterprise_id=enterprise_id)
                         .values_list("year", "total_china_kg", "line_count", "snapshot_digest"))  # fmt: skip
    return ActivityLine.objects.count(), ActivityLine.history.count(), inventories


@pytest.fixture
def enterprise(world):
    standard_ledger(world)
    return world.orgs["enterprise_a"].pk


def test_a_failure_after_the_lines_are_written_keeps_nothing_and_the_page_says_why(world, enterprise, monkeypatch):
    client = world.client("enterprise_a")
    before = _state(enterprise)
    calls = fail_on_call(monkeypatch, services, "recompute", 2, IntegrityError("duplicate key (source, year, month)"))
    response = client.post(f"/accounting/e/{enterprise}/import/", {"file": _workbook(ROWS)})
    assert calls[0] == 2  # the lines were written and 2023 recomputed before 2025 failed
    assert response.status_code == 400
    assert "该排放源在该期间已有数据" in response.content.decode()
    assert _state(enterprise) == before


def test_a_database_failure_part_way_keeps_nothing_and_the_same_file_then_imports_whole(world, enterprise,
                                                                                         monkeypatch):  # fmt: skip
    client = world.client("enterprise_a")
    before = _state(enterprise)
    fail_on_call(monkeypatch, services, "recompute", 2, DatabaseError("disk full"))
    with pytest.raises(DatabaseError):
        client.post(f"/accounting/e/{enterprise}/import/", {"file": _workbook(ROWS)})
    assert _state(enterprise) == before
    monkeypatch.undo()
    assert client.post(f"/accounting/e/{enterprise}/import/", {"file": _workbook(ROWS)}).status_code == 302
    lines, history, inventories = _state(enterprise)
    assert (lines, history) == (before[0] + 6, before[1] + 6)
    assert {row[0] for row in inventories} == {2023, 2024, 2025}
