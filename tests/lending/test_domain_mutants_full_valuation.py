"""Valuation rules the full mutation run of the lending domain found untested: the valuation day, volume, the
VWAP's rounding, traded days of one tonne, staleness, the haircut's bounds and volatility, each by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tanxin.lending.domain import valuation
from tanxin.lending.domain.params import DEFAULTS, LendingParams
from tests.lending.domain_builders import code_of

D = Decimal
ON = date(2024, 6, 28)
# The 20 trading days up to Friday 28 June 2024 (Dragon Boat Festival on Monday 10 June).
DAYS = [date(2024, 5, 31), *(date(2024, 6, d) for d in (3, 4, 5, 6, 7, 11, 12, 13, 14, 17, 18, 19, 20, 21, 24, 25,
                                                          26, 27, 28))]  # fmt: skip


def quotes(volumes=None, close="60.00", last_close=None, yuan_per_t="62.00") -> list[valuation.Quote]:
    volumes = volumes or [1_000] * 20
    out = [valuation.Quote(d, D(close), v, int(D(yuan_per_t) * 100 * v)) for d, v in zip(DAYS, volumes, strict=True)]
    if last_close is not None:
        last = out[-1]
        out[-1] = valuation.Quote(last.day, D(last_close), last.volume_t, last.turnover_fen)
    return out




def test_the_quote_of_the_valuation_day_itself_is_the_close():
    v = valuation.value_price(quotes(last_close="58.00"), ON, DEFAULTS)
    assert (v.close, v.close_day, v.price) == (D("58.00"), ON, D("58.00"))


def test_a_window_without_any_volume_is_no_price_and_one_tonne_is():
    assert code_of(lambda: valuation.value_price(quotes(volumes=[0] * 20), ON, DEFAULTS)) == "short_price_history"
    one = valuation.value_price(quotes(volumes=[0] * 19 + [1]), ON, DEFAULTS)
    assert (one.vwap, one.traded_days, one.last_traded, one.stale_reason) == (D("62.00"), 1, ON, "thin_volume")


def test_the_vwap_is_rounded_half_up_to_the_fen():
    # Every day 1,000 t for 6,200,500 fen: 62.005 yuan a tonne -> 62.01.
    v = valuation.value_price(quotes(close="70.00", yuan_per_t="62.005"), ON, DEFAULTS)
    assert (v.vwap, v.price) == (D("62.01"), D("62.01"))


def test_ten_days_traded_with_a_tonne_each_are_not_thin():
    # The card needs 10 traded days in the 20-day window: ten days of 1 t (and ten of none) are enough.
    v = valuation.value_price(quotes(volumes=[0, 1] * 10), ON, DEFAULTS)
    assert (v.traded_days, v.stale, v.stale_reason) == (10, False, "")
    nine = valuation.value_price(quotes(volumes=[0, 0] + [0, 1] * 9), ON, DEFAULTS)
    assert (nine.traded_days, nine.stale_reason) == (9, "thin_volume")


def test_a_price_traded_today_is_fresh_even_when_no_trading_day_may_pass():
    strict = LendingParams(stale_after_trading_days=0)
    assert valuation.value_price(quotes(), ON, strict).stale is False
    v = valuation.value_price(quotes(volumes=[1_000] * 19 + [0]), ON, strict)  # last traded the day before
    assert (v.last_traded, v.stale_reason) == (date(2024, 6, 27), "old_price")


def test_a_fresh_valuation_is_handed_back_unchanged():
    v = valuation.value_price(quotes(), ON, DEFAULTS)
    assert valuation.require_fresh(v) is v


def test_the_haircut_needs_a_positive_volatility_and_stops_at_one_hundred_percent():
    assert code_of(lambda: valuation.haircut(D(0), DEFAULTS)) == "bad_volatility"
    # σ = 5 (500 %): 2.326 x 5 x √(10 / 250) + 0.05 = 2.376 > 1, so the haircut is 1.0000.
    assert valuation.haircut(D(5), DEFAULTS) == D("1.0000")


def _closes(values, first=date(2024, 1, 1)) -> list[valuation.Quote]:
    return [valuation.Quote(first + timedelta(days=i), D(c), 1_000, 10_000_000) for i, c in enumerate(values)]


def test_volatility_uses_the_last_days_plus_one_closes_only():
    # An old close of 500 before the 21 closes 100, 110, 100, ... is outside a 20-day window: 1.5461 as worked by
    # hand in test_domain_mutants_disposal.py.
    swings = [500] + [100 if i % 2 == 0 else 110 for i in range(21)]
    assert valuation.annual_volatility(_closes(swings), date(2024, 1, 22), days=20) == D("1.5461")
    assert code_of(lambda: valuation.annual_volatility(_closes(swings[1:21]), date(2024, 1, 22))) == (
        "short_price_history")  # 21 closes are needed, here 20


def test_a_price_that_doubles_every_day_has_no_volatility():
    # Closes 1, 2, 4, ..., 2^20: every log return is ln 2, the mean is ln 2, the deviations and the variance are 0.
    assert valuation.annual_volatility(_closes([2**i for i in range(21)]), date(2024, 1, 21)) == D("0.0000")


def test_volatility_is_rounded_half_up_to_four_places():
    # Closes 100, 105, 100, ... (21): 20 returns of +/- ln 1.05 = +/- 0.0487902, mean 0; variance
    # 20 x 0.0487902^2 / 19 = 0.00250577, x 250 = 0.626442, square root 0.791481 -> 0.7915.
    swings = [100 if i % 2 == 0 else 105 for i in range(21)]
    assert valuation.annual_volatility(_closes(swings), date(2024, 1, 21)) == D("0.7915")


def test_the_pledgeable_quantity_takes_away_only_what_is_pledged_frozen_or_still_owed():
    assert valuation.pledgeable_quantity(100, 0, 0, 0) == 100
    assert valuation.pledgeable_quantity(100, 0, 0, -5) == 100  # a negative remaining surrender counts as none
    assert valuation.pledgeable_quantity(10, 10, 0, 0) == 0
    assert valuation.pledgeable_quantity(10, 6, 3, 2) == 0  # 10 - 6 - 3 - 2 = -1: nothing, never negative


def test_by_default_volatility_reads_a_year_of_250_returns():
    # 252 closes: the first (an outlier of 500) is older than the 251 closes that give 250 returns.
    closes = _closes([500] + [100 if i % 2 == 0 else 110 for i in range(251)])
    on = closes[-1].day
    assert valuation.annual_volatility(closes, on) == valuation.annual_volatility(closes[1:], on)
    assert valuation.annual_volatility(closes, on, days=251) != valuation.annual_volatility(closes[1:], on)
