"""Every price says how old it is, and every average how many trading days it really covers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from tanxin.market import facts
from tanxin.market.domain.prices import PriceRow, PriceSeries, average_coverage, close_age
from tanxin.market.models import PricePoint


def _weekdays(instrument: str, start: date, end: date, price_fen: int) -> list[PricePoint]:
    rows, day = [], start
    while day <= end:
        if day.weekday() < 5:
            rows.append(PricePoint(instrument=instrument, day=day, open_fen=price_fen, close_fen=price_fen,
                                   volume_t=100, turnover_fen=price_fen * 100, source="test"))  # fmt: skip
        day += timedelta(days=1)
    return rows


def _series(*days: date) -> PriceSeries:
    return PriceSeries.of("SZA", [PriceRow(d, "SZA", Decimal(40), Decimal(40), 10, 40_000) for d in days])


def test_a_close_carried_over_a_holiday_is_not_stale_but_one_weeks_old_is():
    s = _series(date(2024, 9, 30), date(2024, 10, 8))
    holiday = close_age(s, date(2024, 10, 7), stale_after_days=10)  # National Day: 7 days old
    assert (holiday.close_day, holiday.age_days, holiday.stale) == (date(2024, 9, 30), 7, False)
    weeks = close_age(s, date(2024, 11, 8), stale_after_days=10)
    assert (weeks.close_day, weeks.age_days, weeks.stale) == (date(2024, 10, 8), 31, True)
    assert close_age(s, date(2024, 9, 1), 10).stale  # no price at all yet


def test_a_six_month_average_over_a_series_that_stopped_says_which_months_it_lacks():
    # deadline 2024-08-30 → window 2024-02-01 .. 2024-07-31; prices only on 3 days of February and March
    s = _series(date(2024, 2, 5), date(2024, 2, 6), date(2024, 3, 1))
    c = average_coverage(s, date(2024, 8, 30), 6)
    assert (c.start, c.end, c.trading_days, c.last_price_day) == (date(2024, 2, 1), date(2024, 7, 31), 3,
                                                                  date(2024, 3, 1))
    assert c.months_without_prices == ("2024-04", "2024-05", "2024-06", "2024-07")
    assert c.value == Decimal("40.00") and not c.complete


@pytest.mark.django_db
def test_market_facts_and_api_say_how_old_the_close_is_and_what_the_vwap_covers(world):
    PricePoint.objects.bulk_create(_weekdays("SZA", date(2024, 1, 1), date(2024, 3, 29), 4000))
    f = facts.figures("SZA", date(2024, 4, 30), n=20)
    assert (f.close_day, f.close_age_days, f.close_stale) == (date(2024, 3, 29), 32, True)
    assert f.vwap_trading_days == 20 and f.vwap_first_day == date(2024, 3, 4)  # the last 20 weekdays of March
    assert f.average_6m_coverage.months_without_prices == ("2023-10", "2023-11", "2023-12")
    assert f.average_6m_coverage.trading_days == 65  # Jan 23 + Feb 21 + Mar 21 weekdays
    body = world.client("bureau_officer").get("/api/v1/market/figures?instrument=SZA&on=2024-04-30").json()
    assert (body["close_age_days"], body["close_stale"], body["vwap_first_day"]) == (32, True, "2024-03-04")
    assert body["average_6m_months_without_prices"] == ["2023-10", "2023-11", "2023-12"]
    assert body["average_6m_trading_days"] == 65
    fresh = world.client("bureau_officer").get("/api/v1/market/figures?instrument=SZA&on=2024-03-29").json()
    assert (fresh["close_age_days"], fresh["close_stale"]) == (0, False)


@pytest.mark.django_db
def test_the_price_page_shows_the_stale_close_and_the_months_without_prices_in_chinese(world):
    PricePoint.objects.bulk_create(_weekdays("SZA", date(2024, 1, 1), date(2024, 3, 29), 4000))
    page = world.client("bureau_officer").get("/market/?instrument=SZA&on=2024-04-30").content.decode()
    assert 'data-testid="stale"' in page and "32" in page
    assert "2023-10, 2023-11, 2023-12" in page
    assert Client().get("/market/").status_code in (302, 403)
