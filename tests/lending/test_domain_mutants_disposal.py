"""Lending edges generated mutants showed untested: the stressed disposal worked by hand, recovery with and without
extra collateral, the LPR on its publication day, band terms in order, and the breach table's grid."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tanxin.lending.domain import disposal, valuation
from tanxin.lending.domain.params import BAND_TERMS, DEFAULTS, lpr_on
from tanxin.lending.domain.risk import RiskInputs, barrier_probability, breach_table
from tanxin.lending.domain.scorecard import DEFAULT_CONFIG, parse
from tanxin.market.domain.calendar import trading_days


def test_the_first_stressed_day_is_worked_by_hand():
    # 10,000 t at 60 CNY, ADV 20,000 t, sigma 25 %: 2,000 t a day, impact 0.5 % (see test_domain_loans).
    # sigma_daily = 0.25 / sqrt(250) = 0.0158114; day 1 falls by z * sigma_daily = 2.326 * 0.0158114 = 0.036777,
    # exp(-0.036777) = 0.963891, stressed price 57.8335 CNY; 2,000 t * 57.8335 * 0.995 = 115,088.6 CNY.
    d = disposal.DisposalInput(10_000, Decimal("60"), 20_000, Decimal("0.25"), 60_000_000)
    day1 = disposal.simulate(d, DEFAULTS).days[0]
    assert 11_508_700 <= day1.stressed_fen <= 11_509_000
    assert day1.expected_fen == 11_940_000  # 2,000 * 60 * 0.995 CNY


def test_without_cash_margin_or_other_collateral_the_recovery_is_the_proceeds():
    # Proceeds 5 * 11,940,000 = 59,700,000 fen < the 60,000,000 fen debt: nothing added, nothing capped.
    r = disposal.simulate(disposal.DisposalInput(10_000, Decimal("60"), 20_000, Decimal("0.25"), 60_000_000), DEFAULTS)
    assert r.expected_recovery_fen == r.expected_proceeds_fen == 59_700_000
    assert r.expected_lgd == Decimal("0.0050")  # 1 - 59.7 / 60


def test_cash_margin_adds_to_the_stressed_recovery_too():
    plain = disposal.simulate(disposal.DisposalInput(10_000, Decimal("60"), 20_000, Decimal("0.25"), 60_000_000),
                              DEFAULTS)  # fmt: skip
    with_margin = disposal.simulate(
        disposal.DisposalInput(10_000, Decimal("60"), 20_000, Decimal("0.25"), 60_000_000, cash_margin_fen=1_000),
        DEFAULTS,
    )
    assert with_margin.stressed_recovery_fen == plain.stressed_proceeds_fen + 1_000


def test_an_lpr_applies_from_its_publication_day():
    assert lpr_on(date(2024, 7, 22)) == Decimal("0.0335")
    assert lpr_on(date(2024, 7, 21)) == Decimal("0.0345")


def test_a_better_band_gets_a_lower_spread_and_a_higher_ltv_cap():
    spreads = [BAND_TERMS[b][0] for b in "ABCD"]
    caps = [BAND_TERMS[b][1] for b in "ABCD"]
    assert spreads == sorted(spreads) and len(set(spreads)) == 4
    assert caps == sorted(caps, reverse=True) and len(set(caps)) == 4 and caps[0] < 1


def test_a_loan_starting_on_the_liquidation_line_has_certainly_touched_it():
    # ltv 1 / 1.2: B / S0 = 1.2 * (1 / 1.2) = 1 -> probability exactly 1.
    inputs = RiskInputs(sigma=0.25, tenor_years=1.0, liquidation_line=1.2)
    assert barrier_probability(inputs, 1 / 1.2 + 1e-9) == 1.0


def test_the_breach_table_runs_from_30_to_70_percent_ltv_in_steps_of_5():
    inputs = RiskInputs(sigma=0.25, tenor_years=1.0, liquidation_line=1.2)
    assert [row.ltv for row in breach_table(inputs)] == [Decimal(x) / 100 for x in (30, 35, 40, 45, 50, 55, 60, 65, 70)]


def test_annual_volatility_of_a_price_that_swings_ten_percent_worked_by_hand():
    # Closes 100, 110, 100, ... (21 of them): 20 returns of +/- ln(1.1) = +/- 0.0953102, mean 0.
    # Sample variance = 20 * 0.0953102^2 / 19 = 0.00956214; annualised sqrt(0.00956214 * 250) = 1.5461.
    first = date(2024, 1, 1)
    quotes = [valuation.Quote(first + timedelta(days=i), Decimal(100 if i % 2 == 0 else 110), 1000, 10_000_000)
              for i in range(21)]  # fmt: skip
    assert valuation.annual_volatility(quotes, first + timedelta(days=20)) == Decimal("1.5461")


def test_a_factor_without_missing_points_in_the_card_earns_nothing_for_a_missing_input():
    # The default card gives surplus_ratio no "missing_points" (0 per the module docstring), emission_trend 40.
    card = parse(DEFAULT_CONFIG, 1)
    by_code = {f.code: f for f in card.factors}
    assert by_code["surplus_ratio"].missing_points == 0
    assert by_code["emission_trend"].missing_points == 40


def test_a_price_is_stale_only_after_more_than_five_trading_days_without_a_trade():
    # Last trade on Friday 1 March 2024; five trading days later the price still counts, six days later it is old.
    last = date(2024, 3, 1)
    days = list(trading_days(last - timedelta(days=60), last))[-30:]
    rows = [valuation.Quote(d, Decimal("60.00"), 1000, 62 * 100 * 1000) for d in days]
    after = list(trading_days(last + timedelta(days=1), last + timedelta(days=30)))
    assert valuation.value_price(rows, after[4], DEFAULTS).stale_reason == ""
    assert valuation.value_price(rows, after[5], DEFAULTS).stale_reason == "old_price"
