"""Domain refusals carry English messages and stable codes; people read these translations instead."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tanxin.common import errors
from tanxin.common.errors import DomainError

MESSAGES = {
    "not_whole_tonnes": _("The quantity must be a whole number of tonnes."),
    "not_positive": _("The quantity must be positive."),
    "same_account": _("The source and destination are the same account."),
    "wrong_account_kind": _("This kind of account cannot take part in this operation."),
    "account_blocked": _("The account is blocked (for example by an open reconciliation case)."),
    "second_approval_required": _("This transfer needs a second, different authorised person to approve it."),
    "untrusted_counterparty": _("The destination is not on the account's trusted-counterparty list."),
    "counterparty_cooling_off": _("The trusted counterparty is still in its cooling-off period."),
    "instrument_not_eligible": _("This instrument does not count for this compliance obligation."),
    "wrong_vintage": _("The allowance vintage is later than the compliance year."),
    "offset_cap_exceeded": _("This surrender would exceed the offset cap."),
    "duplicate_hold": _("A hold with this number already exists."),
    "pledgee_required": _("A pledge needs a pledgee."),
    "hold_not_found": _("There is no open hold with this number."),
    "exceeds_hold": _("The quantity is more than the hold still covers."),
    "not_pledgee": _("Only the pledgee may release or enforce this pledge."),
    "not_authorised": _("You are not the authority that may lift or enforce this hold."),
    "insufficient_available": _("Not enough available tonnes (held tonnes cannot be moved)."),
    "unknown_account": _("Unknown account."),
    "cannot_reverse_reversal": _("A reversal cannot be reversed; record a new transaction instead."),
    "bad_instrument": _("Unknown or malformed instrument code."),
    "bad_idempotency_key": _("The Idempotency-Key header is missing or longer than 200 characters."),
    "idempotency_key_reused": _("This Idempotency-Key was already used for a different request."),
    "unknown_rule_pack": _("No compliance rule pack for this scheme."),
}


def translate(exc: DomainError) -> DomainError:
    """The same error (class, code, details) with the message in the user's language."""
    return errors.translate(exc, MESSAGES)
