"""The pool projection and its vector twin, the pool rules (eligibility, subsidy, the standard template), tranche
measures and trigger formulas, where the securitisation domain's full mutation run showed figures no test pinned:
rounding taken back from prepayments, defaults of the assumptions, annuity fractions, unpledged and one-tonne
loans on paths, a horizon cut short, undefined trigger arithmetic."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from tanxin.securitisation.domain import base, formula, pool, structure, templates, vectorpool
from tanxin.securitisation.domain.analytics import measure
from tanxin.securitisation.domain.eligibility import Candidate, Rules, Verdict, check_loan
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.ops import ArrayOps, ExactOps
from tanxin.securitisation.domain.pool import Assumptions, Loan, smm
from tanxin.securitisation.domain.subsidy import Terms, subsidy

KEYS = ("opening", "interest", "scheduled", "prepaid", "defaulted", "recovered", "loss", "closing")


def on_paths(loans, a: Assumptions, mdr_rows, paths: int = 2):
    """The vector projection of the same pool on ``paths`` identical paths (a named default is an MDR of 1)."""
    mdr = np.array([mdr_rows] * paths, dtype=float)
    price = np.array([[float(pool.price_at(a, t)) for t in range(mdr.shape[1] + 1)]] * paths)
    return vectorpool.project(loans, mdr, float(smm(a.cpr)), price, float(a.slippage), a.recovery_lag)


def assert_same_flows(exact, vector):
    for key in KEYS:
        assert [x.tolist() for x in getattr(vector, key)] == [[float(v)] * 2 for v in getattr(exact, key)], key


def refused(code, fn, *args, **kw):
    with pytest.raises(StructureError) as caught:
        fn(*args, **kw)
    assert caught.value.code == code
    return caught.value


# -- rounding taken back, exact and on paths -----------------------------------------------------------------------
CPR_50 = Decimal("0.5")  # SMM = 1 - 0.5^(1/12) = 0.0561257


def test_a_rounding_excess_is_taken_back_from_the_months_prepayment_first():
    # 10 fen bullet over three months, CPR 50 %. Month 1: 10 × 0.0561257 = 0.561 prepays (1 fen), 9.439 is left
    # (9 fen). Month 2: 9.439 × 0.0561257 = 0.530 prepays (1 fen) and 8.909 is left (9 fen): 9 closing + 1 prepaid
    # is one fen more than the 9 that opened, so the fen comes back out of the prepayment (0) and nothing is
    # scheduled. Month 3: the bullet pays the 9 fen.
    flows = pool.project([Loan("x", 10, 0, 3)], Assumptions(cpr=CPR_50, recovery_lag=0))
    assert flows.opening == [10, 9, 9]
    assert flows.prepaid == [1, 0, 0]
    assert flows.scheduled == [0, 0, 9]
    assert flows.defaulted == [0, 0, 0]
    assert flows.closing == [9, 9, 0]


def test_on_paths_a_rounding_excess_is_taken_back_from_the_prepayment_as_in_the_exact_projection():
    loan, a = Loan("x", 10, 0, 3), Assumptions(cpr=CPR_50, recovery_lag=0)
    exact = pool.project([loan], a)
    assert exact.prepaid == [1, 0, 0]  # the case above
    assert_same_flows(exact, on_paths([loan], a, [0.0, 0.0, 0.0]))


def test_on_paths_a_rounding_excess_with_no_prepayment_is_taken_back_from_defaults_as_in_the_exact_projection():
    # 28 fen bullet, CDR 20 % (MDR 0.0184235): month 2 defaults 0.5064 (1 fen) with 26.9778 left (27 fen), one fen
    # more than the 27 that opened; nothing prepaid, so the default gives the fen back and is 0.
    loan, a = Loan("x", 28, 0, 3), Assumptions(cdr=Decimal("0.2"), recovery_lag=0)
    exact = pool.project([loan], a)
    assert exact.defaulted == [1, 0, 0]
    assert_same_flows(exact, on_paths([loan], a, [float(smm(a.cdr))] * 3))


def test_an_exact_half_fen_left_after_a_year_of_prepayment_rounds_half_even():
    # CPR 50 %: after twelve months (1 - SMM)^12 = 1 - CPR = 0.5 of a bullet is left, so 3 fen leave exactly 1.5 fen
    # (rounded half-even: 2) and 17 fen leave exactly 8.5 fen (8), never a forty-digit hair either side of the tie.
    for balance, left in ((3, 2), (17, 8)):
        flows = pool.project([Loan("x", balance, 0, 13)], Assumptions(cpr=CPR_50, recovery_lag=0))
        assert flows.closing[11] == left, balance


# -- recoveries on paths -------------------------------------------------------------------------------------------
def test_on_paths_a_loan_with_no_pledge_and_no_guarantee_recovers_nothing_however_high_the_price():
    # 100 fen defaults whole in month 1; no tonnes, no guarantee: min(100, 0 × 1,000 + 0) = 0 fen comes back a
    # month later and all 100 fen are lost, even though one tonne (1,000 fen) would cover it ten times.
    loan = Loan("x", 100, 0, 1)
    a = Assumptions(recovery_lag=1, price_fen=Decimal(1000), slippage=Decimal(0), defaults=(("x", 1),))
    exact = pool.project([loan], a)
    assert exact.recovered == [0, 0] and exact.loss == [0, 100]
    assert_same_flows(exact, on_paths([loan], a, [1.0, 0.0]))


def test_on_paths_a_single_pledged_tonne_is_sold_for_its_price():
    # 100,000 fen with one tonne pledged defaults whole; a month later the tonne fetches 3,000 fen (no slippage).
    loan = Loan("x", 100_000, 0, 1, pledged_t=1)
    a = Assumptions(recovery_lag=1, price_fen=Decimal(3000), slippage=Decimal(0), defaults=(("x", 1),))
    exact = pool.project([loan], a)
    assert exact.recovered == [0, 3_000] and exact.loss == [0, 97_000]
    assert_same_flows(exact, on_paths([loan], a, [1.0, 0.0]))


def test_on_paths_cut_short_a_recovery_due_after_the_last_period_is_left_out():
    # 1,000 fen bullet over two months, fully guaranteed, defaults whole in month 2 on two periods of paths: with a
    # one-month lag its recovery falls in month 3, which these paths do not have, so none is counted.
    loan = Loan("x", 1_000, 0, 2, guarantee_ppm=1_000_000)
    flows = vectorpool.project([loan], np.array([[0.0, 1.0]] * 2), 0.0, np.zeros((2, 3)), 0.0, 1)
    assert [x.tolist() for x in flows.defaulted] == [[0.0, 0.0], [1_000.0, 1_000.0]]
    assert [x.tolist() for x in flows.recovered] == [[0.0, 0.0], [0.0, 0.0]]


# -- the exact projection's pieces ---------------------------------------------------------------------------------
def test_without_a_price_a_pledged_loan_recovers_nothing_from_its_tonnes():
    # The default carbon price is 0 fen a tonne: 10 pledged tonnes of a defaulted 50,000 fen bring back nothing.
    flows = pool.project([Loan("x", 50_000, 0, 1, pledged_t=10)], Assumptions(recovery_lag=1, defaults=(("x", 1),)))
    assert flows.recovered == [0, 0] and flows.loss == [0, 50_000]


def test_after_its_last_month_a_loan_has_no_scheduled_principal():
    loan = Loan("x", 1_000, 60_000, 3, "linear")
    assert pool.schedule_fraction(loan, 3) == 1
    assert pool.schedule_fraction(loan, 4) == 0


def test_an_annuity_at_one_percent_a_month_repays_its_first_month_as_a_two_month_annuity_does():
    # r = 120,000 ppm / 12 = 1 % a month; two months left: r / ((1 + r)^2 - 1) = 0.01 / 0.0201 = 100 / 201.
    fraction = pool.schedule_fraction(Loan("x", 20_100, 120_000, 2, "annuity"), 1)
    assert abs(fraction - Decimal(100) / Decimal(201)) < Decimal("1e-25")
    flows = pool.project([Loan("x", 20_100, 120_000, 2, "annuity")], Assumptions(recovery_lag=0))
    assert flows.scheduled == [10_000, 10_100]  # 20,100 × 100 / 201; then the rest
    assert flows.interest == [201, 101]


def test_an_annuity_without_interest_repays_in_equal_parts_like_a_linear_loan():
    loan = Loan("x", 1_200, 0, 4, "annuity")
    assert [pool.schedule_fraction(loan, t) for t in (1, 2, 3, 4)] == [Decimal(1) / 4, Decimal(1) / 3,
                                                                       Decimal(1) / 2, 1]  # fmt: skip
    assert pool.project([loan], Assumptions(recovery_lag=0)).scheduled == [300, 300, 300, 300]


def test_the_monthly_rate_is_given_to_forty_decimal_places():
    # 1 - 0.8^(1/12) = 0.01842347012624832637366863402459521692683021…, cut to forty places.
    assert smm(Decimal("0.2")) == Decimal("0.0184234701262483263736686340245952169268")


def test_the_carbon_price_after_a_drift_is_given_to_forty_significant_digits():
    # 3,000 fen drifting 5 % a year for a year: 3,000 × e^0.05 = 3,153.81328912807211909255290900693566052446…
    a = Assumptions(price_fen=Decimal(3000), price_drift=Decimal("0.05"))
    assert pool.price_at(a, 12) == Decimal("3153.813289128072119092552909006935660525")


# -- the base case -------------------------------------------------------------------------------------------------
def test_a_base_case_whose_tranches_exceed_the_pool_is_refused_with_both_amounts():
    s = structure.read(templates.standard(200_000))  # read without a pool: 174,000 + 26,000 fen of tranches
    error = refused("tranches_exceed_pool", base.run, [Loan("x", 100_000, 60_000, 12)], Assumptions(), s)
    assert error.details == {"tranches_fen": 200_000, "pool_fen": 100_000}


def test_a_floating_coupon_pays_the_default_three_percent_lpr_over_its_margin():
    # Senior A 174,000 fen, floating at LPR + 0: 174,000 × 300 bp / 12 = 435 fen of interest in month 1 (the pool
    # pays 1 % a month of 200,000 fen = 2,000 fen, enough for the 50 fen fee and the coupon).
    data = templates.standard(200_000)
    data["tranches"][0] |= {"rate_type": "floating", "coupon_bp": 0}
    case = base.run([Loan("x", 200_000, 120_000, 12)], Assumptions(), structure.read(data, pool_fen=200_000))
    assert case.rows[0]["tranches"]["A"]["interest_paid"] == 435


# -- tranche measures ----------------------------------------------------------------------------------------------
def test_a_tranches_loss_is_counted_in_whole_ppm_of_its_balance_rounded_down():
    # 2 fen lost of 3 fen: 2 × 1,000,000 / 3 = 666,666.7 ppm, kept as the whole 666,666.
    m = measure("A", 3, [(1, 0, 1, 0)], 2)
    assert m.loss_ppm == 666_666 and isinstance(m.loss_ppm, int)


def test_a_tranche_of_nothing_has_no_loss_share():
    assert measure("S", 0, [], 0).loss_ppm == 0


# -- eligibility ---------------------------------------------------------------------------------------------------
def candidate(**kw) -> Candidate:
    base_kw = {"id": 1, "enterprise_id": 1, "industry_code": "C", "instrument_code": "CEA", "live": True,
               "band": "A", "registered": True, "rate_known": True, "balance_fen": 100_000,
               "maturity_on": date(2027, 1, 1)}  # fmt: skip
    return Candidate(**(base_kw | kw))


def test_a_verdict_made_without_a_term_has_no_months_left():
    assert Verdict(7, False).remaining_months == 0


def test_a_loan_with_one_fen_outstanding_has_a_balance():
    assert check_loan(candidate(balance_fen=1), Rules(), date(2026, 1, 1)).reasons == ()
    assert check_loan(candidate(balance_fen=0), Rules(), date(2026, 1, 1)).reasons == ("no_balance",)


def test_a_loan_without_a_maturity_has_no_months_left_and_fails_the_term_rule():
    verdict = check_loan(candidate(maturity_on=None), Rules(), date(2026, 1, 1))
    assert (verdict.eligible, verdict.reasons, verdict.remaining_months) == (False, ("term",), 0)


def test_a_loan_without_a_maturity_passes_only_rules_that_allow_no_term_at_all():
    verdict = check_loan(candidate(maturity_on=None), Rules(min_remaining_months=0), date(2026, 1, 1))
    assert (verdict.eligible, verdict.remaining_months) == (True, 0)
    assert check_loan(candidate(maturity_on=None), Rules(min_remaining_months=1), date(2026, 1, 1)).reasons == (
        "term",)


# -- the financing-cost subsidy ------------------------------------------------------------------------------------
def test_the_subsidy_stops_at_one_million_yuan_a_year():
    # Half of 3,000,000 yuan is 1,500,000 yuan, capped at 1,000,000 yuan = 100,000,000 fen; just under the cap,
    # half of 199,999,998 fen is 99,999,999 fen.
    assert subsidy(300_000_000) == 100_000_000
    assert subsidy(199_999_998) == 99_999_999


def test_the_subsidy_runs_three_years_at_half_the_cost():
    assert (Terms().years, Terms().share_bp, Terms().cap_fen) == (3, 5_000, 100_000_000)


def test_a_full_share_subsidy_of_no_cost_or_a_refund_is_nothing():
    full = Terms(share_bp=10_000)
    assert subsidy(0, full) == 0
    assert subsidy(-500, full) == 0
    assert subsidy(1, full) == 1


# -- the standard template -----------------------------------------------------------------------------------------
def test_with_a_guarantor_the_senior_interest_is_backed_by_reserve_liquidity_and_guarantor():
    data = templates.standard(100_000)
    senior_interest = data["waterfalls"]["normal"]["interest"][1]
    assert senior_interest["support"] == ["reserve", "liquidity", "guarantor"]
    assert data["guarantor_limit_fen"] is None  # an unlimited undertaking


def test_without_a_guarantor_the_senior_interest_is_backed_by_reserve_and_liquidity_only_and_the_limit_is_zero():
    data = templates.standard(100_000, guarantor=False)
    assert data["waterfalls"]["normal"]["interest"][1]["support"] == ["reserve", "liquidity"]
    assert data["guarantor_limit_fen"] == 0
    assert structure.read(data).guarantor_limit_fen == 0


# -- trigger formulas ----------------------------------------------------------------------------------------------
def test_a_formula_that_is_a_sum_and_not_a_comparison_is_refused_when_parsed():
    for text in ("oc + 1", "oc", "1.05"):
        error = refused("bad_trigger", formula.parse, text)
        assert error.message == "the trigger formula must be a comparison"


def test_evaluating_a_tree_that_parse_would_refuse_is_refused_not_answered_with_nothing():
    tree = ast.parse("oc if ic else cdr_cum", mode="eval")
    metrics = {name: Decimal(1) for name in formula.METRICS}
    refused("bad_trigger", formula.evaluate, tree, metrics, ExactOps())


def test_undefined_trigger_arithmetic_is_no_breach_in_the_base_case_as_on_the_paths():
    # At the cut-off cdr_cum is 0: 1 / 0 is infinite (the division rule), and 0 × infinity is undefined. On the
    # paths that is NaN and every comparison with it is false; the exact base case gives the same answer instead of
    # failing the run.
    tree = formula.check("cdr_cum * (1 / cdr_cum) > 0.5")
    assert formula.evaluate(tree, {"cdr_cum": Decimal(0)}, ExactOps()) is False
    with np.errstate(invalid="ignore"):
        assert formula.evaluate(tree, {"cdr_cum": np.zeros(2)}, ArrayOps(2)).tolist() == [False, False]
    negated = formula.check("not cdr_cum * (1 / cdr_cum) > 0.5")
    assert formula.evaluate(negated, {"cdr_cum": Decimal(0)}, ExactOps()) is True


def test_a_formula_subtracting_two_infinities_is_read_and_never_breaches():
    # 1e999 is read as infinity; infinity - infinity is undefined, and "undefined < 0" is no breach.
    tree = formula.check("1e999 - 1e999 < 0")
    assert formula.evaluate(tree, {name: Decimal(5) for name in formula.METRICS}, ExactOps()) is False
