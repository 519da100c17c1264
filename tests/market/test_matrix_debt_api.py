"""The carbon price API as every persona: prices, instruments and figures are for everybody signed in (the
market's public record); only bureau staff import prices, and a refused import stores nothing."""

from __future__ import annotations

from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.market import services
from tanxin.market.models import PricePoint
from tests.personas import PERSONAS, check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
CSV = "date,instrument,open,close,volume,turnover\n2025-01-02,{i},40,41.37,100,4050\n"
_n = count()


@pytest.fixture
def priced(world):
    result, stored = services.import_csv(world.users["bureau_admin"], CSV.format(i="SZA"), "exchange daily report")
    assert result.ok and stored == 1
    return world


def test_the_price_series_is_for_everybody_signed_in(priced):
    check_matrix(priced, "/api/v1/market/prices?instrument=SZA", SIGNED_IN, api=True)
    body = priced.client("bank_without_consent").get("/api/v1/market/prices?instrument=SZA").json()
    rows = body["items"] if isinstance(body, dict) else body
    assert [(r["day"], r["close"], r["volume_t"]) for r in rows] == [("2025-01-02", "41.37", 100)]


def test_the_instruments_list_is_for_everybody_signed_in(priced):
    check_matrix(priced, "/api/v1/market/instruments", SIGNED_IN, api=True)
    assert {"code": "SZA"} in priced.client("verifier_other").get("/api/v1/market/instruments").json()["items"]


def test_the_price_figures_are_for_everybody_signed_in(priced):
    url = "/api/v1/market/figures?instrument=SZA&on=2025-01-03&n=1"
    check_matrix(priced, url, SIGNED_IN, api=True)
    figures = priced.client("expert").get(url).json()
    assert figures["close"] == "41.37" and figures["close_day"] == "2025-01-02"


def test_only_bureau_staff_import_prices_and_a_refused_import_stores_nothing(world):
    def send(client, instrument):
        upload = SimpleUploadedFile("prices.csv", CSV.format(i=instrument).encode())
        return client.post("/api/v1/market/prices/import", {"file": upload, "source": "exchange"})

    check_write_matrix(world, ["bureau_admin", "bureau_officer"], lambda: f"T{next(_n)}", send,
                       lambda instrument: PricePoint.objects.filter(instrument=instrument).count(), 1,
                       ok_status=(201,))  # fmt: skip
