"""Workflow of schemes and applications as explicit transition tables with the roles allowed.

The service layer calls ``check_transition`` before writing; it returns the record to persist
(who, when, from, to, why), so every move has an actor, a time and, where the table says so, a reason.
Guards (submit/withdraw only before the deadline, final only when objections are answered, ...)
are named in the table and run by the caller, which holds the data they need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .errors import support_error


class Role(StrEnum):
    ENTERPRISE = "enterprise"
    BUREAU_OFFICER = "bureau_officer"
    BUREAU_ADMIN = "bureau_admin"
    EXPERT = "expert"
    SYSTEM = "system"  # scheduled tasks: closing the window at the deadline, ending publicity


class SchemeStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    REVIEWING = "reviewing"
    RESULT_DRAFT = "result_draft"
    APPROVED = "approved"
    PUBLICITY = "publicity"
    FINAL = "final"


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    RETURNED = "returned"
    INELIGIBLE = "ineligible"
    COMPLETE = "complete"
    UNDER_REVIEW = "under_review"
    SCORED = "scored"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"


class Guard(StrEnum):
    NONE = ""
    IN_WINDOW = "in_window"  # only before the application deadline
    OBJECTIONS_ANSWERED = "objections_answered"  # publicity over and every objection answered
    CRITERIA_VALID = "criteria_valid"  # opening freezes the criteria: they must be valid first
    LIMITS_HOLD = "limits_hold"  # approval re-checks cap and budget


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[Role]
    reason_required: bool = False
    guard: Guard = Guard.NONE


def _t(src: StrEnum, dst: StrEnum, *roles: Role, reason: bool = False, guard: Guard = Guard.NONE) -> Transition:
    return Transition(src.value, dst.value, frozenset(roles), reason, guard)


S, A, R = SchemeStatus, ApplicationStatus, Role
_ADMIN, _OFFICER = R.BUREAU_ADMIN, R.BUREAU_OFFICER

SCHEME_TRANSITIONS: tuple[Transition, ...] = (
    _t(S.DRAFT, S.OPEN, _ADMIN, guard=Guard.CRITERIA_VALID),
    _t(S.OPEN, S.CLOSED, _ADMIN, R.SYSTEM),
    _t(S.CLOSED, S.REVIEWING, _ADMIN, _OFFICER),
    _t(S.REVIEWING, S.RESULT_DRAFT, _ADMIN, _OFFICER),
    _t(S.RESULT_DRAFT, S.REVIEWING, _ADMIN, reason=True),  # send back for re-scoring
    _t(S.RESULT_DRAFT, S.APPROVED, _ADMIN, guard=Guard.LIMITS_HOLD),
    _t(S.APPROVED, S.PUBLICITY, _ADMIN, _OFFICER),
    _t(S.PUBLICITY, S.RESULT_DRAFT, _ADMIN, reason=True),  # an objection upheld: revise the result
    _t(S.PUBLICITY, S.FINAL, _ADMIN, R.SYSTEM, guard=Guard.OBJECTIONS_ANSWERED),
)

APPLICATION_TRANSITIONS: tuple[Transition, ...] = (
    _t(A.DRAFT, A.SUBMITTED, R.ENTERPRISE, guard=Guard.IN_WINDOW),
    _t(A.DRAFT, A.WITHDRAWN, R.ENTERPRISE),
    _t(A.SUBMITTED, A.WITHDRAWN, R.ENTERPRISE, guard=Guard.IN_WINDOW),
    _t(A.SUBMITTED, A.RETURNED, _OFFICER, _ADMIN, reason=True),
    _t(A.SUBMITTED, A.INELIGIBLE, _OFFICER, _ADMIN, reason=True),
    _t(A.SUBMITTED, A.COMPLETE, _OFFICER, _ADMIN),
    _t(A.RETURNED, A.SUBMITTED, R.ENTERPRISE, guard=Guard.IN_WINDOW),
    _t(A.RETURNED, A.WITHDRAWN, R.ENTERPRISE, guard=Guard.IN_WINDOW),
    _t(A.COMPLETE, A.WITHDRAWN, R.ENTERPRISE, guard=Guard.IN_WINDOW),
    _t(A.COMPLETE, A.UNDER_REVIEW, _OFFICER, _ADMIN),
    _t(A.UNDER_REVIEW, A.SCORED, _OFFICER, _ADMIN, R.SYSTEM),
    _t(A.SCORED, A.UNDER_REVIEW, _ADMIN, reason=True),  # re-scoring after a spread flag or objection
    _t(A.SCORED, A.AWARDED, _ADMIN, R.SYSTEM),
    _t(A.SCORED, A.NOT_AWARDED, _ADMIN, R.SYSTEM),
)


# Which scheme states allow each application-level action, so a late submission, an early score or
# an edit to an approved result is refused however the request arrives (form, API, admin, task).
SCHEME_ACTIONS: dict[str, frozenset[SchemeStatus]] = {
    "edit_criteria": frozenset({S.DRAFT}),
    "submit_application": frozenset({S.OPEN}),
    "withdraw_application": frozenset({S.OPEN}),
    "formal_check": frozenset({S.OPEN, S.CLOSED}),
    "assign_experts": frozenset({S.CLOSED, S.REVIEWING}),
    "submit_expert_sheet": frozenset({S.REVIEWING}),
    "verify_declaration": frozenset({S.CLOSED, S.REVIEWING}),
    "adjust_score": frozenset({S.REVIEWING, S.RESULT_DRAFT}),
    "adjust_award": frozenset({S.RESULT_DRAFT}),
    "file_objection": frozenset({S.PUBLICITY}),
    "answer_objection": frozenset({S.PUBLICITY}),
    "record_disbursement": frozenset({S.FINAL}),
}


def ensure_scheme_allows(status: SchemeStatus, action: str) -> None:
    if status not in SCHEME_ACTIONS[action]:
        allowed = sorted(s.value for s in SCHEME_ACTIONS[action])
        raise support_error("invalid_transition", source=status.value, action=action, allowed=allowed)


@dataclass(frozen=True)
class TransitionRecord:
    source: str
    target: str
    actor: str
    role: Role
    at: datetime
    reason: str
    guard: Guard


def find_transition(table: tuple[Transition, ...], source: str, target: str) -> Transition | None:
    for t in table:
        if t.source == source and t.target == target:
            return t
    return None


def allowed_targets(table: tuple[Transition, ...], source: str, role: Role) -> list[str]:
    """What the UI may offer this role from this state (guards still checked on the move)."""
    return [t.target for t in table if t.source == source and role in t.roles]


def check_transition(
    table: tuple[Transition, ...],
    source: StrEnum,
    target: StrEnum,
    *,
    actor: str,
    role: Role,
    at: datetime,
    reason: str = "",
    guards_checked: frozenset[Guard] = frozenset(),
) -> TransitionRecord:
    """Refuse an illegal move; on success, the record the service persists.

    The caller runs the transition's guard with the real check (``ensure_in_window``,
    ``ensure_can_finalise``, ``validate_scheme``, ``ensure_within_limits``), which raises the precise
    error, and then names it in ``guards_checked``. Forgetting to is a programming error, not a 4xx.
    """
    t = find_transition(table, source.value, target.value)
    if t is None:
        raise support_error("invalid_transition", source=source.value, target=target.value)
    if role not in t.roles:
        raise support_error("role_not_allowed", role=role.value, source=source.value, target=target.value)
    if t.reason_required and not reason.strip():
        raise support_error("reason_required", source=source.value, target=target.value)
    if t.guard is not Guard.NONE and t.guard not in guards_checked:
        raise RuntimeError(f"guard {t.guard.value!r} of {source.value}->{target.value} was not checked")
    return TransitionRecord(source.value, target.value, actor, role, at, reason, t.guard)
