from __future__ import annotations

import pytest

from tanxin.support.domain import (
    AllocationDraft,
    Award,
    Band,
    BandedRule,
    ProportionalRule,
    SupportError,
    adjust_award,
    allocate,
    apportion_fen,
    ensure_within_limits,
)

from .builders import T0, D, ranking

CAP = 50_000_000



BANDS = BandedRule((Band(D(90), 50_000_000, "A"), Band(D(75), 30_000_000, "B")), min_score=D(60))


def test_banded_awards_pay_the_band_amount_when_the_budget_suffices():
    draft = allocate(ranking("95", "80", "70", "50"), BANDS, budget_fen=200_000_000, cap_fen=CAP)
    assert [(a.amount_fen, a.basis) for a in draft.awards] == [
        (50_000_000, "A"),
        (30_000_000, "B"),
        (0, "no_band"),
        (0, "below_min_score"),
    ]
    assert not any(a.scaled for a in draft.awards)


def test_a_band_amount_above_the_cap_is_cut_to_the_cap():
    draft = allocate(ranking("95"), BANDS, budget_fen=200_000_000, cap_fen=40_000_000)
    assert (draft.awards[0].amount_fen, draft.awards[0].capped) == (40_000_000, True)


def test_an_award_never_exceeds_the_amount_requested():
    draft = allocate(ranking("95", "91"), ProportionalRule(), 100_000_000, CAP, requested_fen={"A0": 1_000})
    assert [a.amount_fen for a in draft.awards] == [1_000, 50_000_000]
    assert draft.awards[0].cap_fen == 1_000


def test_max_awardees_stops_awards_after_the_top_n():
    draft = allocate(ranking("95", "94", "93"), ProportionalRule(max_awardees=2), 3_000, CAP)
    assert [a.basis for a in draft.awards] == ["proportional", "proportional", "beyond_max_awardees"]
    assert draft.total_fen == 3_000


def test_allocating_nothing_is_fine():
    draft = allocate([], ProportionalRule(), 1_000, CAP)
    assert (draft.total_fen, draft.unallocated_fen) == (0, 1_000)


@pytest.mark.parametrize(
    "rule",
    [
        BandedRule(()),
        BandedRule((Band(D(1), 10), Band(D(1), 20))),
        BandedRule((Band(D(1), 0),)),
        ProportionalRule(max_awardees=0),
    ],
)
def test_invalid_allocation_rules_are_refused(rule):
    with pytest.raises(SupportError) as exc:
        allocate(ranking("90"), rule, 1_000, CAP)
    assert exc.value.code == "invalid_allocation"


def test_a_negative_budget_or_request_is_refused():
    with pytest.raises(SupportError):
        allocate(ranking("90"), ProportionalRule(), -1, CAP)
    with pytest.raises(SupportError) as exc:
        allocate(ranking("90"), ProportionalRule(), 1, CAP, requested_fen={"A0": -5})
    assert exc.value.code == "invalid_allocation"


def _draft() -> AllocationDraft:
    return allocate(ranking("95", "80"), BANDS, budget_fen=90_000_000, cap_fen=CAP)


def test_the_bureau_adjusts_a_draft_award_and_the_reason_is_recorded():
    draft = adjust_award(_draft(), "A1", 35_000_000, "admin_wang", T0, "second project accepted on site")
    assert draft.award("A1").amount_fen == 35_000_000
    assert draft.award("A1").basis == "adjusted"
    (adj,) = draft.adjustments
    assert (adj.old_fen, adj.new_fen, adj.actor, adj.reason) == (
        30_000_000,
        35_000_000,
        "admin_wang",
        "second project accepted on site",
    )


def test_an_adjustment_above_the_cap_is_refused_as_over_cap():
    with pytest.raises(SupportError) as exc:
        adjust_award(_draft(), "A1", CAP + 1, "admin", T0, "why")
    assert exc.value.code == "over_cap"


def test_an_adjustment_that_breaks_the_budget_is_refused_as_over_budget():
    with pytest.raises(SupportError) as exc:
        adjust_award(_draft(), "A1", 40_000_001, "admin", T0, "why")
    assert (exc.value.code, exc.value.status) == ("over_budget", 409)


def test_an_adjustment_without_a_reason_or_below_zero_is_refused():
    with pytest.raises(SupportError) as exc:
        adjust_award(_draft(), "A1", 1, "admin", T0, "")
    assert exc.value.code == "reason_required"
    with pytest.raises(SupportError) as exc:
        adjust_award(_draft(), "A1", -1, "admin", T0, "why")
    assert exc.value.code == "invalid_allocation"


def test_approval_re_checks_cap_and_budget_whatever_built_the_draft():
    ensure_within_limits(_draft())
    over_cap = AllocationDraft(100, (Award("A", 1, 60, 50, "x"),))
    with pytest.raises(SupportError) as exc:
        ensure_within_limits(over_cap)
    assert exc.value.code == "over_cap"
    over_budget = AllocationDraft(100, (Award("A", 1, 60, 60, "x"), Award("B", 2, 60, 60, "x")))
    with pytest.raises(SupportError) as exc:
        ensure_within_limits(over_budget)
    assert exc.value.code == "over_budget"


def test_apportion_gives_leftover_fen_to_the_largest_remainders_and_ties_to_the_earlier():
    # 10 fen by 1:1:1 → 3.33 each, 1 fen left: all remainders equal → the first gets it.
    assert apportion_fen(10, [1, 1, 1], [100, 100, 100]) == [4, 3, 3]
    # 10 fen by 1:2 → 3.33, 6.67 → floors 3 + 6 = 9, the 1 fen goes to .67.
    assert apportion_fen(10, [1, 2], [100, 100]) == [3, 7]


def test_apportion_leaves_money_unspent_when_everyone_is_capped():
    assert apportion_fen(100, [1, 1], [10, 20]) == [10, 20]


def test_apportion_gives_zero_weight_and_zero_cap_nothing():
    assert apportion_fen(100, [0, 1, 1], [50, 0, 200]) == [0, 0, 100]


def test_apportion_refuses_mismatched_or_negative_input():
    with pytest.raises(ValueError):
        apportion_fen(10, [1], [1, 2])
    with pytest.raises(ValueError):
        apportion_fen(-1, [1], [1])
