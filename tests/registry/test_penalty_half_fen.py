"""The Shenzhen penalty is rounded half-up to the fen once, on the final figure: cases whose exact value
has a half fen (or more, or less) tell half-up from floor, ceiling and banker's rounding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanxin.registry.domain.compliance import ComplianceInput, Status, SurrenderEvent, assess, penalty_fen
from tanxin.registry.domain.rule_packs import load_rule_book

SHENZHEN = load_rule_book().pack("shenzhen")


def test_the_shenzhen_multiplier_these_cases_assume_is_three():
    assert SHENZHEN.penalty_multiplier == Decimal(3)


def test_golden_a_7_t_shortfall_at_41_335_yuan_is_fined_86_804_fen_the_half_fen_rounded_up():
    # By hand: 3 × 41.335 = 124.005 yuan/t; × 7 t = 868.035 yuan = 86,803.5 fen → half-up 86,804 (floor 86,803).
    data = ComplianceInput("ent-nanshan-001", 2023, 50_007, (SurrenderEvent(date(2024, 8, 20), 50_000),))
    result = assess(SHENZHEN, data, as_of=date(2024, 9, 2), average_price=Decimal("41.335"))
    assert result.status is Status.NON_COMPLIANT and result.shortfall_t == 7
    assert result.penalty_fen == 86_804


@pytest.mark.parametrize(
    ("shortfall_t", "price", "expected_fen"),
    [
        (1, "41.0050", 12_302),  # 123.0150 yuan = 12,301.50 fen → up (floor gives 12,301)
        (1, "41.0150", 12_305),  # 123.0450 yuan = 12,304.50 fen → up (banker's rounding gives 12,304)
        (1, "41.0017", 12_301),  # 123.0051 yuan = 12,300.51 fen → up (floor gives 12,300)
        (1, "41.0016", 12_300),  # 123.0048 yuan = 12,300.48 fen → down (ceiling gives 12,301)
        (3, "0.0001", 0),  # 0.0009 yuan = 0.09 fen → 0
        (5, "0.0001", 0),  # 0.0015 yuan = 0.15 fen → 0
        (17, "0.0001", 1),  # 0.0051 yuan = 0.51 fen → 1
    ],
)
def test_the_penalty_is_rounded_half_up_to_the_fen(shortfall_t, price, expected_fen):
    assert penalty_fen(SHENZHEN, shortfall_t, Decimal(price)) == expected_fen


@given(shortfall=st.integers(0, 10**7), price_ten_thousandths=st.integers(0, 10**7))
def test_the_penalty_is_never_more_than_half_a_fen_from_the_exact_figure_and_halves_go_up(
    shortfall, price_ten_thousandths
):
    price = Decimal(price_ten_thousandths).scaleb(-4)
    exact_fen = SHENZHEN.penalty_multiplier * price * shortfall * 100
    fen = penalty_fen(SHENZHEN, shortfall, price)
    assert -Decimal("0.5") < fen - exact_fen <= Decimal("0.5")
