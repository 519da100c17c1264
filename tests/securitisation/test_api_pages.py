"""The deal's list operations answer the shared page shape: count, limit, offset and the page's items."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.securitisation import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw():
    return support.build()


def test_the_runs_answer_pages_newest_first(dw):
    url = f"/api/v1/securitisation/deals/{dw.deal.pk}/runs"
    guarantor = dw.client("guarantor")
    everything = guarantor.get(url).json()
    assert (everything["count"], everything["limit"], everything["offset"]) == (2, 50, 0)
    assert {r["id"] for r in everything["items"]} == {dw.base.pk, dw.stress.pk}
    first, second = (guarantor.get(url, {"limit": 1, "offset": n}).json() for n in (0, 1))
    assert first["count"] == second["count"] == 2
    assert first["items"] + second["items"] == everything["items"]
    assert first["items"][0]["id"] == dw.stress.pk  # made after the base case
    assert guarantor.get(url, {"offset": -1}).status_code == 422


def test_the_runs_sync_by_updated_since(dw):
    url = f"/api/v1/securitisation/deals/{dw.deal.pk}/runs"
    bank = dw.client("bank_with_consent")
    before = (dw.base.created_at - timedelta(seconds=1)).isoformat()
    assert bank.get(url, {"updated_since": before}).json()["count"] == 2
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    assert bank.get(url, {"updated_since": tomorrow}).json()["items"] == []


def test_the_subsidy_lines_answer_pages(dw):
    url = f"/api/v1/securitisation/deals/{dw.deal.pk}/subsidy"
    officer = dw.client("bureau_officer")
    everything = officer.get(url).json()
    assert everything["count"] == len(everything["items"]) >= 1
    assert all(line["enterprise"] for line in everything["items"])
    first = officer.get(url, {"limit": 1}).json()
    assert (first["count"], first["limit"], first["items"]) == (everything["count"], 1, everything["items"][:1])
    beyond = officer.get(url, {"offset": everything["count"]}).json()
    assert (beyond["count"], beyond["items"]) == (everything["count"], [])
