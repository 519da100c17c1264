from __future__ import annotations

from dataclasses import replace

import pytest

from tanxin.support.domain import (
    AutoRule,
    Category,
    CriteriaTree,
    SchemeStatus,
    ScoringMethod,
    SupportError,
    criteria_fingerprint,
    criteria_problems,
    ensure_criteria_editable,
    ensure_criteria_unchanged,
    validate_criteria,
)

from .builders import RD, SV, D, P, golden_tree, item


def _problems(tree: CriteriaTree) -> set[str]:
    return {p["problem"] for p in criteria_problems(tree)}


def test_items_restricted_to_production_and_rd_do_not_apply_to_a_service_enterprise():
    tree = golden_tree()
    assert "A2" in {i.code for i in tree.applicable(P, None)}
    assert "A2" not in {i.code for i in tree.applicable(SV, None)}


def test_an_industry_item_applies_only_inside_that_industry():
    tree = golden_tree()
    assert tree.attainable_points(P, "electronics") == D(100)
    assert tree.attainable_points(P, "textiles") == D(90)
    assert tree.attainable_points(SV, None) == D(80)


def test_the_tree_groups_items_under_the_four_categories_in_order():
    groups = golden_tree().by_category()
    assert list(groups) == list(Category)
    assert [i.code for i in groups[Category.MANAGEMENT]] == ["M1", "M2", "M3", "M4"]


def test_points_above_full_marks_for_any_type_and_industry_are_refused():
    tree = golden_tree()
    bigger = replace(tree, items=(*tree.items, item("X", Category.ACTIVITIES, 1, ScoringMethod.EXPERT)))
    problems = criteria_problems(bigger)
    assert {"enterprise_type": "production", "industry": "electronics"}.items() <= problems[0].items()
    with pytest.raises(SupportError) as exc:
        validate_criteria(bigger)
    assert exc.value.code == "invalid_criteria"


def test_an_enterprise_type_with_no_items_is_reported():
    tree = CriteriaTree(
        1, D(10), (item("A", Category.PROJECTS, 10, ScoringMethod.EXPERT, enterprise_types=frozenset({RD})),)
    )
    assert "no_items_for_type" in _problems(tree)


def test_duplicate_codes_zero_points_and_a_bad_expert_range_are_all_reported_at_once():
    expert = ScoringMethod.EXPERT
    tree = CriteriaTree(
        1,
        D(100),
        (
            item("A", Category.PROJECTS, 10, expert),
            item("A", Category.PROJECTS, 0, expert),
            item("B", Category.PROJECTS, 10, expert, expert_min=D(5), expert_max=D(12)),
        ),
    )
    assert {"duplicate_code", "max_points_not_positive", "expert_range_outside_0_max"} <= _problems(tree)


def test_an_automatic_item_needs_a_rule_and_other_items_must_not_have_one():
    tree = CriteriaTree(
        1,
        D(100),
        (
            item("A", Category.PROJECTS, 10, ScoringMethod.AUTOMATIC),
            item("B", Category.PROJECTS, 10, ScoringMethod.EXPERT, auto_rule=AutoRule.DISCLOSURE),
        ),
    )
    assert {"automatic_without_rule", "rule_on_non_automatic_item"} <= _problems(tree)


def test_criteria_of_a_draft_scheme_may_be_edited():
    ensure_criteria_editable(SchemeStatus.DRAFT)


@pytest.mark.parametrize("status", [s for s in SchemeStatus if s is not SchemeStatus.DRAFT])
def test_criteria_are_frozen_once_the_scheme_leaves_draft(status):
    with pytest.raises(SupportError) as exc:
        ensure_criteria_editable(status)
    assert exc.value.code == "criteria_frozen"
    assert exc.value.status == 409


def test_the_fingerprint_is_stable_and_changes_with_any_point():
    tree = golden_tree()
    assert criteria_fingerprint(tree) == criteria_fingerprint(golden_tree())
    changed = replace(tree, items=(replace(tree.items[0], max_points=D(9)), *tree.items[1:]))
    assert criteria_fingerprint(changed) != criteria_fingerprint(tree)


def test_a_tree_that_differs_from_the_frozen_fingerprint_is_refused():
    tree = golden_tree()
    frozen = criteria_fingerprint(tree)
    ensure_criteria_unchanged(frozen, tree)
    changed = replace(tree, full_marks=D(99))
    with pytest.raises(SupportError) as exc:
        ensure_criteria_unchanged(frozen, changed)
    assert exc.value.code == "criteria_frozen"
