from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanxin.common.money import fen_to_yuan, format_yuan, to_decimal, yuan_to_fen


def test_yuan_rounds_half_up_to_whole_fen():
    assert yuan_to_fen("0.005") == 1
    assert yuan_to_fen("0.004") == 0
    assert yuan_to_fen("500000") == 50_000_000
    assert yuan_to_fen(Decimal("-1.005")) == -101


def test_floats_are_refused_because_they_are_not_exact():
    with pytest.raises(TypeError):
        to_decimal(0.1)


def test_nonsense_is_refused():
    with pytest.raises(ValueError):
        to_decimal("abc")
    with pytest.raises(ValueError):
        to_decimal("NaN")


def test_display_in_yuan_and_wan():
    assert format_yuan(123456789) == "1,234,567.89"
    assert format_yuan(50_000_000, wan=True) == "50.00万"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_fen_survive_a_round_trip_through_yuan(fen):
    assert yuan_to_fen(fen_to_yuan(fen)) == fen
