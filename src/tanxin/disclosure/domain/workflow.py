"""Report workflow as an explicit transition table.

    draft ──submit──► submitted ──accept──► accepted ──start_verification──► in_verification
      ▲                  │                                                    │        │
      └──revise── returned ◄──return─────────────────────────────── return ───┘     verify
                                                                                     ▼
                                                      published ◄──publish── verified

Published is final: a correction is a *restatement*, a new version (draft) linked to the previous
one, so the public record of what was published never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tanxin.disclosure.domain.errors import DisclosureInputError, WorkflowError, WorkflowPermissionError


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    IN_VERIFICATION = "in_verification"
    VERIFIED = "verified"
    PUBLISHED = "published"


class Action(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    REVISE = "revise"
    ACCEPT = "accept"
    START_VERIFICATION = "start_verification"
    VERIFY = "verify"
    PUBLISH = "publish"


class Role(StrEnum):
    ENTERPRISE = "enterprise"
    BUREAU = "bureau"
    VERIFIER = "verifier"


@dataclass(frozen=True)
class Transition:
    source: State
    action: Action
    target: State
    roles: frozenset[Role]


def _t(source: State, action: Action, target: State, *roles: Role) -> Transition:
    return Transition(source, action, target, frozenset(roles))


TRANSITIONS: tuple[Transition, ...] = (
    _t(State.DRAFT, Action.SUBMIT, State.SUBMITTED, Role.ENTERPRISE),
    _t(State.SUBMITTED, Action.RETURN, State.RETURNED, Role.BUREAU),
    _t(State.SUBMITTED, Action.ACCEPT, State.ACCEPTED, Role.BUREAU),
    _t(State.RETURNED, Action.REVISE, State.DRAFT, Role.ENTERPRISE),
    # The bureau assigns the verifier; the verifier may send the report back with findings.
    _t(State.ACCEPTED, Action.START_VERIFICATION, State.IN_VERIFICATION, Role.BUREAU),
    _t(State.IN_VERIFICATION, Action.RETURN, State.RETURNED, Role.VERIFIER, Role.BUREAU),
    _t(State.IN_VERIFICATION, Action.VERIFY, State.VERIFIED, Role.VERIFIER),
    _t(State.VERIFIED, Action.PUBLISH, State.PUBLISHED, Role.BUREAU),
)

_TABLE: dict[tuple[State, Action], Transition] = {(t.source, t.action): t for t in TRANSITIONS}

EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
RESTATABLE_STATES = frozenset({State.VERIFIED, State.PUBLISHED})


def _parse(enum: type[StrEnum], value: str, code: str, field: str) -> StrEnum:
    try:
        return enum(value)
    except ValueError:
        raise DisclosureInputError(code, **{field: value}) from None


def apply_action(state: State | str, action: Action | str, role: Role | str) -> State:
    """The state after ``action`` by ``role``; refuses illegal moves (409) and wrong roles (403)."""
    current = State(_parse(State, state, "unknown_state", "state"))
    act = Action(_parse(Action, action, "unknown_action", "action"))
    transition = _TABLE.get((current, act))
    if transition is None:
        raise WorkflowError("illegal_transition", state=current, action=act)
    if role not in transition.roles:
        raise WorkflowPermissionError("role_not_allowed", role=role, action=act, state=current)
    return transition.target


def allowed_actions(state: State | str, role: Role | str) -> list[Action]:
    """Buttons to show: the actions this role may take from this state, in table order."""
    return [t.action for t in TRANSITIONS if t.source == state and role in t.roles]


def ensure_editable(state: State | str) -> None:
    """Content may change only in draft or returned; everything later is frozen."""
    if state not in EDITABLE_STATES:
        raise WorkflowError("report_immutable", state=state)


@dataclass(frozen=True)
class ReportVersion:
    """Identity of one version of an enterprise's report for a data year."""

    report_id: str
    version: int
    state: State
    previous_id: str | None = None
    restatement_reason: str = ""


RESTATING_ROLES = frozenset({Role.ENTERPRISE, Role.BUREAU})


def restate(previous: ReportVersion, new_report_id: str, reason: str, role: Role | str) -> ReportVersion:
    """A new draft version linked to ``previous``; the previous version stays as it was.

    The enterprise restates to correct its data; the bureau may open one when a factor year
    it was computed with has since been published (see accounting ``propose_restatements``).
    """
    if role not in RESTATING_ROLES:
        raise WorkflowPermissionError("role_not_allowed", role=role, action="restate", state=previous.state)
    if previous.state not in RESTATABLE_STATES:
        raise WorkflowError("restatement_not_allowed", state=previous.state)
    return ReportVersion(new_report_id, previous.version + 1, State.DRAFT, previous.report_id, reason)
