"""The financing subsidy's pure rules at their edges (the database tests of tests/support/test_financing_subsidy.py
cannot run without Django): reference values, costs, periods, years, the cap, evidence and scaling, worked by hand.
"""

from __future__ import annotations

from datetime import date

import pytest

from tanxin.support.domain import subsidy
from tanxin.support.domain.subsidy import (
    ClaimedPeriod,
    FinancedLoan,
    SubsidyError,
    check_lines,
    claim_amount,
    required_evidence,
    scale_to_budget,
)


def loan(key="lending:1", start=date(2025, 1, 1), end=date(2025, 7, 1), interest=2_000, fee=0, pledge=False):
    return FinancedLoan(key, key, "ICBC", 100_000_000, 35_000, True, pledge, interest, fee, start, end)


def code_of(call) -> str | None:
    try:
        call()
    except SubsidyError as exc:
        return exc.code
    return None


def test_the_reference_values_are_half_the_cost_a_million_yuan_a_year_for_three_years():
    # RULES §4-5 (V): 50 % = 500,000 ppm; 1,000,000 CNY = 100,000,000 fen per firm per year; three years.
    assert (subsidy.SHARE_PPM, subsidy.CAP_PER_YEAR_FEN, subsidy.YEARS) == (500_000, 100_000_000, 3)


def test_the_cost_is_interest_plus_guarantee_fees():
    assert loan(interest=300, fee=200).cost_fen == 500


def test_a_claim_without_loans_is_refused():
    assert code_of(lambda: check_lines([], [], 2025, 3)) == "no_loans"


def test_an_empty_period_is_refused():
    same_day = loan(start=date(2025, 7, 1), end=date(2025, 7, 1))
    assert code_of(lambda: check_lines([same_day], [], 2025, 3)) == "bad_period"
    assert code_of(lambda: check_lines([loan(end=date(2025, 1, 2))], [], 2025, 3)) is None  # one day is a period


@pytest.mark.parametrize(
    ("interest", "fee", "code"),
    [
        (0, 10, None),  # fees alone are a cost
        (10, 0, None),  # interest alone is a cost
        (1, 0, None),  # one fen of cost
        (0, 0, "no_cost"),
        (-1, 10, "no_cost"),
        (10, -1, "no_cost"),
    ],
)
def test_a_line_needs_a_cost_and_no_negative_part(interest, fee, code):
    assert code_of(lambda: check_lines([loan(interest=interest, fee=fee)], [], 2025, 3)) == code


def test_a_claim_that_begins_where_the_next_one_ends_does_not_overlap_it():
    later = [ClaimedPeriod("lending:1", date(2025, 7, 1), date(2026, 1, 1), 2025)]
    assert code_of(lambda: check_lines([loan()], later, 2025, 3)) is None


def test_the_last_allowed_year_may_still_be_claimed():
    # Claimed in 2023 and 2024; 2025 is the third year of three.
    earlier = [ClaimedPeriod("lending:1", date(y, 1, 1), date(y, 7, 1), y) for y in (2023, 2024)]
    assert code_of(lambda: check_lines([loan()], earlier, 2025, 3)) is None


def test_a_share_exactly_at_the_cap_is_paid_in_full_and_not_marked_capped():
    # 2,000 fen of interest x 500,000 // 1,000,000 = 1,000 fen (not 999); the cap is 1,000 and nothing is used yet.
    claim = claim_amount([loan()], 500_000, 1_000)
    assert (claim.cost_fen, claim.share_fen, claim.amount_fen, claim.capped) == (2_000, 1_000, 1_000, False)


def test_what_is_left_of_the_cap_limits_the_amount():
    # Cap 1,000, 400 already used: 600 left, the share of 1,000 is cut to 600.
    claim = claim_amount([loan()], 500_000, 1_000, used_fen=400)
    assert (claim.amount_fen, claim.capped) == (600, True)
    # 999 used leaves one fen; all 1,000 used leaves nothing and is refused.
    assert claim_amount([loan()], 500_000, 1_000, used_fen=999).amount_fen == 1
    assert code_of(lambda: claim_amount([loan()], 500_000, 1_000, used_fen=1_000)) == "cap_used"


def test_an_amount_asked_up_to_what_is_left_is_accepted_and_above_it_refused():
    # 600 left: asking 600 gets 600, asking 601 is refused.
    assert claim_amount([loan()], 500_000, 1_000, used_fen=400, requested_fen=600).amount_fen == 600
    assert code_of(lambda: claim_amount([loan()], 500_000, 1_000, used_fen=400, requested_fen=601)) == "above_cap"


def test_a_pledge_loan_also_needs_its_pledge_notice():
    assert required_evidence([loan()]) == ("contract", "settlement")
    assert required_evidence([loan(), loan(key="lending:2", pledge=True)]) == ("contract", "settlement",
                                                                               "pledge_notice")  # fmt: skip


def test_scaling_gives_the_leftover_fen_to_the_largest_remainders_not_the_largest_claims():
    # Budget 10 for claims 5, 3, 2, 1 (total 11): floors 50 // 11 = 4, 30 // 11 = 2, 20 // 11 = 1, 10 // 11 = 0
    # with remainders 6, 8, 9, 10 (elevenths); the 3 fen left go to d, c and b.
    assert scale_to_budget({"a": 5, "b": 3, "c": 2, "d": 1}, 10) == {"a": 4, "b": 3, "c": 2, "d": 1}
