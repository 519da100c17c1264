"""Valuation, haircut, coverage, interest, margin calls, disposal, sizing and the loan's transition table."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanxin.common.errors import DomainError
from tanxin.lending.domain import collateral, coverage, disposal, interest, margin, valuation, workflow
from tanxin.lending.domain.coverage import Exposure, Zone
from tanxin.lending.domain.params import DEFAULTS, EXCHANGE, STANDARD, LendingParams, lpr_on
from tanxin.market.domain.calendar import trading_days


def quotes(end: date, n: int, close: str = "60.00", volume: int = 1000, vwap: str = "62.00", **kw) -> list:
    days = list(trading_days(end - timedelta(days=n * 2), end))[-n:]
    out = []
    for d in days:
        vol = kw.get("volumes", {}).get(d, volume)
        out.append(valuation.Quote(d, Decimal(close), vol, int(Decimal(vwap) * 100 * vol)))
    return out


ON = date(2024, 6, 28)


def test_valuation_takes_the_lower_of_close_and_vwap():
    v = valuation.value_price(quotes(ON, 30), ON, DEFAULTS)
    assert (v.close, v.vwap, v.price, v.stale) == (Decimal("60.00"), Decimal("62.00"), Decimal("60.00"), False)
    v = valuation.value_price(quotes(ON, 30, close="65.00"), ON, DEFAULTS)
    assert v.price == Decimal("62.00")


def test_valuation_refuses_an_instrument_without_prices_or_with_a_short_history():
    with pytest.raises(DomainError) as err:
        valuation.value_price([], ON, DEFAULTS)
    assert err.value.code == "no_prices"
    with pytest.raises(DomainError) as err:
        valuation.value_price(quotes(ON, 10), ON, DEFAULTS)
    assert err.value.code == "short_price_history"


def test_a_price_untraded_for_more_than_five_trading_days_is_stale():
    rows = quotes(ON, 30)
    silent = {q.day for q in rows[-6:]}
    rows = [valuation.Quote(q.day, q.close, 0 if q.day in silent else q.volume_t,
                            0 if q.day in silent else q.turnover_fen) for q in rows]  # fmt: skip
    v = valuation.value_price(rows, ON, DEFAULTS)
    assert v.stale and v.stale_reason == "old_price"
    with pytest.raises(DomainError) as err:
        valuation.require_fresh(v)
    assert err.value.code == "stale_old_price"


def test_a_window_with_few_traded_days_is_thin():
    rows = quotes(ON, 30)
    rows = [valuation.Quote(q.day, q.close, q.volume_t if i % 3 == 0 else 0, q.turnover_fen if i % 3 == 0 else 0)
            for i, q in enumerate(rows[::-1])][::-1]  # fmt: skip
    v = valuation.value_price(rows, ON, DEFAULTS)
    assert v.stale_reason == "thin_volume"


def test_haircut_matches_the_reference_range():
    # σ 25 %, MPOR 10 → 11.63 %; σ 35 %, MPOR 20 → 23.03 % (the 12–23 % of the rules), plus the add-on
    assert valuation.haircut(Decimal("0.25"), LendingParams(liquidity_addon=Decimal(0))) == Decimal("0.1163")
    p = LendingParams(mpor_days=20, liquidity_addon=Decimal(0))
    assert valuation.haircut(Decimal("0.35"), p) == Decimal("0.2303")
    assert valuation.haircut(Decimal("0.25"), DEFAULTS) == Decimal("0.1663")


def test_pledgeable_quantity_never_goes_negative():
    assert valuation.pledgeable_quantity(100_000, 20_000, 5_000, 30_000) == 45_000
    assert valuation.pledgeable_quantity(10, 20, 0, 0) == 0


def exposure(q=100_000, price="60", cash=0, principal=3_000_000_00, accrued=0, other=0) -> Exposure:
    return Exposure(q, Decimal(price), cash, other, principal, accrued)


def test_coverage_follows_the_formula_and_classifies_by_profile():
    r = coverage.coverage(exposure())  # 100,000 t × 60 / 3 M = 2.0
    assert r == Decimal("2.0000")
    assert coverage.zone(r, STANDARD) == Zone.HEALTHY
    assert coverage.zone(Decimal("1.40"), STANDARD) == Zone.WARNING
    assert coverage.zone(Decimal("1.19"), STANDARD) == Zone.LIQUIDATION
    assert coverage.zone(Decimal("2.60"), STANDARD) == Zone.RELEASE
    assert coverage.zone(Decimal("1.40"), EXCHANGE) == Zone.HEALTHY
    assert coverage.zone(Decimal("1.60"), EXCHANGE) == Zone.RELEASE


def test_cash_and_tonnes_to_restore_bring_coverage_back_to_the_line():
    e = exposure(price="40")  # R = 1.3333
    cash = coverage.cash_to_restore(e, Decimal("1.5"))
    assert coverage.coverage(exposure(price="40", cash=cash)) >= Decimal("1.5")
    tonnes = coverage.tonnes_to_restore(e, Decimal("1.5"))
    assert coverage.coverage(exposure(q=100_000 + tonnes, price="40")) >= Decimal("1.5")
    assert coverage.breach_price(e, Decimal("1.2")) == Decimal("36.00")


@settings(max_examples=100, deadline=None)
@given(q=st.integers(1, 10**7), p1=st.decimals("0.01", "500", places=2), p2=st.decimals("0.01", "500", places=2),
       cash=st.integers(0, 10**10), principal=st.integers(1, 10**11))  # fmt: skip
def test_coverage_is_monotone_in_price(q, p1, p2, cash, principal):
    low, high = sorted((p1, p2))
    r_low = coverage.coverage(Exposure(q, low, cash, 0, principal, 0))
    r_high = coverage.coverage(Exposure(q, high, cash, 0, principal, 0))
    assert r_low <= r_high


def test_interest_is_lpr_plus_spread_accrued_actual_360():
    assert lpr_on(date(2023, 9, 1)) == Decimal("0.0345")
    assert lpr_on(date(2025, 6, 1)) == Decimal("0.0300")
    rate = interest.rate_for("B", date(2023, 9, 1))
    assert rate == Decimal("0.0405")
    # 30 M CNY for 365 days at 4.05 %, actual/360: 30,000,000 × 0.0405 × 365/360 = 1,231,875.00
    assert interest.accrued(3_000_000_000, rate, date(2023, 9, 1), date(2024, 8, 31)) == 123_187_500
    assert interest.accrued(3_000_000_000, rate, date(2023, 9, 1), date(2024, 8, 31), 365) == 121_500_000


def test_a_repayment_pays_interest_first_and_never_more_than_owed():
    assert interest.split_repayment(1000, 300, 5000) == (300, 700)
    for amount, code in ((0, "not_positive"), (-5, "not_positive"), (6000, "overpayment")):
        with pytest.raises(DomainError) as err:
            interest.split_repayment(amount, 300, 5000)
        assert err.value.code == code


def test_margin_call_opens_deepens_cures_and_expires_by_trading_days():
    fri = date(2024, 6, 28)
    d = margin.decide(Zone.WARNING, None, None, None, fri, DEFAULTS)
    assert d.action == "open" and d.level == margin.CallLevel.WARNING and d.deadline == date(2024, 7, 5)
    d = margin.decide(Zone.LIQUIDATION, margin.CallState.OPEN, margin.CallLevel.WARNING, date(2024, 7, 5),
                      date(2024, 7, 1), DEFAULTS)  # fmt: skip
    assert d.action == "deepen" and d.deadline == date(2024, 7, 3)
    assert margin.decide(Zone.HEALTHY, margin.CallState.OPEN, margin.CallLevel.WARNING, date(2024, 7, 5),
                         date(2024, 7, 2), DEFAULTS).action == "cure"  # fmt: skip
    assert margin.decide(Zone.WARNING, margin.CallState.OPEN, margin.CallLevel.WARNING, date(2024, 7, 5),
                         date(2024, 7, 8), DEFAULTS).action == "expire"  # fmt: skip
    assert margin.decide(Zone.HEALTHY, None, None, None, fri, DEFAULTS).action == "none"


def test_margin_transitions_refuse_illegal_moves_and_late_cures():
    assert margin.move(margin.CallState.OPEN, margin.CallEvent.CURE) == margin.CallState.CURED
    with pytest.raises(DomainError) as err:
        margin.move(margin.CallState.CURED, margin.CallEvent.EXPIRE)
    assert err.value.code == "illegal_margin_move"
    with pytest.raises(DomainError) as err:
        margin.require_open_window(margin.CallState.OPEN, date(2024, 7, 5), date(2024, 7, 8))
    assert err.value.code == "cure_window_closed"
    margin.require_open_window(margin.CallState.OPEN, date(2024, 7, 5), date(2024, 7, 5))


def test_disposal_sells_a_tenth_of_daily_volume_with_square_root_slippage():
    d = disposal.DisposalInput(10_000, Decimal("60"), 20_000, Decimal("0.25"), 60_000_000)
    r = disposal.simulate(d, DEFAULTS)
    assert r.trading_days == 5 and all(day.quantity_t == 2000 for day in r.days)
    # impact = 1.0 × 0.25/√250 × √0.1 = 0.5 %
    assert r.days[0].impact == Decimal("0.005000")
    assert r.expected_proceeds_fen == 5 * int(2000 * 60 * 100 * Decimal("0.995"))
    assert r.stressed_proceeds_fen < r.expected_proceeds_fen
    assert Decimal(0) <= r.expected_lgd <= r.stressed_lgd <= Decimal(1)


def test_disposal_recovery_is_capped_at_the_debt():
    d = disposal.DisposalInput(10_000, Decimal("60"), 20_000, Decimal("0.25"), 10_000, cash_margin_fen=500)
    r = disposal.simulate(d, DEFAULTS)
    assert r.expected_recovery_fen == 10_000 and r.expected_lgd == Decimal("0.0000")
    with pytest.raises(DomainError):
        disposal.simulate(disposal.DisposalInput(10, Decimal("60"), 0, Decimal("0.25"), 100), DEFAULTS)


def test_sizing_takes_the_tightest_limit_and_adds_other_collateral():
    guarantee = collateral.OtherItem("guarantee", 1_000_000_000, Decimal("0.20"))
    s = collateral.size(300_000, Decimal("60"), Decimal("0.1663"), Decimal("0.4971"), Decimal("0.50"), (guarantee,))
    assert s.binding == "target_probability" and s.advance_rate == Decimal("0.4971")
    assert s.allowance_value_fen == 1_800_000_000
    assert s.max_loan_fen == int(1_800_000_000 * Decimal("0.4971")) + 800_000_000
    collateral.check_amount(s.max_loan_fen, s)
    with pytest.raises(DomainError) as err:
        collateral.check_amount(s.max_loan_fen + 1, s)
    assert err.value.code == "exceeds_collateral"
    with pytest.raises(DomainError):
        collateral.OtherItem("car", 100, Decimal("0.1"))


def test_compliance_conflict_counts_twenty_trading_days_past_maturity():
    deadline = date(2024, 8, 30)
    assert collateral.compliance_conflict(date(2024, 8, 15), deadline, 20)
    assert not collateral.compliance_conflict(date(2024, 7, 1), deadline, 20)
    assert not collateral.compliance_conflict(date(2024, 8, 15), None, 20)


def test_the_loan_moves_only_along_its_table_and_by_its_owner():
    s = workflow.State
    assert workflow.step(s.CONTRACTED, "register_pledge", workflow.Role.BUREAU) == s.PLEDGED
    with pytest.raises(DomainError) as err:
        workflow.step(s.CONTRACTED, "register_pledge", workflow.Role.BANK)
    assert err.value.code == "wrong_role"
    with pytest.raises(DomainError) as err:
        workflow.step(s.APPLIED, "disburse", workflow.Role.BANK)
    assert err.value.code == "wrong_state"
    assert workflow.allowed_actions(s.LIVE, workflow.Role.BANK) == ["repay", "default"]


def test_an_escalated_call_opens_no_new_call_the_bank_decides():
    d = margin.decide(Zone.LIQUIDATION, margin.CallState.ESCALATED, margin.CallLevel.WARNING, date(2024, 7, 5),
                      date(2024, 7, 9), DEFAULTS)  # fmt: skip
    assert d.action == "none"
