"""Who may take each workflow step, asserted for every role, so that adding or removing a role from one
transition fails a test. The table in ``workflow.py`` is the rule; these tests pin it move by move."""

from __future__ import annotations

import pytest

from tanxin.disclosure.domain.errors import WorkflowError, WorkflowPermissionError
from tanxin.disclosure.domain.workflow import Action, Role, State, allowed_actions, apply_action, ensure_editable

# (state, action) -> the only roles that may take it, and where it leads.
EXPECTED = {
    (State.DRAFT, Action.SUBMIT): ({Role.ENTERPRISE}, State.SUBMITTED),
    (State.SUBMITTED, Action.RETURN): ({Role.BUREAU}, State.RETURNED),
    (State.SUBMITTED, Action.ACCEPT): ({Role.BUREAU}, State.ACCEPTED),
    (State.RETURNED, Action.REVISE): ({Role.ENTERPRISE}, State.DRAFT),
    (State.ACCEPTED, Action.START_VERIFICATION): ({Role.BUREAU}, State.IN_VERIFICATION),
    (State.IN_VERIFICATION, Action.RETURN): ({Role.VERIFIER, Role.BUREAU}, State.RETURNED),
    (State.IN_VERIFICATION, Action.VERIFY): ({Role.VERIFIER}, State.VERIFIED),
    (State.VERIFIED, Action.PUBLISH): ({Role.BUREAU}, State.PUBLISHED),
}
MOVES = [(s, a, r) for (s, a) in EXPECTED for r in Role]


@pytest.mark.parametrize(("state", "action", "role"), MOVES)
def test_each_move_is_open_to_exactly_its_roles_and_refused_with_403_to_the_others(state, action, role):
    roles, target = EXPECTED[(state, action)]
    if role in roles:
        assert apply_action(state, action, role) is target
    else:
        with pytest.raises(WorkflowPermissionError) as refused:
            apply_action(state, action, role)
        assert refused.value.status == 403


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("state", list(State))
def test_the_buttons_offered_are_exactly_the_moves_the_role_may_take(state, role):
    expected = [a for (s, a), (roles, _) in EXPECTED.items() if s == state and role in roles]
    assert sorted(allowed_actions(state, role)) == sorted(expected)


def test_an_enterprise_cannot_publish_its_own_verified_report():
    with pytest.raises(WorkflowPermissionError):
        apply_action(State.VERIFIED, Action.PUBLISH, Role.ENTERPRISE)
    assert Action.PUBLISH not in allowed_actions(State.VERIFIED, Role.ENTERPRISE)


def test_the_bureau_cannot_verify_and_is_not_offered_the_button():
    with pytest.raises(WorkflowPermissionError):
        apply_action(State.IN_VERIFICATION, Action.VERIFY, Role.BUREAU)
    assert allowed_actions(State.IN_VERIFICATION, Role.BUREAU) == [Action.RETURN]


def test_the_bureau_can_return_a_report_during_verification():
    assert apply_action(State.IN_VERIFICATION, Action.RETURN, Role.BUREAU) is State.RETURNED


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED])
def test_a_draft_or_returned_report_can_be_edited(state):
    ensure_editable(state)  # raises if frozen
    ensure_editable(str(state))


@pytest.mark.parametrize("state", [s for s in State if s not in (State.DRAFT, State.RETURNED)])
def test_a_report_past_submission_is_frozen(state):
    with pytest.raises(WorkflowError) as frozen:
        ensure_editable(state)
    assert frozen.value.code == "report_immutable"


@pytest.mark.parametrize(("state", "action"), [(s, a) for s in State for a in Action if (s, a) not in EXPECTED])
def test_a_move_not_in_the_table_is_illegal_for_every_role(state, action):
    for role in Role:
        with pytest.raises(WorkflowError) as illegal:
            apply_action(state, action, role)
        assert not isinstance(illegal.value, WorkflowPermissionError)
        assert illegal.value.code == "illegal_transition"
