from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tanxin.support.domain import (
    ExpertAssignment,
    SupportError,
    aggregate_expert_scores,
    assign_experts,
    declare_conflict_of_interest,
    ensure_can_score,
    validate_sheet,
    visible_sheets,
)

from .builders import D, P, golden_tree, sheet

DECLARED = datetime(2023, 7, 3, tzinfo=UTC)


def _sheets(*totals: int) -> list:
    return [sheet("A", f"E{i}", {"M4": t}) for i, t in enumerate(totals)]


def test_five_experts_drop_the_highest_and_lowest_then_average_the_rest():
    agg = aggregate_expert_scores(_sheets(10, 2, 7, 8, 9), D(20))
    # sorted 2 7 8 9 10 → keep 7 8 9 → 24/3 = 8
    assert (agg.score, agg.method, agg.dropped) == (D(8), "trimmed_mean", ("E1", "E0"))


def test_four_experts_use_the_plain_mean():
    agg = aggregate_expert_scores(_sheets(10, 2, 7, 8), D(20))
    assert (agg.score, agg.method, agg.dropped) == (D("6.75"), "mean", ())


def test_the_mean_is_rounded_half_up_to_a_hundredth_of_a_point():
    assert aggregate_expert_scores(_sheets(1, 1, 0), D(20)).score == D("0.67")
    assert aggregate_expert_scores([sheet("A", "E", {"M4": "0.005"})], D(20)).score == D("0.01")


def test_a_spread_above_the_threshold_is_flagged_but_does_not_change_the_score():
    agg = aggregate_expert_scores(_sheets(2, 10, 7, 8, 9), D(7))
    assert (agg.spread, agg.spread_flagged, agg.score) == (D(8), True, D(8))
    assert not aggregate_expert_scores(_sheets(2, 10), D(8)).spread_flagged  # exactly at threshold


def test_no_sheets_means_no_expert_score_yet():
    agg = aggregate_expert_scores([], D(20))
    assert (agg.score, agg.method, agg.sheet_count) == (None, "none", 0)


def test_trimming_ties_drops_by_expert_id_so_the_audit_trail_is_deterministic():
    agg = aggregate_expert_scores(_sheets(5, 5, 5, 5, 5), D(20))
    assert agg.dropped == ("E0", "E4")


def test_an_assigned_expert_with_no_conflict_declared_may_score():
    ensure_can_score(ExpertAssignment("A", "E1", DECLARED), "E1", "A")


@pytest.mark.parametrize(
    ("assignment", "code"),
    [
        (None, "not_assigned"),
        (ExpertAssignment("B", "E1", DECLARED), "not_assigned"),
        (ExpertAssignment("A", "E1"), "conflicted"),  # declaration not made yet
        (ExpertAssignment("A", "E1", DECLARED, conflicted=True), "conflicted"),
    ],
)
def test_unassigned_undeclared_or_conflicted_experts_may_not_score(assignment, code):
    with pytest.raises(SupportError) as exc:
        ensure_can_score(assignment, "E1", "A")
    assert exc.value.code == code
    assert exc.value.status == 403


def test_an_expert_sees_no_other_sheet_before_submitting_their_own():
    sheets = [sheet("A", "E1", {"M4": 3}), sheet("A", "E2", {"M4": 9})]
    assert visible_sheets("E3", sheets) == []
    assert visible_sheets("E1", sheets) == sheets


def test_a_sheet_must_score_every_expert_item_inside_its_range():
    items = golden_tree().applicable(P, None)
    validate_sheet(items, sheet("A", "E1", {"A2": 10, "M4": 0, "V2": 2}))
    bad = [
        {"A2": 10, "M4": 0},  # V2 missing
        {"A2": 10, "M4": 0, "V2": 1},  # V2 below its expert_min of 2
        {"A2": 11, "M4": 0, "V2": 2},  # above max
        {"A2": -1, "M4": 0, "V2": 2},  # negative
    ]
    for scores in bad:
        with pytest.raises(SupportError) as exc:
            validate_sheet(items, sheet("A", "E1", scores))
        assert exc.value.code == "score_out_of_range"


def test_a_sheet_scoring_a_non_expert_item_is_refused():
    with pytest.raises(SupportError) as exc:
        validate_sheet(golden_tree().items, sheet("A", "E1", {"A1": 5, "A2": 1, "M4": 1, "V2": 2}))
    assert exc.value.code == "not_applicable"


def test_assignment_picks_the_least_loaded_experts_and_never_a_conflicted_one():
    panel = assign_experts("A", ["E1", "E2", "E3", "E4"], 2, excluded=["E1"], load={"E2": 3, "E3": 1})
    assert panel == ["E4", "E3"]


def test_assignment_fails_when_too_few_experts_are_free():
    with pytest.raises(SupportError) as exc:
        assign_experts("A", ["E1", "E2"], 2, excluded=["E2"])
    assert exc.value.details["problem"] == "not_enough_experts"


def test_a_conflict_of_interest_is_declared_once_and_then_blocks_or_allows_scoring():
    clean = declare_conflict_of_interest(ExpertAssignment("A", "E1"), conflicted=False, at=DECLARED)
    ensure_can_score(clean, "E1", "A")
    with pytest.raises(SupportError) as exc:
        declare_conflict_of_interest(clean, conflicted=True, at=DECLARED)
    assert exc.value.details["problem"] == "already_declared"
    blocked = declare_conflict_of_interest(ExpertAssignment("A", "E2"), conflicted=True, at=DECLARED)
    with pytest.raises(SupportError):
        ensure_can_score(blocked, "E2", "A")


def test_the_aggregate_records_who_scored_when_and_whose_sheet_was_trimmed():
    agg = aggregate_expert_scores(_sheets(10, 2, 7, 8, 9), D(20))
    assert [(c.expert_id, c.total, c.trimmed) for c in agg.contributions] == [
        ("E1", D(2), True),
        ("E2", D(7), False),
        ("E3", D(8), False),
        ("E4", D(9), False),
        ("E0", D(10), True),
    ]
    assert all(c.submitted_at is not None for c in agg.contributions)
