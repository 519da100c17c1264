"""Allocation at every equality: a score exactly on a band's lower bound or on ``min_score``, a band total
exactly the budget, a band amount exactly the cap, an adjustment to exactly the budget or the cap. Each
threshold is tested on both sides, so an inclusive bound made exclusive (or the reverse) fails."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanxin.support.domain import (
    Band,
    BandedRule,
    ProportionalRule,
    SupportError,
    adjust_award,
    allocate,
)

from .builders import T0, D, ranking

CAP = 50_000_000
BANDS = BandedRule((Band(D(90), 50_000_000, "A"), Band(D(75), 30_000_000, "B")), min_score=D(60))


@pytest.mark.parametrize(
    ("total", "basis", "amount"),
    [("90", "A", 50_000_000), ("89.99", "B", 30_000_000), ("75", "B", 30_000_000), ("74.99", "no_band", 0)],
)
def test_a_score_exactly_on_a_band_lower_bound_is_in_that_band_and_just_below_is_not(total, basis, amount):
    [award] = allocate(ranking(total), BANDS, budget_fen=10**9, cap_fen=CAP).awards
    assert (award.basis, award.amount_fen) == (basis, amount)


@pytest.mark.parametrize(("total", "chosen"), [("60", True), ("59.99", False)])
def test_a_score_exactly_the_minimum_is_an_awardee_and_just_below_is_not(total, chosen):
    rule = BandedRule((Band(D(0), 1_000_000, "all"),), min_score=D(60))
    [award] = allocate(ranking(total), rule, budget_fen=10**9, cap_fen=CAP).awards
    assert (award.basis == "all", award.amount_fen == 1_000_000) == (chosen, chosen)
    if not chosen:
        assert award.basis == "below_min_score"


@pytest.mark.parametrize(("total", "chosen"), [("60", True), ("59.99", False)])
def test_proportional_awards_take_a_score_exactly_the_minimum(total, chosen):
    draft = allocate(ranking("80", total), ProportionalRule(min_score=D(60)), budget_fen=1_000_000, cap_fen=CAP)
    assert (draft.awards[1].amount_fen > 0) is chosen
    assert draft.awards[1].basis == ("proportional" if chosen else "below_min_score")


def test_bands_asking_exactly_the_budget_are_paid_in_full_and_not_marked_scaled():
    draft = allocate(ranking("95", "80"), BANDS, budget_fen=80_000_000, cap_fen=CAP)
    assert [a.amount_fen for a in draft.awards] == [50_000_000, 30_000_000]
    assert not any(a.scaled for a in draft.awards)


def test_bands_asking_one_fen_more_than_the_budget_are_cut_and_marked_scaled():
    draft = allocate(ranking("95", "80"), BANDS, budget_fen=79_999_999, cap_fen=CAP)
    assert draft.total_fen == 79_999_999
    assert all(a.scaled for a in draft.awards)


def test_a_band_amount_exactly_the_cap_is_paid_and_not_marked_capped():
    [award] = allocate(ranking("95"), BANDS, budget_fen=10**9, cap_fen=50_000_000).awards
    assert (award.amount_fen, award.capped) == (50_000_000, False)


def test_a_band_amount_one_fen_above_the_cap_is_cut_and_marked_capped():
    [award] = allocate(ranking("95"), BANDS, budget_fen=10**9, cap_fen=49_999_999).awards
    assert (award.amount_fen, award.capped) == (49_999_999, True)


def test_a_proportional_share_exactly_the_cap_is_not_marked_capped():
    # Two equal scores share 2,000,000 fen: 1,000,000 each, exactly the cap.
    draft = allocate(ranking("80", "80"), ProportionalRule(), budget_fen=2_000_000, cap_fen=1_000_000)
    assert [(a.amount_fen, a.capped) for a in draft.awards] == [(1_000_000, False), (1_000_000, False)]


def test_a_proportional_share_one_fen_above_the_cap_is_marked_capped():
    draft = allocate(ranking("80", "80"), ProportionalRule(), budget_fen=2_000_002, cap_fen=1_000_000)
    assert [(a.amount_fen, a.capped) for a in draft.awards] == [(1_000_000, True), (1_000_000, True)]


def _draft():
    # 50,000,000 + 30,000,000 of a 100,000,000 budget: 20,000,000 left.
    return allocate(ranking("95", "80"), BANDS, budget_fen=100_000_000, cap_fen=CAP)


def test_an_adjustment_to_exactly_the_budget_is_accepted():
    draft = adjust_award(_draft(), "A1", 50_000_000, "admin", T0, "site visit")
    assert (draft.total_fen, draft.unallocated_fen) == (100_000_000, 0)


def test_an_adjustment_one_fen_over_the_budget_is_refused():
    wide = allocate(ranking("95", "80"), BANDS, budget_fen=100_000_000, cap_fen=80_000_000)
    with pytest.raises(SupportError) as refused:
        adjust_award(wide, "A1", 50_000_001, "admin", T0, "site visit")
    assert refused.value.code == "over_budget"
    assert adjust_award(wide, "A1", 50_000_000, "admin", T0, "site visit").total_fen == 100_000_000


def test_an_adjustment_to_exactly_the_cap_is_accepted_and_one_fen_more_is_refused():
    assert adjust_award(_draft(), "A1", CAP, "admin", T0, "site visit").award("A1").amount_fen == CAP
    with pytest.raises(SupportError) as refused:
        adjust_award(_draft(), "A1", CAP + 1, "admin", T0, "site visit")
    assert refused.value.code == "over_cap"


amounts = st.integers(1, 10**8)


@given(a=amounts, b=amounts, slack=st.integers(-3, 3))
def test_scaled_is_set_exactly_when_the_bands_ask_more_than_the_budget(a, b, slack):
    rule = BandedRule((Band(D(90), a, "A"), Band(D(75), b, "B")))
    budget = max(0, a + b + slack)
    draft = allocate(ranking("95", "80"), rule, budget_fen=budget, cap_fen=10**9)
    assert all(x.scaled == (a + b > budget) for x in draft.awards)
    assert draft.total_fen == min(a + b, budget)


@given(want=amounts, slack=st.integers(-3, 3))
def test_capped_is_set_exactly_when_the_band_asks_more_than_the_cap(want, slack):
    cap = max(0, want + slack)
    [award] = allocate(ranking("95"), BandedRule((Band(D(90), want, "A"),)), budget_fen=10**9, cap_fen=cap).awards
    assert (award.capped, award.amount_fen) == (want > cap, min(want, cap))


@given(score=st.decimals(min_value=0, max_value=100, places=2))
def test_every_score_lands_in_the_highest_band_whose_lower_bound_it_reaches(score):
    [award] = allocate(ranking(str(score)), BandedRule(BANDS.bands), budget_fen=10**9, cap_fen=CAP).awards
    expected = "A" if score >= 90 else "B" if score >= 75 else "no_band"
    assert award.basis == expected
