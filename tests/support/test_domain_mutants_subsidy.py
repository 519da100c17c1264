"""Edges of the support rules that generated mutants showed untested: zero points, one fen, and the financing
subsidy's pure rules (its other tests need the database), each worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from tanxin.support.domain import (
    Category,
    CriteriaTree,
    Disbursement,
    SchemeStatus,
    ScoringMethod,
    SelfDeclaration,
    SupportError,
    criteria_problems,
    ensure_disbursement_allowed,
    validate_declaration,
)
from tanxin.support.domain.subsidy import (
    ClaimedPeriod,
    DuplicateClaim,
    FinancedLoan,
    SubsidyError,
    check_lines,
    claim_amount,
    scale_to_budget,
)

from .builders import golden_tree, item


def test_declaring_zero_points_is_in_range_and_a_negative_declaration_is_not():
    tree = golden_tree()
    code = next(i.code for i in tree.items if i.method.value == "self_declared" and not i.evidence_required)
    validate_declaration(tree.item(code), SelfDeclaration(code, D(0)))
    with pytest.raises(SupportError) as caught:
        validate_declaration(tree.item(code), SelfDeclaration(code, D("-0.5")))
    assert caught.value.code == "score_out_of_range"


def test_an_instalment_of_one_fen_may_be_paid_and_one_of_zero_may_not():
    pay = lambda fen: Disbursement("A1", fen, date(2023, 11, 20), "GK-2023-001", "officer")  # noqa: E731
    ensure_disbursement_allowed(SchemeStatus.FINAL, 100, [], pay(1))
    with pytest.raises(SupportError) as caught:
        ensure_disbursement_allowed(SchemeStatus.FINAL, 100, [], pay(0))
    assert caught.value.code == "invalid_allocation"


def loan(key="lending:1", start=date(2025, 1, 1), end=date(2025, 7, 1), green=True, interest=12_345, fee=0):
    return FinancedLoan(key, key, "ICBC", 1_000_000_00, 35_000, green, False, interest, fee, start, end)


def test_a_loan_that_is_not_green_is_refused():
    with pytest.raises(SubsidyError) as caught:
        check_lines([loan(green=False)], [], 2025, 3)
    assert caught.value.code == "not_green"
    check_lines([loan()], [], 2025, 3)


def test_an_overlapping_period_is_a_duplicate_only_for_the_same_loan():
    earlier = [ClaimedPeriod("lending:1", date(2025, 1, 1), date(2025, 7, 1), 2025)]
    with pytest.raises(DuplicateClaim):
        check_lines([loan()], earlier, 2025, 3)
    check_lines([loan(key="lending:2")], earlier, 2025, 3)  # another loan over the same months
    check_lines([loan(start=date(2025, 7, 1), end=date(2026, 1, 1))], earlier, 2025, 3)  # ends are exclusive


def test_the_share_is_rounded_down_to_the_fen():
    # 12,345 fen of interest x 50 % = 6,172.5 fen -> 6,172 (down, not half-up), well within the cap.
    claim = claim_amount([loan()], 500_000, 1_000_000_00)
    assert (claim.cost_fen, claim.share_fen, claim.amount_fen, claim.capped) == (12_345, 6_172, 6_172, False)
    assert isinstance(claim.share_fen, int)


def test_scaling_to_a_budget_keeps_the_total_exact_by_largest_remainder():
    # 100 + 200 asked, budget 100: exact shares 33.33 and 66.67 -> floors 33 and 66, the one fen left goes to
    # the larger remainder (b, 0.67).
    assert scale_to_budget({"a": 100, "b": 200}, 100) == {"a": 33, "b": 67}
    assert scale_to_budget({"a": 100, "b": 200}, 300) == {"a": 100, "b": 200}


def test_a_type_that_can_score_a_single_point_is_not_reported_as_having_no_items():
    # Every type may score the one 1-point item (no type filter): nothing to report, full marks 1.
    tree = CriteriaTree(1, D(1), (item("A", Category.PROJECTS, 1, ScoringMethod.EXPERT),))
    assert criteria_problems(tree) == []


def test_declaring_a_single_point_on_an_item_that_needs_evidence_needs_the_evidence():
    tree = golden_tree()  # P1 requires evidence (see test_scores_and_totals)
    with pytest.raises(SupportError) as caught:
        validate_declaration(tree.item("P1"), SelfDeclaration("P1", D(1)))
    assert caught.value.code == "evidence_missing"
    validate_declaration(tree.item("P1"), SelfDeclaration("P1", D(0)))  # nothing declared, nothing to prove


def test_the_years_a_loan_was_subsidised_count_only_that_loan():
    # lending:1 already claimed 2023, 2024 and 2025: a fourth year is refused with three allowed,
    # while lending:2, never claimed, may claim 2026 beside it.
    earlier = [ClaimedPeriod("lending:1", date(y, 1, 1), date(y, 7, 1), y) for y in (2023, 2024, 2025)]
    this_year = dict(start=date(2026, 1, 1), end=date(2026, 7, 1))
    with pytest.raises(SubsidyError) as caught:
        check_lines([loan(**this_year)], earlier, 2026, 3)
    assert caught.value.code == "years_exhausted"
    check_lines([loan(key="lending:2", **this_year)], earlier, 2026, 3)
