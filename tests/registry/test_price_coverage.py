"""The penalty's 6-month average says how many trading days it covers and which months had no price."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tanxin.market.models import PricePoint
from tanxin.registry import queries, services

from .fixtures import build_registry

pytestmark = pytest.mark.django_db


def _prices(start: date, end: date, price_fen: int) -> None:
    rows, day = [], start
    while day <= end:
        if day.weekday() < 5:
            rows.append(PricePoint(instrument="SZA", day=day, open_fen=price_fen, close_fen=price_fen, volume_t=1000,
                                   turnover_fen=price_fen * 1000, source="test"))  # fmt: skip
        day += timedelta(days=1)
    PricePoint.objects.bulk_create(rows)


def _short_position(world):
    reg = build_registry(world, cap=100_000, allocate_a=8_800)
    services.set_obligation(world.users["bureau_admin"], reg.a.owner_id, 2026, 10_000, reason="verified 2026 (manual)")
    services.surrender(world.users["enterprise_a"], reg.a.pk, "SZA-2024", 8_800, 2026)
    return reg


def test_a_penalty_from_two_months_of_prices_says_the_other_four_months_had_none(world):
    reg = _short_position(world)
    # deadline 2027-08-30: window 2027-02-01 .. 2027-07-31, prices only in February and March
    _prices(date(2027, 2, 1), date(2027, 3, 31), 4250)
    pos = queries.position(reg.a.owner, 2026, as_of=date(2027, 9, 1))
    c = pos.price_coverage
    assert pos.average_price == Decimal("42.50") and pos.result.penalty_fen == 15_300_000  # 3 × 42.50 × 1,200
    assert (c.start, c.end, c.last_price_day) == (date(2027, 2, 1), date(2027, 7, 31), date(2027, 3, 31))
    assert c.trading_days == 43  # 20 weekdays in February 2027 + 23 in March
    assert c.months_without_prices == ("2027-04", "2027-05", "2027-06", "2027-07")


def test_the_compliance_api_and_board_show_the_coverage(world):
    reg = _short_position(world)
    _prices(date(2027, 2, 1), date(2027, 3, 31), 4250)
    body = world.client("bureau_officer").get(f"/api/v1/registry/compliance/{reg.a.owner_id}?year=2026").json()
    assert body["average_price_start"] == "2027-02-01" and body["average_price_end"] == "2027-07-31"
    assert body["average_price_trading_days"] == 43
    assert body["average_price_months_without_prices"] == ["2027-04", "2027-05", "2027-06", "2027-07"]
    page = world.client("bureau_officer").get("/registry/compliance/?year=2026").content.decode()
    assert 'data-testid="price-coverage"' in page and "43" in page
    assert "2027-04, 2027-05, 2027-06, 2027-07" in page


def test_a_full_window_lists_no_missing_month(world):
    reg = _short_position(world)
    _prices(date(2027, 2, 1), date(2027, 7, 31), 4250)
    c = queries.position(reg.a.owner, 2026, as_of=date(2027, 9, 1)).price_coverage
    assert c.months_without_prices == () and c.complete
