"""Errors of the support-fund domain.

Codes are stable (machines, the API and tests match on them); the English messages live here, in one
place, so the Django layer can wrap them in gettext keyed by code and translate them to 中文.
Details carry the parameters a translated message needs, never pre-formatted text.
"""

from __future__ import annotations

from typing import Any

from tanxin.common.errors import Conflict, DomainError, PermissionDenied

# code -> English message. Keep in sync with ERROR_CLASS below; a test checks both cover the same codes.
MESSAGES: dict[str, str] = {
    "outside_window": "This action is only possible inside the scheme's time window.",
    "not_eligible": "The enterprise does not meet the scheme's eligibility rules.",
    "score_out_of_range": "The score is outside the range allowed for this criterion.",
    "not_assigned": "This expert is not assigned to the application.",
    "conflicted": "This expert has a conflict of interest or has not declared one.",
    "over_cap": "The amount exceeds the per-enterprise cap.",
    "over_budget": "The total awarded would exceed the scheme's budget.",
    "criteria_frozen": "The criteria are frozen once applications open.",
    "invalid_criteria": "The criteria tree is not valid.",
    "invalid_transition": "This workflow step is not allowed from the current state.",
    "role_not_allowed": "Your role may not take this workflow step.",
    "reason_required": "A reason is required for this step.",
    "evidence_missing": "Evidence is required for this criterion.",
    "not_applicable": "This criterion does not apply to the enterprise.",
    "objections_open": "All objections must be answered before the result becomes final.",
    "publicity_not_over": "The publicity period has not ended yet.",
    "invalid_allocation": "The allocation settings are not valid.",
    "no_expert_scores": "No expert has submitted a score yet.",
}


class SupportError(DomainError):
    """A support-fund rule refused the request; ``code`` is one of ``MESSAGES``."""


class SupportConflict(SupportError, Conflict):
    """Refusals caused by the current state (frozen criteria, workflow, budget already used)."""


class SupportForbidden(SupportError, PermissionDenied):
    """Refusals caused by who is asking (unassigned or conflicted expert, wrong role)."""


# Which HTTP family each code belongs to; everything else is a plain 400.
_CONFLICT_CODES = frozenset(
    {"criteria_frozen", "invalid_transition", "objections_open", "publicity_not_over", "over_budget"}
)
_FORBIDDEN_CODES = frozenset({"not_assigned", "conflicted", "role_not_allowed"})


def support_error(code: str, **details: Any) -> SupportError:
    """Build the error for ``code`` with its constant message; raise the result."""
    if code not in MESSAGES:
        raise KeyError(f"unknown support error code {code!r}")
    cls: type[SupportError] = SupportError
    if code in _CONFLICT_CODES:
        cls = SupportConflict
    elif code in _FORBIDDEN_CODES:
        cls = SupportForbidden
    return cls(MESSAGES[code], code=code, details=details or None)
