"""Translations of the domain's error codes (the domain speaks English; people read their language)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanxin.common import errors
from tanxin.common.errors import DomainError
from tanxin.disclosure.domain.workflow import Action, State

MESSAGES = {
    "illegal_transition": _("Action “%(action)s” is not possible for a report in state “%(state)s”."),
    "role_not_allowed": _("As %(role)s you may not %(action)s a report in state “%(state)s”."),
    "report_immutable": _("A report in state “%(state)s” cannot be edited; restate it instead."),
    "restatement_not_allowed": _("Only a verified or published report can be restated (state “%(state)s”)."),
    "unknown_state": _("Unknown report state %(state)s."),
    "unknown_action": _("Unknown report action %(action)s."),
    "unknown_deadline_rule": _("Unknown deadline rule %(rule)s."),
    "invalid_payload": _("Report data is invalid: %(problem)s."),
}

STATE_LABELS = {
    State.DRAFT: pgettext_lazy("disclosure", "Draft"),
    State.SUBMITTED: pgettext_lazy("disclosure", "Submitted"),
    State.RETURNED: pgettext_lazy("disclosure", "Returned"),
    State.ACCEPTED: pgettext_lazy("disclosure", "Accepted"),
    State.IN_VERIFICATION: pgettext_lazy("disclosure", "In verification"),
    State.VERIFIED: pgettext_lazy("disclosure", "Verified"),
    State.PUBLISHED: pgettext_lazy("disclosure", "Published"),
}
ACTION_LABELS = {
    Action.SUBMIT: pgettext_lazy("disclosure", "Submit"),
    Action.RETURN: _("Return with comments"),
    Action.REVISE: pgettext_lazy("disclosure", "Revise"),
    Action.ACCEPT: pgettext_lazy("disclosure", "Accept"),
    Action.START_VERIFICATION: _("Send to verification"),
    Action.VERIFY: pgettext_lazy("disclosure", "Verify"),
    Action.PUBLISH: pgettext_lazy("disclosure", "Publish"),
    "restate": _("restate"),
}
ROLE_LABELS = {"enterprise": _("enterprise"), "bureau": _("bureau"), "verifier": _("verifier")}
RULE_LABELS = {
    "annual_disclosure": _("Annual environmental information disclosure"),
    "temporary_disclosure": _("Temporary disclosure"),
    "ets_report": _("National ETS emission report"),
    "ets_verification": _("National ETS verification"),
    "sz_ets_report": _("Shenzhen ETS emission report"),
    "sz_verification": _("Shenzhen verification and value-added audit"),
    "sz_surrender": _("Shenzhen allowance surrender"),
}


def _label(value: str) -> str:
    for table in (STATE_LABELS, ACTION_LABELS, ROLE_LABELS):
        if value in table:
            return str(table[value])
    return value


def translate(exc: DomainError) -> DomainError:
    """Replace a domain error's English message with the user's language, keeping code and details."""
    values = {k: _label(str(v)) for k, v in exc.details.items()} if isinstance(exc.details, dict) else None
    return errors.translate(exc, MESSAGES, values=values)
