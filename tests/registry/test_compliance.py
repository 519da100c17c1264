from datetime import date
from decimal import Decimal

import pytest

from tanxin.common.errors import DomainError
from tanxin.market.domain.prices import AverageMethod, PriceRow, PriceSeries, average_preceding_months
from tanxin.registry.domain.compliance import (
    ComplianceInput,
    Status,
    SurrenderEvent,
    assess,
    loan_crosses_deadline,
    pledgeable_t,
    surrender_rules,
)
from tanxin.registry.domain.model import InstrumentKind
from tanxin.registry.domain.rule_packs import load_rule_book, parse_rule_book, surplus_reward_fen

BOOK = load_rule_book()
SHENZHEN, NATIONAL = BOOK.pack("shenzhen"), BOOK.pack("national")


def _row(day: date, volume: int, price: str) -> PriceRow:
    p = Decimal(price)
    return PriceRow(day, "SZA", p, p, volume, int(p * volume * 100))


# Feb–Jul 2024 are the six months before the August 2024 deadline; January and August must not count.
SZA_2024 = PriceSeries.of(
    "SZA",
    [
        _row(date(2024, 1, 31), 1_000, "90.00"),  # outside: the month before the window
        _row(date(2024, 2, 5), 100, "40.00"),  # 4,000 yuan
        _row(date(2024, 3, 5), 200, "42.50"),  # 8,500
        _row(date(2024, 4, 8), 100, "45.00"),  # 4,500
        _row(date(2024, 5, 6), 300, "38.00"),  # 11,400
        _row(date(2024, 6, 5), 200, "41.00"),  # 8,200
        _row(date(2024, 7, 5), 100, "44.00"),  # 4,400
        _row(date(2024, 8, 29), 1_000, "10.00"),  # outside: the deadline's own month
    ],
)


def _unit(surrenders=(), emissions=50_000, **kw) -> ComplianceInput:
    return ComplianceInput("ent-nanshan-001", 2023, emissions, tuple(surrenders), **kw)


def test_golden_a_shenzhen_unit_short_1200_t_is_fined_three_times_the_six_month_vwap():
    data = _unit([SurrenderEvent(date(2024, 8, 20), 48_800)])
    deadline = SHENZHEN.surrender_deadline(2023)
    assert deadline == date(2024, 8, 30)
    average = average_preceding_months(SZA_2024, deadline, SHENZHEN.penalty_average_months)
    # By hand: Σ turnover 41,000 yuan / Σ volume 1,000 t = 41.00 yuan/t; 3 × 41.00 × 1,200 = 147,600 yuan.
    assert average == Decimal("41.00")
    result = assess(SHENZHEN, data, as_of=date(2024, 9, 2), average_price=average)
    assert result.status is Status.NON_COMPLIANT
    assert result.shortfall_t == 1_200
    assert result.penalty_fen == 14_760_000


def test_golden_with_the_mean_of_closes_the_same_shortfall_costs_150300_yuan():
    average = average_preceding_months(SZA_2024, date(2024, 8, 30), 6, AverageMethod.MEAN_CLOSE)
    # (40 + 42.5 + 45 + 38 + 41 + 44) / 6 = 41.75; 3 × 41.75 × 1,200 = 150,300 yuan.
    assert average == Decimal("41.75")
    result = assess(SHENZHEN, _unit([SurrenderEvent(date(2024, 8, 20), 48_800)]), date(2024, 9, 2), average)
    assert result.penalty_fen == 15_030_000


def test_before_the_deadline_an_open_shortfall_is_pending_and_not_fined():
    result = assess(
        SHENZHEN, _unit([SurrenderEvent(date(2024, 8, 20), 48_800)]), date(2024, 8, 30), Decimal(41)
    )
    assert result.status is Status.PENDING and result.penalty_fen is None


def test_meeting_the_obligation_on_the_deadline_is_compliant_and_after_it_is_late():
    on_time = assess(SHENZHEN, _unit([SurrenderEvent(date(2024, 8, 30), 50_000)]), date(2024, 12, 1))
    late = assess(
        SHENZHEN,
        _unit([SurrenderEvent(date(2024, 8, 1), 49_000), SurrenderEvent(date(2024, 9, 10), 1_000)]),
        date(2024, 12, 1),
    )
    assert (on_time.status, on_time.completed_on) == (Status.COMPLIANT, date(2024, 8, 30))
    assert (late.status, late.completed_on, late.shortfall_at_deadline_t) == (
        Status.LATE,
        date(2024, 9, 10),
        1_000,
    )


def test_surrenders_after_the_as_of_date_are_ignored_so_history_can_be_replayed():
    data = _unit([SurrenderEvent(date(2024, 8, 1), 49_000), SurrenderEvent(date(2024, 9, 10), 1_000)])
    assert assess(SHENZHEN, data, date(2024, 9, 5)).status is Status.NON_COMPLIANT


def test_offsets_count_only_up_to_the_cap_of_ten_percent_in_shenzhen():
    data = _unit(
        [SurrenderEvent(date(2024, 8, 1), 44_000), SurrenderEvent(date(2024, 8, 1), 6_000, offset=True)]
    )
    result = assess(SHENZHEN, data, date(2024, 9, 1))
    assert (result.offset_cap_t, result.offsets_counted_t, result.shortfall_t) == (5_000, 5_000, 1_000)


def test_the_unconfirmed_twenty_percent_cap_is_available_as_an_override():
    (alternative,) = SHENZHEN.params["offset_cap_rate"].alternatives
    assert (alternative["value"], alternative["confidence"]) == ("0.20", "M")
    pack = SHENZHEN.with_overrides(offset_cap_rate=Decimal(alternative["value"]))
    assert surrender_rules(pack, 2023, 50_000, offsets_used_t=4_000).offset_cap_remaining_t == 6_000


def test_the_offset_cap_rounds_down_to_whole_tonnes():
    assert surrender_rules(NATIONAL, 2024, 1_019, 0).offset_cap_remaining_t == 50  # 5 % of 1,019 = 50.95


def test_surrender_rules_for_the_ledger_follow_the_pack():
    rules = surrender_rules(NATIONAL, 2024, 100_000, offsets_used_t=1_000)
    assert rules.allowance_kind is InstrumentKind.CEA and rules.offset_kinds == {InstrumentKind.CCER}
    assert rules.offset_cap_remaining_t == 4_000


def test_the_national_penalty_defaults_to_five_times_and_is_flagged_unconfirmed():
    assert NATIONAL.surrender_deadline(2024) == date(2025, 12, 31)
    assert "penalty_multiplier" in NATIONAL.unconfirmed() and SHENZHEN.unconfirmed() == []
    result = assess(NATIONAL, _unit(emissions=1_000), date(2026, 1, 5), Decimal("62.36"))
    assert result.penalty_fen == 5 * 6_236 * 1_000
    tougher = NATIONAL.with_overrides(penalty_multiplier=Decimal(10))
    assert (
        assess(tougher, _unit(emissions=1_000), date(2026, 1, 5), Decimal("62.36")).penalty_fen == 62_360_000
    )
    with pytest.raises(DomainError) as e:
        NATIONAL.with_overrides(penalty_multiplier=Decimal(11))
    assert e.value.code == "bad_rule_pack"


def test_surplus_and_pledgeable_quantity_account_for_what_is_still_to_surrender():
    data = _unit(
        [SurrenderEvent(date(2024, 6, 1), 40_000)],
        eligible_holdings_t=25_000,
        pledged_t=8_000,
        frozen_t=2_000,
    )
    result = assess(SHENZHEN, data, date(2024, 7, 1))
    assert result.shortfall_t == 10_000
    assert result.carbon_position_t == 15_000 and result.surplus_t == 15_000
    assert result.pledgeable_t == 25_000 - 8_000 - 2_000 - 10_000
    assert pledgeable_t(100, 50, 40, 20) == 0  # never negative


def test_a_deficit_shows_as_a_negative_position_and_zero_surplus():
    result = assess(SHENZHEN, _unit(eligible_holdings_t=1_000), date(2024, 7, 1))
    assert (result.carbon_position_t, result.surplus_t, result.pledgeable_t) == (-49_000, 0, 0)


def test_a_loan_is_flagged_when_maturity_plus_twenty_trading_days_passes_the_deadline():
    deadline = date(2024, 8, 30)
    # 20 trading days after Fri 2024-08-02 is Fri 2024-08-30: just in time.
    assert not loan_crosses_deadline(date(2024, 8, 2), deadline)
    assert loan_crosses_deadline(date(2024, 8, 5), deadline)
    assert not loan_crosses_deadline(date(2024, 8, 5), deadline, disposal_buffer_trading_days=19)


@pytest.mark.parametrize(
    ("surplus", "reward_fen"),
    [
        (30_001, 30_000_000),
        (30_000, 20_000_000),
        (10_001, 20_000_000),
        (1_001, 10_000_000),
        (1_000, 0),
        (0, 0),
    ],
)
def test_nanshan_2016_surplus_rewards_need_strictly_more_than_each_threshold(surplus, reward_fen):
    assert surplus_reward_fen(BOOK.surplus_rewards["nanshan_2016"], surplus) == reward_fen


def test_a_rule_pack_value_without_a_source_is_refused():
    raw = {
        "packs": {
            "x": {"name_zh": "x", "name_en": "x", "allowance_kind": {"value": "SZA", "confidence": "V"}}
        }
    }
    with pytest.raises(DomainError) as e:
        parse_rule_book(raw)
    assert e.value.code == "bad_rule_pack"


def test_negative_emissions_are_refused():
    with pytest.raises(DomainError):
        assess(SHENZHEN, _unit(emissions=-1), date(2024, 9, 1))
