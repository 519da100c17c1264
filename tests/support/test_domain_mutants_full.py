"""Edges the full mutation run of the support domain found untested, each worked by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tanxin.support.domain import (
    AutoScoringConfig,
    Award,
    Band,
    BandedRule,
    EligibilityRule,
    EnterpriseFacts,
    EnterpriseType,
    ExpertAggregate,
    ProportionalRule,
    RuleKind,
    SchemeConfig,
    SelfDeclaration,
    SupportError,
    adjust_award,
    aggregate_expert_scores,
    allocate,
    apportion_fen,
    assign_experts,
    automatic,
    criteria_problems,
    ensure_objection_in_period,
    evaluate_eligibility,
    publicity_period,
    support_error,
    validate_declaration,
    verify_declaration,
)
from tanxin.support.domain.declarations import declaration_line
from tanxin.support.domain.scheme import admitted_types, revise_scheme, scheme_problems
from tanxin.support.domain.scores import Provenance, ProvenanceKind, ScoreAdjustment, ScoreLine, apply_adjustment
from tanxin.support.domain.totals import compute_total
from tanxin.support.domain.workflow import (
    APPLICATION_TRANSITIONS,
    SCHEME_TRANSITIONS,
    ApplicationStatus,
    Role,
    SchemeStatus,
    Transition,
    check_transition,
)

from .builders import T0, WINDOW_CLOSES, WINDOW_OPENS, D, golden_tree, ranking

CAP = 50_000_000



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


def test_the_bureau_may_verify_all_or_none_of_the_declared_points():
    p1 = golden_tree().item("P1")
    decl = SelfDeclaration("P1", D(12), evidence_refs=("report-1",))
    full = verify_declaration(p1, decl, D(12), "officer", T0)  # all of it: no note needed
    assert (full.verified_points, full.note) == (D(12), "")
    none = verify_declaration(p1, decl, D(0), "officer", T0, note="the report covers another site")
    assert none.verified_points == D(0)
    with pytest.raises(SupportError) as caught:
        verify_declaration(p1, decl, D("12.01"), "officer", T0, note="more than declared")
    assert caught.value.code == "score_out_of_range"


def test_a_score_line_says_whether_the_declaration_was_verified():
    decl = SelfDeclaration("P1", D(12), evidence_refs=("report-1",))
    pending = declaration_line(decl)
    assert (pending.points, pending.provenance.rule) == (D(0), "pending_verification")
    checked = declaration_line(verify_declaration(golden_tree().item("P1"), decl, D(12), "officer", T0))
    assert (checked.points, checked.provenance.rule, checked.provenance.actor) == (D(12), "verified", "officer")


def test_an_at_least_rule_is_met_by_a_value_equal_to_its_threshold():
    rule = EligibilityRule("years_in_operation", RuleKind.AT_LEAST, "years", threshold=D(3))
    assert evaluate_eligibility((rule,), {"years": 3}).eligible
    assert not evaluate_eligibility((rule,), {"years": "2.99"}).eligible


def test_a_rule_of_a_kind_nobody_knows_is_a_configuration_error():
    rule = EligibilityRule("odd", "between", "years")  # not a RuleKind
    with pytest.raises(ValueError):
        evaluate_eligibility((rule,), {"years": 3})


def test_an_error_code_without_a_message_is_a_programming_error():
    with pytest.raises(KeyError):
        support_error("no_such_code")


def test_no_sheets_give_no_score_no_count_and_no_spread():
    assert aggregate_expert_scores([], D(20)) == ExpertAggregate(None, "none", 0, D(0), False, ())


def test_a_pool_of_exactly_the_needed_experts_is_enough():
    assert assign_experts("A0", ["e2", "e1", "e3"], 3) == ["e1", "e2", "e3"]
    with pytest.raises(SupportError):
        assign_experts("A0", ["e2", "e1"], 3)


def test_publicity_needs_a_working_day_and_trusts_the_calendar_only_when_both_ends_are_published():
    for start in (date(2026, 6, 1), date(2026, 6, 6)):  # a Monday and a Saturday
        with pytest.raises(ValueError):
            publicity_period(start, 0)
    assert publicity_period(date(2026, 6, 1), 5).calendar_authoritative is True
    # Monday 28 December 2026 + 5 working days ends in January 2027, a year whose holidays are not published yet.
    late = publicity_period(date(2026, 12, 28), 5)
    assert (late.end.year, late.calendar_authoritative) == (2027, False)


def test_an_objection_on_the_first_day_of_publicity_is_accepted():
    period = publicity_period(date(2026, 6, 1), 5)
    ensure_objection_in_period(period, date(2026, 6, 1))
    with pytest.raises(SupportError) as caught:
        ensure_objection_in_period(period, date(2026, 5, 31))
    assert caught.value.code == "outside_window"


def _scheme(**kw) -> SchemeConfig:
    base = SchemeConfig(code="GLC-2023", year=2023, version=1, budget_fen=600_000_000, window_opens=WINDOW_OPENS,
                        window_closes=WINDOW_CLOSES, criteria=golden_tree(), allocation=ProportionalRule())  # fmt: skip
    return replace(base, **kw)


def test_a_new_scheme_publicises_for_five_working_days_and_flags_a_spread_above_twenty_points():
    assert (_scheme().publicity_workdays, _scheme().spread_threshold) == (5, D(20))


@pytest.mark.parametrize(
    ("fields", "found"),
    [
        ({"budget_fen": 1}, []),  # one fen is a budget
        ({"budget_fen": 0}, ["budget_not_positive"]),
        ({"per_enterprise_cap_fen": 1}, []),
        ({"per_enterprise_cap_fen": 0}, ["cap_not_positive"]),
        ({"publicity_workdays": 1}, []),
        ({"publicity_workdays": 0}, ["publicity_too_short"]),
        ({"spread_threshold": D(0)}, []),  # flag every disagreement
        ({"spread_threshold": D("-0.01")}, ["spread_threshold_negative"]),
    ],
)
def test_scheme_settings_on_their_bounds_are_valid_and_one_step_beyond_is_not(fields, found):
    assert [p["problem"] for p in scheme_problems(_scheme(**fields))] == found


def test_only_an_in_rule_on_the_enterprise_type_narrows_the_admitted_types():
    district = EligibilityRule("in_district", RuleKind.IN, "district", frozenset({"nanshan"}))
    assert admitted_types(_scheme(eligibility=(district,))) == frozenset(EnterpriseType)
    production = EligibilityRule("production_only", RuleKind.IN, "enterprise_type", frozenset({"production"}))
    assert admitted_types(_scheme(eligibility=(district, production))) == {EnterpriseType.PRODUCTION}


def _total(etype, industry, adjustments=()):
    return compute_total("A0", golden_tree(), etype, industry, EnterpriseFacts("e1"), {}, [],
                         auto_cfg=AutoScoringConfig(), spread_threshold=D(20), adjustments=adjustments)  # fmt: skip


def test_without_expert_sheets_the_expert_part_is_zero():
    breakdown = _total(EnterpriseType.PRODUCTION, None)
    assert (breakdown.expert.score, breakdown.expert_score, breakdown.total) == (None, D(0), D(0))


def test_an_adjustment_to_an_item_that_does_not_apply_to_the_enterprise_is_refused():
    # P2 (self-declared) applies to electronics only; this service enterprise is in logistics.
    adj = ScoreAdjustment("P2", D(5), "officer", T0, "typo")
    with pytest.raises(SupportError) as caught:
        _total(EnterpriseType.SERVICE, "logistics", [adj])
    assert caught.value.code == "not_applicable"


def test_points_granted_on_an_undeclared_item_record_that_it_had_none():
    # V1 (self-declared, 5 points) was never declared: the adjusted line replaces a line of 0 points.
    breakdown = _total(EnterpriseType.PRODUCTION, None, [ScoreAdjustment("V1", D(3), "officer", T0, "evidence filed")])
    line = next(ln for ln in breakdown.lines if ln.item_code == "V1")
    assert (line.points, line.provenance.previous_points, breakdown.self_declared) == (D(3), D(0), D(3))


def test_a_transition_needs_no_reason_unless_its_table_says_so():
    assert Transition("draft", "open", frozenset()).reason_required is False


@pytest.mark.parametrize(
    ("table", "source", "target"),
    [
        (SCHEME_TRANSITIONS, SchemeStatus.RESULT_DRAFT, SchemeStatus.REVIEWING),
        (SCHEME_TRANSITIONS, SchemeStatus.PUBLICITY, SchemeStatus.RESULT_DRAFT),
        (APPLICATION_TRANSITIONS, ApplicationStatus.SCORED, ApplicationStatus.UNDER_REVIEW),
    ],
)
def test_sending_a_result_or_a_score_back_needs_a_reason(table, source, target):
    with pytest.raises(SupportError) as caught:
        check_transition(table, source, target, actor="admin", role=Role.BUREAU_ADMIN, at=T0)
    assert caught.value.code == "reason_required"
    record = check_transition(table, source, target, actor="admin", role=Role.BUREAU_ADMIN, at=T0,
                              reason="an objection was upheld")  # fmt: skip
    assert (record.source, record.target, record.reason) == (source.value, target.value, "an objection was upheld")


def test_a_revised_scheme_is_validated_again():
    with pytest.raises(SupportError) as caught:
        revise_scheme(_scheme(), SchemeStatus.DRAFT, budget_fen=0)
    assert caught.value.code == "invalid_criteria"
    assert revise_scheme(_scheme(), SchemeStatus.DRAFT, budget_fen=1).version == 2


def test_the_bureau_may_adjust_a_line_up_to_the_items_full_points():
    line = ScoreLine("V1", D(1), Provenance(ProvenanceKind.SELF_DECLARED))
    adjusted = apply_adjustment(line, ScoreAdjustment("V1", D(5), "officer", T0, "evidence filed"), D(5))
    assert (adjusted.points, adjusted.provenance.previous_points) == (D(5), D(1))
    with pytest.raises(SupportError):
        apply_adjustment(line, ScoreAdjustment("V1", D("5.01"), "officer", T0, "too much"), D(5))
