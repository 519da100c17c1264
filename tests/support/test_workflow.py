from __future__ import annotations

import itertools

import pytest

from tanxin.support.domain import (
    APPLICATION_TRANSITIONS,
    SCHEME_ACTIONS,
    SCHEME_TRANSITIONS,
    ApplicationStatus,
    Guard,
    Role,
    SchemeStatus,
    SupportError,
    allowed_targets,
    check_transition,
    ensure_scheme_allows,
)

from .builders import T0

A, S = ApplicationStatus, SchemeStatus


def _move(table, src, dst, role, reason="", guards=frozenset()):
    return check_transition(table, src, dst, actor="u1", role=role, at=T0, reason=reason, guards_checked=guards)


def test_the_scheme_walks_from_draft_to_final():
    path = [S.DRAFT, S.OPEN, S.CLOSED, S.REVIEWING, S.RESULT_DRAFT, S.APPROVED, S.PUBLICITY, S.FINAL]
    for src, dst in itertools.pairwise(path):
        record = _move(SCHEME_TRANSITIONS, src, dst, Role.BUREAU_ADMIN, guards=frozenset(Guard))
        assert (record.source, record.target, record.actor) == (src.value, dst.value, "u1")


def test_an_application_walks_from_draft_to_awarded():
    steps = [
        (A.DRAFT, A.SUBMITTED, Role.ENTERPRISE),
        (A.SUBMITTED, A.COMPLETE, Role.BUREAU_OFFICER),
        (A.COMPLETE, A.UNDER_REVIEW, Role.BUREAU_OFFICER),
        (A.UNDER_REVIEW, A.SCORED, Role.SYSTEM),
        (A.SCORED, A.AWARDED, Role.BUREAU_ADMIN),
    ]
    for src, dst, role in steps:
        _move(APPLICATION_TRANSITIONS, src, dst, role, guards=frozenset(Guard))


def test_skipping_a_step_is_an_invalid_transition():
    with pytest.raises(SupportError) as exc:
        _move(SCHEME_TRANSITIONS, S.OPEN, S.FINAL, Role.BUREAU_ADMIN)
    assert (exc.value.code, exc.value.status) == ("invalid_transition", 409)


def test_an_enterprise_may_not_mark_its_own_application_complete():
    with pytest.raises(SupportError) as exc:
        _move(APPLICATION_TRANSITIONS, A.SUBMITTED, A.COMPLETE, Role.ENTERPRISE)
    assert (exc.value.code, exc.value.status) == ("role_not_allowed", 403)


@pytest.mark.parametrize("target", [A.RETURNED, A.INELIGIBLE])
def test_returning_or_rejecting_an_application_needs_reasons(target):
    with pytest.raises(SupportError) as exc:
        _move(APPLICATION_TRANSITIONS, A.SUBMITTED, target, Role.BUREAU_OFFICER)
    assert exc.value.code == "reason_required"
    record = _move(APPLICATION_TRANSITIONS, A.SUBMITTED, target, Role.BUREAU_OFFICER, reason="no audit report")
    assert record.reason == "no audit report"


def test_withdrawal_carries_the_in_window_guard_the_caller_must_check():
    with pytest.raises(RuntimeError):
        _move(APPLICATION_TRANSITIONS, A.SUBMITTED, A.WITHDRAWN, Role.ENTERPRISE)
    record = _move(
        APPLICATION_TRANSITIONS,
        A.SUBMITTED,
        A.WITHDRAWN,
        Role.ENTERPRISE,
        guards=frozenset({Guard.IN_WINDOW}),
    )
    assert record.guard is Guard.IN_WINDOW


def test_the_ui_offers_an_officer_the_formal_check_outcomes():
    assert set(allowed_targets(APPLICATION_TRANSITIONS, "submitted", Role.BUREAU_OFFICER)) == {
        "returned",
        "ineligible",
        "complete",
    }


def test_every_state_is_reachable_and_final_states_have_no_way_out():
    for enum, table, start, finals in [
        (S, SCHEME_TRANSITIONS, "draft", {"final"}),
        (A, APPLICATION_TRANSITIONS, "draft", {"withdrawn", "ineligible", "awarded", "not_awarded"}),
    ]:
        reached, frontier = {start}, [start]
        while frontier:
            src = frontier.pop()
            for t in table:
                if t.source == src and t.target not in reached:
                    reached.add(t.target)
                    frontier.append(t.target)
        assert reached == {s.value for s in enum}
        assert not [t for t in table if t.source in finals]


def test_applications_are_submitted_only_while_the_scheme_is_open():
    ensure_scheme_allows(S.OPEN, "submit_application")
    with pytest.raises(SupportError) as exc:
        ensure_scheme_allows(S.CLOSED, "submit_application")
    assert (exc.value.code, exc.value.details["allowed"]) == ("invalid_transition", ["open"])


def test_experts_score_only_during_review_and_awards_change_only_in_the_draft_result():
    ensure_scheme_allows(S.REVIEWING, "submit_expert_sheet")
    ensure_scheme_allows(S.RESULT_DRAFT, "adjust_award")
    for status, action in [(S.OPEN, "submit_expert_sheet"), (S.APPROVED, "adjust_award")]:
        with pytest.raises(SupportError):
            ensure_scheme_allows(status, action)


def test_every_scheme_action_names_at_least_one_state():
    assert all(SCHEME_ACTIONS.values())
