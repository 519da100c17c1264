import math
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from tanxin.market.domain.calendar import is_trading_day
from tanxin.market.domain.prices import close_on, vwap_of
from tanxin.market.domain.reference import load_reference_levels
from tanxin.market.domain.synthetic import CEA_SPEC, SZA_SPEC, generate


def test_the_same_seed_gives_the_identical_series_and_another_seed_does_not():
    assert generate(SZA_SPEC, 42) == generate(SZA_SPEC, 42)
    assert generate(SZA_SPEC, 42).rows != generate(SZA_SPEC, 43).rows


def test_every_row_is_labelled_synthetic_with_its_seed():
    series = generate(CEA_SPEC, 3)
    assert all(r.synthetic and "seed=3" in r.source and "not market data" in r.source for r in series.rows)


def test_rows_fall_only_on_chinese_trading_days():
    days = [r.day for r in generate(CEA_SPEC, 1).rows]
    assert all(is_trading_day(d) for d in days)
    assert date(2024, 10, 1) not in days and date(2024, 9, 14) not in days  # National Day; 调休 Saturday
    assert days[0] == date(2021, 7, 16) and days[-1] == date(2025, 12, 31)


def test_the_cea_series_passes_through_the_published_anchor_prices():
    series = generate(CEA_SPEC, 11)
    assert series.rows[0].open == Decimal("48.00")
    assert close_on(series, date(2023, 12, 29), carry_forward=False) == Decimal("79.42")
    assert close_on(series, date(2024, 12, 31), carry_forward=False) == Decimal("97.49")


@pytest.mark.parametrize("seed", range(4))
def test_the_cea_2025_vwap_lands_near_the_reported_62_36(seed):
    reported = load_reference_levels()[("CEA", "2025", "vwap")].value
    rows = generate(CEA_SPEC, seed).between(date(2025, 1, 1), date(2025, 12, 31))
    assert abs(vwap_of(rows) - reported) / reported < Decimal("0.10")


@pytest.mark.parametrize("seed", range(4))
def test_the_sza_demo_series_stays_in_its_band_with_about_thirty_percent_volatility(seed):
    rows = generate(SZA_SPEC, seed).rows
    closes = np.array([float(r.close) for r in rows])
    assert closes.min() >= 30 and closes.max() <= 70
    realised = float(np.std(np.diff(np.log(closes)))) * math.sqrt(250)
    assert 0.25 <= realised <= 0.35


def test_turnover_is_consistent_with_volume_and_the_days_prices():
    for r in generate(SZA_SPEC, 5).rows[:200]:
        average = Decimal(r.turnover_fen) / 100 / r.volume_t
        assert min(r.open, r.close) - Decimal("0.01") <= average <= max(r.open, r.close) + Decimal("0.01")


LEVELS = load_reference_levels()


def test_every_reference_level_has_a_confidence_tag_and_a_source():
    assert all(level.confidence in {"V", "V-3p", "M"} and level.source for level in LEVELS.values())


def test_the_synthetic_specs_use_the_published_reference_levels():
    anchors = {(a.day.isoformat(), a.price) for a in CEA_SPEC.anchors}
    assert ("2021-07-16", LEVELS[("CEA", "2021-07-16", "open")].value) in anchors
    assert ("2023-12-29", LEVELS[("CEA", "2023-12-29", "close")].value) in anchors
    assert ("2024-12-31", LEVELS[("CEA", "2024-12-31", "close")].value) in anchors
    assert SZA_SPEC.band == (
        LEVELS[("SZA", "demo", "band_low")].value,
        LEVELS[("SZA", "demo", "band_high")].value,
    )
    low, high = LEVELS[("SZA", "demo", "vol_low")].value, LEVELS[("SZA", "demo", "vol_high")].value
    assert low <= Decimal(str(SZA_SPEC.sigma_annual)) <= high


@pytest.mark.parametrize("seed", range(4))
def test_the_cea_2024_vwap_lands_near_the_reported_95_8(seed):
    reported = LEVELS[("CEA", "2024", "vwap")].value
    rows = generate(CEA_SPEC, seed).between(date(2024, 1, 1), date(2024, 12, 31))
    assert abs(vwap_of(rows) - reported) / reported < Decimal("0.10")
