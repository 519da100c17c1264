from datetime import date
from decimal import Decimal

import pytest

from tanxin.common.errors import DomainError, NotFound
from tanxin.market.domain.calendar import add_trading_days, is_trading_day
from tanxin.market.domain.prices import (
    PriceRow,
    PriceSeries,
    close_on,
    preceding_months_window,
    valuation_price,
    vwap,
)


def _row(day: date, close: str, volume: int, turnover_yuan: str) -> PriceRow:
    return PriceRow(day, "CEA", Decimal(close), Decimal(close), volume, int(Decimal(turnover_yuan) * 100))


SERIES = PriceSeries.of(
    "CEA",
    [
        _row(date(2024, 9, 27), "40.00", 100, "4000.00"),
        _row(date(2024, 9, 30), "41.50", 300, "12450.00"),
        # 2024-10-01..07: National Day, no trading
        _row(date(2024, 10, 8), "39.00", 200, "7800.00"),
        _row(date(2024, 10, 9), "42.00", 400, "16800.00"),
    ],
)


def test_vwap_is_total_turnover_over_total_volume_of_the_last_n_rows():
    # (12,450 + 7,800 + 16,800) / (300 + 200 + 400) = 37,050 / 900 = 41.1666… → 41.17
    assert vwap(SERIES, date(2024, 10, 9), n=3) == Decimal("41.17")
    # (4,000 + 12,450 + 7,800 + 16,800) / 1,000 = 41.05
    assert vwap(SERIES, date(2024, 10, 9), n=4) == Decimal("41.05")


def test_vwap_looks_only_at_rows_up_to_the_end_date():
    # (4,000 + 12,450) / 400 = 41.125 → 41.13 (half-up)
    assert vwap(SERIES, date(2024, 10, 7), n=2) == Decimal("41.13")


def test_vwap_with_too_short_a_history_is_refused_rather_than_silently_shortened():
    with pytest.raises(NotFound) as e:
        vwap(SERIES, date(2024, 10, 9), n=20)
    assert e.value.code == "short_history"


def test_the_close_on_a_holiday_carries_forward_the_last_trading_close():
    assert close_on(SERIES, date(2024, 10, 3)) == Decimal("41.50")
    with pytest.raises(NotFound):
        close_on(SERIES, date(2024, 10, 3), carry_forward=False)
    with pytest.raises(NotFound):
        close_on(SERIES, date(2024, 9, 1))


def test_valuation_price_takes_the_lower_of_last_close_and_vwap():
    assert valuation_price(SERIES, date(2024, 10, 9), n=4) == Decimal("41.05")  # close 42.00 > VWAP
    assert valuation_price(SERIES, date(2024, 10, 8), n=3) == Decimal("39.00")  # close 39.00 < VWAP 40.42


@pytest.mark.parametrize(
    ("event", "months", "window"),
    [
        (date(2024, 8, 30), 6, (date(2024, 2, 1), date(2024, 7, 31))),
        (date(2024, 3, 15), 6, (date(2023, 9, 1), date(2024, 2, 29))),
        (date(2025, 1, 1), 1, (date(2024, 12, 1), date(2024, 12, 31))),
        (date(2025, 12, 31), 12, (date(2024, 12, 1), date(2025, 11, 30))),
    ],
)
def test_the_preceding_months_window_is_whole_calendar_months_before_the_event_month(event, months, window):
    assert preceding_months_window(event, months) == window


def test_a_series_refuses_duplicate_days_and_foreign_instruments():
    row = _row(date(2024, 9, 27), "40.00", 1, "40.00")
    with pytest.raises(DomainError):
        PriceSeries.of("CEA", [row, row])
    with pytest.raises(DomainError):
        PriceSeries.of("SZA", [row])


def test_adjusted_saturday_workdays_are_not_trading_days():
    assert not is_trading_day(date(2024, 9, 14))  # 调休 Saturday: offices open, exchanges closed
    assert not is_trading_day(date(2024, 10, 1))
    assert add_trading_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
