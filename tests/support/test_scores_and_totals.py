from __future__ import annotations

import pytest

from tanxin.support.domain import (
    AutoScoringConfig,
    EnterpriseFacts,
    ScoreAdjustment,
    SelfDeclaration,
    SupportError,
    compute_total,
    validate_declaration,
    verify_declaration,
)

from .builders import SV, T0, D, golden_tree, sheet

TREE = golden_tree()
CFG = AutoScoringConfig()
FACTS = EnterpriseFacts("S", disclosure_published=True, compliance_on_time=True)  # A1 5 + M2 5


def _total(**kw):
    args = {"declarations": {}, "sheets": [], "adjustments": ()} | kw
    return compute_total(
        "S",
        TREE,
        SV,
        None,
        FACTS,
        args["declarations"],
        args["sheets"],
        auto_cfg=CFG,
        spread_threshold=D(20),
        adjustments=args["adjustments"],
    )


def test_a_declaration_above_the_item_maximum_is_out_of_range():
    with pytest.raises(SupportError) as exc:
        validate_declaration(TREE.item("V1"), SelfDeclaration("V1", D(6)))
    assert exc.value.code == "score_out_of_range"


def test_a_declaration_of_an_item_that_needs_evidence_must_attach_some():
    with pytest.raises(SupportError) as exc:
        validate_declaration(TREE.item("P1"), SelfDeclaration("P1", D(10)))
    assert exc.value.code == "evidence_missing"
    validate_declaration(TREE.item("P1"), SelfDeclaration("P1", D(10), ("file/1",)))


def test_declaring_points_on_an_expert_item_is_not_applicable():
    with pytest.raises(SupportError) as exc:
        validate_declaration(TREE.item("M4"), SelfDeclaration("M4", D(1)))
    assert exc.value.code == "not_applicable"


def test_the_bureau_may_verify_fewer_points_than_declared_only_with_a_note():
    decl = SelfDeclaration("V1", D(5), ("file/1",))
    with pytest.raises(SupportError) as exc:
        verify_declaration(TREE.item("V1"), decl, D(3), "officer", T0)
    assert exc.value.code == "reason_required"
    done = verify_declaration(TREE.item("V1"), decl, D(3), "officer", T0, note="one loan is not green")
    assert (done.verified_points, done.verified_by) == (D(3), "officer")


def test_the_bureau_may_not_verify_more_points_than_declared():
    with pytest.raises(SupportError) as exc:
        verify_declaration(TREE.item("V1"), SelfDeclaration("V1", D(2)), D(3), "officer", T0)
    assert exc.value.code == "score_out_of_range"


def test_the_total_adds_automatic_verified_declared_and_expert_points():
    decl = {"V1": SelfDeclaration("V1", D(5), (), D(4), "officer", T0)}
    b = _total(declarations=decl, sheets=[sheet("S", "E1", {"M4": 10, "V2": 5})])
    assert (b.automatic, b.self_declared, b.expert_score, b.total) == (D(10), D(4), D(15), D(29))


def test_sheets_of_other_applications_are_ignored():
    b = _total(sheets=[sheet("OTHER", "E1", {"M4": 10, "V2": 5})])
    assert b.expert.score is None and b.total == D(10)


def test_an_adjustment_keeps_who_why_and_the_line_it_replaced():
    adj = ScoreAdjustment("M2", D(0), "admin_wang", T0, "compliance record was corrected by the registry")
    b = _total(adjustments=[adj])
    line = next(ln for ln in b.lines if ln.item_code == "M2")
    assert line.points == 0 and b.automatic == D(5)
    assert (line.provenance.kind, line.provenance.actor, line.provenance.previous_points) == (
        "adjusted",
        "admin_wang",
        D(5),
    )
    assert line.provenance.previous.kind == "automatic"


def test_an_adjustment_without_a_reason_is_refused():
    with pytest.raises(SupportError) as exc:
        _total(adjustments=[ScoreAdjustment("M2", D(0), "admin", T0, "  ")])
    assert exc.value.code == "reason_required"


def test_an_adjustment_above_the_item_maximum_is_refused():
    with pytest.raises(SupportError) as exc:
        _total(adjustments=[ScoreAdjustment("M2", D(6), "admin", T0, "typo")])
    assert exc.value.code == "score_out_of_range"


@pytest.mark.parametrize("code", ["A2", "M4"])  # A2 does not apply to services; M4 is an expert item
def test_adjusting_an_inapplicable_or_expert_item_is_refused(code):
    with pytest.raises(SupportError) as exc:
        _total(adjustments=[ScoreAdjustment(code, D(1), "admin", T0, "why")])
    assert exc.value.code == "not_applicable"


def test_the_bureau_may_grant_points_on_a_self_declared_item_nobody_declared():
    b = _total(adjustments=[ScoreAdjustment("V1", D(2), "admin", T0, "evidence received by post")])
    assert b.self_declared == D(2)
