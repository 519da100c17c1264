import pytest

from tanxin.disclosure.domain.errors import DisclosureInputError, WorkflowError, WorkflowPermissionError
from tanxin.disclosure.domain.workflow import (
    TRANSITIONS,
    Action,
    ReportVersion,
    Role,
    State,
    allowed_actions,
    apply_action,
    ensure_editable,
    restate,
)

HAPPY_PATH = [
    (Action.SUBMIT, Role.ENTERPRISE, State.SUBMITTED),
    (Action.ACCEPT, Role.BUREAU, State.ACCEPTED),
    (Action.START_VERIFICATION, Role.BUREAU, State.IN_VERIFICATION),
    (Action.VERIFY, Role.VERIFIER, State.VERIFIED),
    (Action.PUBLISH, Role.BUREAU, State.PUBLISHED),
]


def test_a_report_goes_from_draft_to_published_along_the_happy_path():
    state = State.DRAFT
    for action, role, expected in HAPPY_PATH:
        state = apply_action(state, action, role)
        assert state is expected


def test_a_returned_report_is_revised_back_to_draft_and_resubmitted():
    state = apply_action(State.SUBMITTED, Action.RETURN, Role.BUREAU)
    assert state is State.RETURNED
    state = apply_action(state, Action.REVISE, Role.ENTERPRISE)
    assert apply_action(state, Action.SUBMIT, Role.ENTERPRISE) is State.SUBMITTED


def test_a_verifier_can_send_a_report_back_with_findings():
    assert apply_action(State.IN_VERIFICATION, Action.RETURN, Role.VERIFIER) is State.RETURNED


def test_an_enterprise_cannot_accept_its_own_report():
    with pytest.raises(WorkflowPermissionError) as err:
        apply_action(State.SUBMITTED, Action.ACCEPT, Role.ENTERPRISE)
    assert err.value.code == "role_not_allowed" and err.value.status == 403


def test_a_draft_cannot_be_published():
    with pytest.raises(WorkflowError) as err:
        apply_action(State.DRAFT, Action.PUBLISH, Role.BUREAU)
    assert err.value.code == "illegal_transition" and err.value.status == 409


@pytest.mark.parametrize("action", list(Action))
def test_nothing_leaves_the_published_state(action):
    with pytest.raises(WorkflowError):
        apply_action(State.PUBLISHED, action, Role.BUREAU)


def test_every_state_except_published_has_a_way_out():
    sources = {t.source for t in TRANSITIONS}
    assert sources == set(State) - {State.PUBLISHED}


def test_unknown_states_and_actions_are_bad_input():
    with pytest.raises(DisclosureInputError):
        apply_action("archived", "submit", "enterprise")
    with pytest.raises(DisclosureInputError):
        apply_action("draft", "approve", "enterprise")


def test_plain_strings_from_the_database_work():
    assert apply_action("draft", "submit", "enterprise") == "submitted"


def test_allowed_actions_are_what_the_ui_should_offer():
    assert allowed_actions(State.SUBMITTED, Role.BUREAU) == [Action.RETURN, Action.ACCEPT]
    assert allowed_actions(State.SUBMITTED, Role.ENTERPRISE) == []


@pytest.mark.parametrize("state", [s for s in State if s not in (State.DRAFT, State.RETURNED)])
def test_content_is_frozen_once_submitted(state):
    with pytest.raises(WorkflowError) as err:
        ensure_editable(state)
    assert err.value.code == "report_immutable"


def test_a_restatement_is_a_new_draft_version_linked_to_the_published_one():
    published = ReportVersion("r1", 1, State.PUBLISHED)
    new = restate(published, "r2", "2024 grid factor published", Role.ENTERPRISE)
    assert (new.version, new.state, new.previous_id) == (2, State.DRAFT, "r1")
    assert published.state is State.PUBLISHED  # the old version is untouched


def test_a_report_still_in_review_cannot_be_restated():
    with pytest.raises(WorkflowError) as err:
        restate(ReportVersion("r1", 1, State.SUBMITTED), "r2", "why", Role.ENTERPRISE)
    assert err.value.code == "restatement_not_allowed"


def test_a_verifier_cannot_open_a_restatement():
    with pytest.raises(WorkflowPermissionError):
        restate(ReportVersion("r1", 1, State.PUBLISHED), "r2", "why", Role.VERIFIER)
