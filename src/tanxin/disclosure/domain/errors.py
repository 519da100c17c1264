"""Disclosure errors; English messages in one place, translated by ``code`` in the Django layer."""

from __future__ import annotations

from typing import Any

from tanxin.common.errors import Conflict, DomainError, PermissionDenied

MESSAGES: dict[str, str] = {
    "illegal_transition": "Action {action} is not possible for a report in state {state}.",
    "role_not_allowed": "Role {role} may not {action} a report in state {state}.",
    "report_immutable": "A report in state {state} cannot be edited; restate it instead.",
    "restatement_not_allowed": "Only a verified or published report can be restated (state {state}).",
    "unknown_state": "Unknown report state {state}.",
    "unknown_action": "Unknown report action {action}.",
    "unknown_deadline_rule": "Unknown deadline rule {rule}.",
    "invalid_payload": "Report payload is invalid: {problem}.",
}


def _details(details: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in details.items()}


class WorkflowError(Conflict):
    """The report's state does not allow the action (HTTP 409)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(MESSAGES[code].format(**details), code=code, details=_details(details))


class WorkflowPermissionError(PermissionDenied):
    """The actor's role may not perform the action (HTTP 403)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(MESSAGES[code].format(**details), code=code, details=_details(details))


class DisclosureInputError(DomainError):
    """Bad input to a disclosure function (HTTP 400)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(MESSAGES[code].format(**details), code=code, details=_details(details))
