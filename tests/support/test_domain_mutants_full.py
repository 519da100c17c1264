"""Edges the full mutation run of the support domain found untested, each worked by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from tanxin.support.domain import (
    AutoScoringConfig,
    Award,
    Band,
    BandedRule,
    EnterpriseFacts,
    EnterpriseType,
    ProportionalRule,
    RankInput,
    SelfDeclaration,
    SupportError,
    adjust_award,
    allocate,
    apportion_fen,
    automatic,
    criteria_problems,
    rank_applications,
    validate_declaration,
)

from .builders import T0, D, golden_tree

CAP = 50_000_000


def ranking(*totals: str):
    return rank_applications([RankInput(f"A{i}", D(t), D(0), D(0), datetime(2023, 6, 1)) for i, t in enumerate(totals)])


def test_an_award_built_without_flags_is_neither_scaled_nor_capped():
    award = Award("A0", 1, 100, 100, "A")
    assert (award.scaled, award.capped) == (False, False)


def test_asking_a_draft_for_an_application_it_does_not_hold_fails():
    draft = allocate(ranking("95"), ProportionalRule(), 1_000, CAP)
    with pytest.raises(KeyError):
        draft.award("A9")


def test_only_awards_that_were_cut_are_marked_scaled():
    # Bands ask 50,000,000 + 30,000,000 = 80,000,000 fen against a budget of 40,000,000: both are halved.
    # The third applicant (below the minimum score) gets nothing and was not cut.
    rule = BandedRule((Band(D(90), 50_000_000, "A"), Band(D(75), 30_000_000, "B")), min_score=D(60))
    draft = allocate(ranking("95", "80", "50"), rule, budget_fen=40_000_000, cap_fen=CAP)
    assert [(a.amount_fen, a.scaled) for a in draft.awards] == [(25_000_000, True), (15_000_000, True), (0, False)]


def test_when_nobody_qualifies_nobody_is_marked_capped_not_even_who_asked_for_nothing():
    draft = allocate(ranking("50", "40"), ProportionalRule(min_score=D(60)), 1_000, CAP, requested_fen={"A0": 0})
    assert [(a.amount_fen, a.capped, a.basis) for a in draft.awards] == [(0, False, "below_min_score"),
                                                                       (0, False, "below_min_score")]  # fmt: skip


def test_the_bureau_may_adjust_an_award_down_to_zero():
    draft = allocate(ranking("95"), ProportionalRule(), 1_000, CAP)
    adjusted = adjust_award(draft, "A0", 0, "officer", T0, "the enterprise withdrew its project")
    assert (adjusted.award("A0").amount_fen, adjusted.total_fen, adjusted.adjustments[0].old_fen) == (0, 0, 1_000)


def test_leftover_fen_go_to_the_largest_remainders_not_the_largest_shares():
    # 10 fen by weights 5:3:2:1 (total 11): shares 4.545, 2.727, 1.818, 0.909; floors 4 + 2 + 1 + 0 = 7, so 3 fen
    # are left and go to the remainders .909, .818, .727 (positions 3, 2, 1), not to the largest share.
    assert apportion_fen(10, [5, 3, 2, 1], [100] * 4) == [4, 3, 2, 1]


def test_bare_facts_earn_nothing_from_any_automatic_rule():
    facts, cfg = EnterpriseFacts("e1"), AutoScoringConfig()
    results = [automatic.score_disclosure(facts, cfg), automatic.score_intensity_reduction(facts, cfg),
               automatic.score_compliance(facts, cfg), automatic.score_surplus(facts, cfg)]  # fmt: skip
    assert [(r.points, r.provenance.rule) for r in results] == [
        (D(0), "not_published"), (D(0), "no_baseline"), (D(0), "late_or_no_record"), (D(0), "no_surplus")]
    assert results[0].provenance.facts == (("disclosure_published", "False"), ("disclosure_verified", "False"))


def test_an_enterprise_that_emitted_nothing_this_year_cut_its_intensity_by_all_of_it():
    # (5 - 0) / 5 = 1: a 100 % reduction, in the top tier (>= 0.10: 10 points).
    assert automatic.intensity_reduction(D(0), D(5)) == 1
    facts = EnterpriseFacts("e1", intensity_this_year=D(0), intensity_last_year=D(5))
    assert automatic.score_intensity_reduction(facts, AutoScoringConfig()).points == D(10)


def test_no_surplus_and_one_tonne_of_surplus_are_told_apart():
    cfg = AutoScoringConfig()
    zero = automatic.score_surplus(EnterpriseFacts("e1", surplus_t=0), cfg)
    one = automatic.score_surplus(EnterpriseFacts("e1", surplus_t=1), cfg)
    assert (zero.points, zero.provenance.rule) == (D(0), "no_surplus")
    assert (one.points, one.provenance.rule) == (D(0), "below_all_tiers")  # 1 t is under the 1,000 t tier


def test_applies_to_answers_a_plain_boolean():
    tree = golden_tree()
    a2 = tree.item("A2")  # production and R&D enterprises only
    assert a2.applies_to(EnterpriseType.SERVICE, None) is False
    assert a2.applies_to(EnterpriseType.PRODUCTION, None) is True


def test_a_tree_asked_for_an_item_it_does_not_have_fails():
    with pytest.raises(KeyError):
        golden_tree().item("Z9")


def test_an_expert_range_of_a_single_value_is_valid():
    tree = golden_tree()
    narrow = replace(tree.item("V2"), expert_min=D(5), expert_max=D(5))
    items = tuple(narrow if i.code == "V2" else i for i in tree.items)
    assert criteria_problems(replace(tree, items=items)) == []


def test_an_enterprise_may_declare_an_items_full_points():
    p1 = golden_tree().item("P1")  # 15 points, evidence required
    validate_declaration(p1, SelfDeclaration("P1", D(15), evidence_refs=("report-1",)))
    with pytest.raises(SupportError) as caught:
        validate_declaration(p1, SelfDeclaration("P1", D("15.01"), evidence_refs=("report-1",)))
    assert caught.value.code == "score_out_of_range"
