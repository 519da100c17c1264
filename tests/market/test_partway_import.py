"""Price import failing part-way: an import that corrects days already stored first deletes them, then writes
its rows. When the write fails after the first rows, the stored prices are the ones before the import — none
lost, none half-replaced — and the API answers with its server-error body in Chinese."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from tanxin.market import services
from tanxin.market.models import PricePoint

pytestmark = pytest.mark.django_db
FIRST = "date,instrument,open,close,volume,turnover\n" + "".join(
    f"2025-01-{d:02d},SZA,40,41.{d:02d},100,4100\n" for d in (2, 3, 6))
CORRECTION = "date,instrument,open,close,volume,turnover\n" + "".join(
    f"2025-01-{d:02d},SZA,40,45.{d:02d},100,4500\n" for d in (2, 3, 6, 7, 8, 9))


def _stored() -> list[tuple]:
    return list(PricePoint.objects.order_by("instrument", "day").values_list("instrument", "day", "close_fen",
                                                                            "source"))  # fmt: skip


@pytest.fixture
def priced(world):
    assert services.import_csv(world.users["bureau_admin"], FIRST, "exchange daily report")[1] == 3
    return world


def _half_then_fail(monkeypatch) -> list[int]:
    """The real bulk insert writes the first half of the rows, then the database fails."""
    real, written = PricePoint.objects.bulk_create, [0]

    def half(points, **kwargs):
        written[0] = len(real(points[: len(points) // 2], **kwargs))
        raise DatabaseError("disk full")

    monkeypatch.setattr(PricePoint.objects, "bulk_create", half)
    return written


def test_a_correction_failing_after_half_its_rows_keeps_the_prices_as_they_were(priced, monkeypatch):
    before = _stored()
    written = _half_then_fail(monkeypatch)
    with pytest.raises(DatabaseError):
        services.import_csv(priced.users["bureau_admin"], CORRECTION, "exchange correction")
    assert written[0] == 3  # the old rows were deleted and three new ones written before the failure
    assert _stored() == before


def test_the_api_answers_a_part_way_failure_with_a_clear_error_and_stores_nothing(priced, monkeypatch):
    before = _stored()
    _half_then_fail(monkeypatch)
    client = priced.client("bureau_officer")
    client.raise_request_exception = False
    upload = SimpleUploadedFile("prices.csv", CORRECTION.encode())
    response = client.post("/api/v1/market/prices/import", {"file": upload, "source": "exchange correction"})
    body = response.json()
    assert response.status_code == 500 and body["code"] == "server_error"
    assert re.search(r"[\u4e00-\u9fff]", body["message"]), body  # in the user's language, not a traceback
    assert _stored() == before
    monkeypatch.undo()
    upload = SimpleUploadedFile("prices.csv", CORRECTION.encode())
    assert client.post("/api/v1/market/prices/import", {"file": upload, "source": "x"}).status_code == 201
    assert len(_stored()) == 6
