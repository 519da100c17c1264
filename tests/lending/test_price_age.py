"""The loan page says how old the price behind P_val is and how many trading days its average covers (and, when
the price is stale, the reason)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.lending.loans_support import application, build

pytestmark = pytest.mark.django_db


def _page(lw, loan):
    client = lw.world.client("bank_with_consent")
    client.cookies["tanxin_language"] = "en"
    return client.get(f"/lending/loans/{loan.pk}/?preview=1").content.decode()


def test_a_fresh_price_shows_its_date_and_coverage_without_a_stale_warning():
    lw = build()
    loan = application(lw, amount_fen=2_000_000_00, quantity_t=150_000)
    body = _page(lw, loan)
    today = timezone.localdate()
    assert 'data-testid="price-age"' in body and "trading days with trades" in body
    assert 'data-testid="price-stale"' not in body
    assert "days before the valuation" in body and str(today.year) in body
