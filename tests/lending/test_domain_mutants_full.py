"""Edges the full mutation run of the lending domain found untested: collateral items and sizing, coverage and
its zones, restoring cover, the breach price, and the disposal's refusals, each worked by hand."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from tanxin.common.errors import DomainError
from tanxin.lending.domain import collateral, coverage, disposal, interest, margin, risk, workflow
from tanxin.lending.domain.coverage import Exposure, Zone
from tanxin.lending.domain.params import DEFAULTS, OTHER_HAIRCUTS, STANDARD, MarginProfile, lpr_on
from tests.lending.domain_builders import code_of

D = Decimal




@pytest.mark.parametrize(
    ("face", "haircut", "code"),
    [
        (1, D(0), None),  # one fen of deposit, no haircut
        (0, D("0.20"), "not_positive"),
        (100, D("0.99"), None),
        (100, D(1), "bad_haircut"),  # a 100 % haircut recognises nothing: not a collateral
        (100, D("-0.01"), "bad_haircut"),
    ],
)
def test_another_collateral_item_needs_a_positive_face_and_a_haircut_below_one(face, haircut, code):
    assert code_of(lambda: collateral.OtherItem("deposit", face, haircut)) == code


def test_another_items_recognised_value_is_rounded_down_to_the_fen():
    # 1,001 x (1 - 0.30) = 700.7 fen -> 700.
    assert collateral.OtherItem("receivable", 1_001, D("0.30")).recognised_fen == 700


def test_sizing_takes_the_haircut_when_it_is_the_tightest_limit():
    # 100 t x 60 yuan = 600,000 fen; limits: 1 - 0.20 = 0.80, solved 0.90, band 0.95 -> 0.80, 480,000 fen.
    s = collateral.size(100, D("60"), D("0.20"), D("0.90"), D("0.95"))
    assert (s.binding, s.advance_rate, s.allowance_value_fen, s.allowance_recognised_fen) == (
        "haircut", D("0.80"), 600_000, 480_000)


def test_sizing_rounds_the_value_and_the_recognised_amount_down():
    # 3 t x 33.333 yuan x 100 = 9,999.9 fen -> 9,999; x 0.80 = 7,999.2 -> 7,999.
    s = collateral.size(3, D("33.333"), D("0.20"), D("0.90"), D("0.95"))
    assert (s.allowance_value_fen, s.allowance_recognised_fen) == (9_999, 7_999)


def test_sizing_and_amounts_refuse_nothing_and_accept_one():
    assert code_of(lambda: collateral.size(0, D("60"), D("0.2"), D("0.9"), D("0.95"))) == "not_positive"
    s = collateral.size(1, D("60"), D("0.20"), D("0.90"), D("0.95"))  # 6,000 fen x 0.80 = 4,800
    assert s.max_loan_fen == 4_800
    assert code_of(lambda: collateral.check_amount(0, s)) == "not_positive"
    assert code_of(lambda: collateral.check_amount(1, s)) is None


def test_a_loan_disposable_exactly_by_the_deadline_is_no_conflict():
    # Monday 3 June 2024 + 20 trading days (Dragon Boat Festival on 10 June skipped) = Tuesday 2 July.
    assert collateral.compliance_conflict(date(2024, 6, 3), None, 20) is False
    assert collateral.compliance_conflict(date(2024, 6, 3), date(2024, 7, 2), 20) is False
    assert collateral.compliance_conflict(date(2024, 6, 3), date(2024, 7, 1), 20) is True


def exposure(q=1_000, price="60", cash=500_000, other=1_500_000, principal=4_000_000, accrued=1_000_000) -> Exposure:
    return Exposure(q, D(price), cash, other, principal, accrued)


def test_coverage_adds_cash_and_other_collateral_over_principal_and_interest():
    # (1,000 t x 60 x 100 + 500,000 + 1,500,000) / (4,000,000 + 1,000,000) = 8,000,000 / 5,000,000 = 1.6000.
    assert coverage.coverage(exposure()) == D("1.6000")


def test_coverage_is_rounded_half_up_to_four_places():
    # 2 / 3 = 0.66666... -> 0.6667.
    assert coverage.coverage(exposure(q=0, price="0", cash=2, other=0, principal=3, accrued=0)) == D("0.6667")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"q": 0, "price": "0"}, None),  # cash and other collateral alone
        ({"q": -1}, "negative_collateral"),
        ({"price": "-0.01"}, "negative_collateral"),
        ({"cash": -1}, "negative_collateral"),
        ({"principal": 0, "accrued": 0}, "no_debt"),
    ],
)
def test_coverage_refuses_negative_collateral_and_a_loan_owing_nothing(fields, code):
    assert code_of(lambda: coverage.coverage(exposure(**fields))) == code


@pytest.mark.parametrize(("ratio", "zone"), [("1.1999", Zone.LIQUIDATION), ("1.20", Zone.WARNING),
                                             ("1.4999", Zone.WARNING), ("1.50", Zone.HEALTHY),
                                             ("2.50", Zone.HEALTHY), ("2.5001", Zone.RELEASE)])  # fmt: skip
def test_a_ratio_on_a_line_belongs_to_the_better_side_except_the_release_line(ratio, zone):
    assert coverage.zone(D(ratio), STANDARD) == zone


def test_cash_and_tonnes_to_restore_worked_by_hand():
    # Target 1.90: 1.90 x 5,000,000 - 8,000,000 = 1,500,000 fen of cash, or 1,500,000 / (60 x 100) = 250 t.
    assert coverage.cash_to_restore(exposure(), D("1.90")) == 1_500_000
    assert coverage.tonnes_to_restore(exposure(), D("1.90")) == 250
    assert coverage.cash_to_restore(exposure(), D("1.50")) == 0  # already above: nothing, never negative
    assert code_of(lambda: coverage.tonnes_to_restore(exposure(price="0"), D("1.90"))) == "no_prices"


def test_the_breach_price_worked_by_hand():
    # Line 1.20: 1.20 x 5,000,000 - 500,000 - 1,500,000 = 4,000,000 fen over 1,000 t x 100 = 40.00 yuan.
    assert coverage.breach_price(exposure(), D("1.20")) == D("40.00")
    # 200 t carrying 246,900 fen alone at line 1: 246,900 / 20,000 = 12.345 -> 12.35 (half-up).
    assert coverage.breach_price(exposure(q=200, cash=0, other=0, principal=246_900, accrued=0), D(1)) == D("12.35")
    # Cash and other collateral already cover the line: the price may fall to 0, not below.
    assert coverage.breach_price(exposure(cash=9_000_000), D("1.20")) == D("0.00")
    assert coverage.breach_price(exposure(q=0), D("1.20")) is None
    assert coverage.breach_price(exposure(q=1, cash=0, other=0, principal=100, accrued=0), D(1)) == D("1.00")


def test_disposal_refuses_what_it_cannot_simulate_and_accepts_nothing_left_to_sell():
    base = dict(quantity_t=100, price=D("60"), adv_t=1_000, sigma=D("0.30"), debt_fen=1_000_000)
    for bad, code in (({"quantity_t": -1}, "bad_disposal_input"), ({"debt_fen": 0}, "bad_disposal_input"),
                      ({"price": D(0)}, "bad_disposal_input"), ({"adv_t": 0}, "no_volume")):  # fmt: skip
        assert code_of(lambda bad=bad: disposal.simulate(disposal.DisposalInput(**{**base, **bad}), DEFAULTS)) == code
    # Nothing pledged left: no sale, the cash margin alone recovers 300,000 of 1,000,000 -> LGD 0.7000.
    r = disposal.simulate(disposal.DisposalInput(**{**base, "quantity_t": 0, "cash_margin_fen": 300_000}), DEFAULTS)
    assert (r.trading_days, r.expected_recovery_fen, r.expected_lgd) == (0, 300_000, D("0.7000"))


def test_a_thin_market_still_sells_one_tonne_a_day():
    # 10 % of an ADV of 5 t is 0.5 t, below one tonne: one tonne a day, so 3 t take 3 days.
    r = disposal.simulate(disposal.DisposalInput(3, D("60"), 5, D("0.30"), 1_000_000), DEFAULTS)
    assert [d.quantity_t for d in r.days] == [1, 1, 1]
    one = disposal.simulate(disposal.DisposalInput(3, D("60"), 1, D("0.30"), 1_000_000), DEFAULTS)
    assert one.trading_days == 3  # an ADV of one tonne is still volume


def test_the_days_of_a_disposal_are_numbered_from_one_and_the_stressed_price_falls_each_day():
    # 300 t at 100 t a day (10 % of an ADV of 1,000 t): three equal days; the stress z·σ·√n deepens with n.
    r = disposal.simulate(disposal.DisposalInput(300, D("60"), 1_000, D("0.30"), 10_000_000), DEFAULTS)
    assert [d.day for d in r.days] == [1, 2, 3]
    stressed = [d.stressed_fen for d in r.days]
    assert stressed[0] > stressed[1] > stressed[2]


def test_the_price_impact_never_exceeds_the_whole_price():
    # σ = 2,000 % a year: σ_daily = 20 / √250 = 1.26, impact 1.0 x 1.26 x √(1 / 1) > 1, so it stops at 1: nothing back.
    r = disposal.simulate(disposal.DisposalInput(1, D("60"), 1, D("20"), 1_000_000), DEFAULTS)
    assert (r.days[0].impact, r.days[0].expected_fen, r.expected_proceeds_fen) == (D(1), 0, 0)


def test_cash_margin_and_other_recovery_both_add_to_the_recovery():
    # Nothing left to sell: 300,000 + 200,000 = 500,000 of 1,000,000 recovered, LGD 0.5000.
    r = disposal.simulate(disposal.DisposalInput(0, D("60"), 1_000, D("0.30"), 1_000_000, 300_000, 200_000), DEFAULTS)
    assert (r.expected_recovery_fen, r.stressed_recovery_fen, r.expected_lgd) == (500_000, 500_000, D("0.5000"))


def test_proceeds_and_lgd_are_rounded_half_up():
    # A market that never moves (σ = 0): no impact, no stress; 1 t x 60.006 yuan = 6,000.6 fen -> 6,001.
    r = disposal.simulate(disposal.DisposalInput(1, D("60.006"), 1_000, D(0), 1_000_000), DEFAULTS)
    assert (r.expected_proceeds_fen, r.stressed_proceeds_fen) == (6_001, 6_001)
    # 1 fen of cash on a debt of 3 fen: LGD 1 - 1/3 = 0.66666... -> 0.6667.
    tiny = disposal.DisposalInput(0, D("60"), 1_000, D(0), 3, 1)
    assert disposal.simulate(tiny, DEFAULTS).expected_lgd == D("0.6667")


def test_interest_refuses_unknown_bands_day_counts_and_negative_inputs():
    assert code_of(lambda: interest.rate_for("E", date(2025, 6, 1))) == "unknown_band"
    assert code_of(lambda: interest.accrued(100, D("0.03"), date(2025, 1, 1), date(2025, 2, 1), basis=364)) == (
        "bad_day_count")
    for principal, rate in ((-1, D("0.03")), (100, D("-0.0001"))):
        assert code_of(lambda p=principal, r=rate: interest.accrued(p, r, date(2025, 1, 1), date(2025, 2, 1))) == (
            "not_positive")
    # Nothing lent or a zero rate accrue nothing; an end before the start counts no days.
    assert interest.accrued(0, D("0.03"), date(2025, 1, 1), date(2025, 2, 1)) == 0
    assert interest.accrued(1_000_000, D(0), date(2025, 1, 1), date(2025, 2, 1)) == 0
    assert interest.accrued(1_000_000, D("0.03"), date(2025, 2, 1), date(2025, 1, 1)) == 0


def test_one_days_interest_is_rounded_half_up_to_the_fen():
    # 1,000,000 fen x 3.45 % x 1 / 360 = 95.83 fen -> 96.
    assert interest.accrued(1_000_000, D("0.0345"), date(2025, 1, 1), date(2025, 1, 2)) == 96


def test_a_repayment_of_one_fen_or_of_everything_owed_is_accepted():
    assert interest.split_repayment(1, 10, 100) == (1, 0)
    assert interest.split_repayment(110, 10, 100) == (10, 100)
    assert code_of(lambda: interest.split_repayment(111, 10, 100)) == "overpayment"
    assert code_of(lambda: interest.split_repayment(0, 10, 100)) == "not_positive"


def test_a_call_that_is_not_open_takes_no_cure():
    assert code_of(lambda: margin.require_open_window(margin.CallState.CURED, date(2025, 6, 10), date(2025, 6, 9))) == (
        "call_not_open")


def test_an_open_call_still_below_the_line_waits_until_its_deadline_has_passed():
    deadline = date(2025, 6, 10)
    for today in (date(2025, 6, 9), deadline):  # before and on the deadline: nothing to do yet
        assert margin.decide(Zone.WARNING, margin.CallState.OPEN, margin.CallLevel.WARNING, deadline, today,
                             DEFAULTS) == margin.Decision("none")  # fmt: skip
    assert margin.decide(Zone.WARNING, margin.CallState.OPEN, margin.CallLevel.WARNING, deadline, date(2025, 6, 11),
                         DEFAULTS) == margin.Decision("expire", margin.CallLevel.WARNING)  # fmt: skip


@pytest.mark.parametrize(("warning", "liquidation", "release"), [("1.50", "0", "2.50"), ("1.50", "1.50", "2.50"),
                                                                 ("2.50", "1.20", "2.50")])  # fmt: skip
def test_margin_lines_must_start_above_zero_and_rise_strictly(warning, liquidation, release):
    with pytest.raises(ValueError):
        MarginProfile("bad", D(warning), D(liquidation), D(release), "M")


def test_a_liquidation_line_just_above_zero_is_accepted():
    assert MarginProfile("thin", D("1.50"), D("0.01"), D("2.50"), "M").liquidation == D("0.01")


@pytest.mark.parametrize(("day", "rate"), [(date(2024, 7, 21), "0.0345"), (date(2024, 7, 22), "0.0335"),
                                           (date(2024, 10, 20), "0.0335"), (date(2024, 10, 21), "0.0310"),
                                           (date(2024, 12, 1), "0.0310"), (date(2025, 5, 19), "0.0310"),
                                           (date(2025, 5, 20), "0.0300")])  # fmt: skip
def test_each_lpr_applies_from_its_effective_day_until_the_next(day, rate):
    assert lpr_on(day) == D(rate)


def test_the_loan_desks_defaults_are_listed_with_their_tags():
    listed = {p.key: (p.value, p.tag) for p in DEFAULTS.listing()}
    assert listed["vwap_days"] == (20, "M") and listed["min_traded_days"] == (10, "M")
    assert listed["target_breach_probability"] == (D("0.05"), "M") and listed["day_count_basis"] == (360, "M")
    assert listed["disposal_buffer_trading_days"] == (20, "V") and listed["var_z"] == (D("2.326"), "V")
    assert len(listed) == 15


def test_the_proposed_band_d_spread_and_other_haircuts():
    # Band D: LPR 3.00 % (from 20 May 2025) + 1.50 % = 4.50 %.
    assert interest.rate_for("D", date(2025, 6, 1)) == D("0.0450")
    assert OTHER_HAIRCUTS == {"guarantee": D("0.20"), "receivable": D("0.30"), "deposit": D(0)}


def test_before_the_table_starts_the_first_published_lpr_applies():
    assert lpr_on(date(2020, 1, 1)) == D("0.0345")


def test_a_one_year_simulation_monitors_250_trading_days_over_100_000_seeded_paths():
    # Line 2.0 x LTV 0.5 = 1: the loan starts on the line, so the result comes back without simulating.
    result = risk.monte_carlo_probability(risk.RiskInputs(sigma=0.25, tenor_years=1.0, liquidation_line=2.0), 0.5)
    assert (result.probability, result.steps, result.paths, result.seed) == (1.0, 250, 100_000, 20240501)
    assert result.standard_error == 0.0  # certain: no sampling error


def test_risk_inputs_must_be_positive_and_small_ones_are():
    for bad in ({"sigma": 0.0}, {"tenor_years": 0.0}, {"liquidation_line": 0.0}):
        with pytest.raises(DomainError):
            risk.RiskInputs(**{"sigma": 0.25, "tenor_years": 0.5, "liquidation_line": 0.9, **bad})
    assert risk.RiskInputs(sigma=0.25, tenor_years=0.5, liquidation_line=0.9).tenor_years == 0.5


def test_a_loan_starting_exactly_on_the_line_has_touched_it_under_daily_monitoring_too():
    # Line 2.0 x LTV 0.5 = 1.0 exactly: certain, whatever the discrete-monitoring shift.
    inputs = risk.RiskInputs(sigma=0.25, tenor_years=1.0, liquidation_line=2.0)
    assert risk.barrier_probability(inputs, 0.5, daily=True) == 1.0
    assert risk.barrier_probability(inputs, 0.5) == 1.0


def test_a_quarter_year_at_a_given_volatility_breaches_like_a_year_at_half_of_it():
    # Time change: a GBM over T years with σ and drift μ has the path law of one over 1 year with σ√T and μT,
    # so P(σ = 0.30, μ = 0.10, T = 0.25) = P(σ = 0.15, μ = 0.025, T = 1).
    quarter = risk.RiskInputs(sigma=0.30, tenor_years=0.25, liquidation_line=1.2, drift=0.10)
    year = risk.RiskInputs(sigma=0.15, tenor_years=1.0, liquidation_line=1.2, drift=0.025)
    assert risk.barrier_probability(quarter, 0.6) == pytest.approx(risk.barrier_probability(year, 0.6), rel=1e-12)
    # With no net drift (μ = σ²/2) the reflection principle gives 2Φ(b / (σ√T)): b = ln(1.2 x 0.75) = ln 0.9.
    flat = risk.RiskInputs(sigma=0.20, tenor_years=0.25, liquidation_line=1.2, drift=0.02)
    expected = 2 * risk.normal_cdf(math.log(0.9) / (0.20 * 0.5))
    assert risk.barrier_probability(flat, 0.75) == pytest.approx(expected, rel=1e-12)


def test_a_target_probability_of_zero_or_one_is_refused():
    inputs = risk.RiskInputs(sigma=0.25, tenor_years=1.0, liquidation_line=1.2)
    for target in (0.0, 1.0):
        assert code_of(lambda t=target: risk.solve_ltv(inputs, t)) == "bad_target"


def test_under_a_line_below_one_the_solved_ltv_may_exceed_the_line_itself():
    # σ = 5 % over a quarter with a liquidation line of 0.90: loans up to 1 / 0.9 = 1.11 of the value are possible;
    # the largest LTV on the 0.0001 grid whose breach probability stays at or under 5 % lies above 0.90.
    inputs = risk.RiskInputs(sigma=0.05, tenor_years=0.25, liquidation_line=0.9)
    ltv = risk.solve_ltv(inputs, 0.05)
    assert D("0.9") < ltv < D(1) / D("0.9")
    assert risk.barrier_probability(inputs, float(ltv)) <= 0.05 < risk.barrier_probability(inputs, float(ltv) + 0.0001)


def test_an_ltv_whose_breach_probability_equals_the_target_exactly_is_allowed():
    # "Does not exceed the target": take the target to be exactly P(0.5000); 0.5000 itself is then the answer.
    inputs = risk.RiskInputs(sigma=0.25, tenor_years=1.0, liquidation_line=1.2)
    target = risk.barrier_probability(inputs, 0.5)
    assert risk.solve_ltv(inputs, target) == D("0.5000")


def test_a_tenor_shorter_than_half_a_trading_day_is_still_monitored_once():
    # 0.001 year x 250 = 0.25 steps, rounded to 0: at least one step is simulated.
    short = risk.RiskInputs(sigma=0.25, tenor_years=0.001, liquidation_line=2.0)
    assert risk.monte_carlo_probability(short, 0.5).steps == 1


def test_a_simulation_counts_every_path_once():
    # A price drifting down 50 a year (-0.2 a day, σ 0.6 % a day) breaches on every path; drifting up, on none.
    down = risk.RiskInputs(sigma=0.1, tenor_years=1.0, liquidation_line=1.2, drift=-50.0)
    up = risk.RiskInputs(sigma=0.1, tenor_years=1.0, liquidation_line=1.2, drift=50.0)
    assert risk.monte_carlo_probability(down, 0.5, paths=1_000, chunk=300).probability == 1.0
    assert risk.monte_carlo_probability(up, 0.5, paths=1_000, chunk=300).probability == 0.0
    # A chunk larger than the run simulates only the paths asked for.
    assert risk.monte_carlo_probability(down, 0.5, paths=1_000, chunk=2_000).probability == 1.0


def test_the_standard_error_is_the_binomial_one_with_a_floor_at_certainty():
    # p = 1 exactly: √(max(0, 10⁻¹²) / 1,000) = √(10⁻¹⁵), not 0.
    down = risk.RiskInputs(sigma=0.1, tenor_years=1.0, liquidation_line=1.2, drift=-50.0)
    certain = risk.monte_carlo_probability(down, 0.5, paths=1_000, chunk=300)
    assert certain.standard_error == pytest.approx(math.sqrt(1e-12 / 1_000), rel=1e-12)
    # A partial result: √(p (1 - p) / n).
    some = risk.monte_carlo_probability(risk.RiskInputs(sigma=0.3, tenor_years=0.1, liquidation_line=1.2), 0.7,
                                        paths=997)  # fmt: skip
    p = some.probability
    assert 0 < p < 1
    assert some.standard_error == pytest.approx(math.sqrt(p * (1 - p) / 997), rel=1e-12)


def test_the_breach_tables_daily_column_uses_the_discrete_monitoring_shift():
    inputs = risk.RiskInputs(sigma=0.25, tenor_years=1.0, liquidation_line=1.2)
    row = risk.breach_table(inputs, (D("0.60"),))[0]
    assert row.daily == risk.barrier_probability(inputs, 0.6, daily=True) < row.continuous



def test_a_loan_may_be_declined_or_withdrawn_from_application_up_to_approval():
    S, R = workflow.State, workflow.Role
    for state in (S.APPLIED, S.SCREENED, S.VALUED, S.APPROVED):
        assert workflow.step(state, "decline", R.BANK) == S.DECLINED
        assert workflow.step(state, "withdraw", R.ENTERPRISE) == S.WITHDRAWN
    assert code_of(lambda: workflow.step(S.CONTRACTED, "withdraw", R.ENTERPRISE)) == "wrong_state"
    assert code_of(lambda: workflow.step(S.APPLIED, "teleport", R.BANK)) == "unknown_action"


def test_cheap_allowances_and_a_debt_of_one_fen_are_still_valued():
    # At 1 yuan a tonne: collateral 1,000 x 1 x 100 + 500,000 + 1,500,000 = 2,100,000 fen; to reach 1.50 of
    # 5,000,000 takes 7,500,000 - 2,100,000 = 5,400,000 fen, i.e. 5,400,000 / 100 = 54,000 t.
    assert coverage.tonnes_to_restore(exposure(price="1"), D("1.50")) == 54_000
    # A debt of one fen, allowances at 0.50 yuan: 2 t sell for 100 fen, recovery capped at the 1 fen owed.
    r = disposal.simulate(disposal.DisposalInput(2, D("0.50"), 1_000, D(0), 1), DEFAULTS)
    assert (r.expected_proceeds_fen, r.expected_recovery_fen, r.expected_lgd) == (100, 1, D("0.0000"))


def test_a_path_that_falls_exactly_onto_the_line_has_touched_it():
    # One monitored day (0.004 year x 250), no volatility to speak of, a drift that takes the log price down by
    # exactly ln 0.5 in that day; line 1.0 at LTV 0.5 puts the barrier at ln 0.5: every path touches it.
    halving = risk.RiskInputs(sigma=1e-300, tenor_years=0.004, liquidation_line=1.0, drift=math.log(0.5) / 0.004)
    assert risk.monte_carlo_probability(halving, 0.5, paths=10).probability == 1.0
    assert risk.monte_carlo_probability(halving, 0.49, paths=10).probability == 0.0  # the line lies below the path
