"""Matchmaking refusals in the user's language: the rules speak stable codes, people read these."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tanxin.common import errors
from tanxin.common.errors import DomainError

MESSAGES = {
    "request_amount_range": _("The amount must lie between %(low)s and %(high)s CNY."),
    "request_term_range": _("The term must lie between %(low)s and %(high)s months."),
    "unknown_collateral": _("Unknown kind of collateral."),
    "negative_position": _("The carbon position cannot be negative."),
    "product_amount_range": _("The amount range of the product is out of bounds."),
    "product_min_above_max": _("The minimum amount is above the maximum amount."),
    "product_term_range": _("The term range must run from a minimum to a maximum between 1 and 360 months."),
    "product_spread_range": _("The spread range must run from a minimum to a maximum between 0 and 2,000 bp."),
    "product_response_range": _("The response promise must lie between 1 and 60 working days."),
    "unknown_band": _("Unknown screening band."),
    "not_broadcast": _("This request was not sent to your bank."),
    "already_accepted": _("Your bank has already accepted this request."),
    "slots_full": _("The first %(k)s banks have already accepted this request."),
    "slot_expired": _("Your bank's service time for this request has run out; the slot passed to another bank."),
    "slot_cannot_respond": _("Your bank must accept the request before answering it."),
    "slot_cannot_withdraw": _("Your bank holds no slot on this request."),
    "slot_cannot_accept": _("Your bank may not accept this request again."),
    "request_closed": _("This request is closed."),
}


def translate(exc: DomainError) -> DomainError:
    return errors.translate(exc, MESSAGES, field=(exc.details or {}).get("field") if isinstance(exc.details, dict)
                            else None)  # fmt: skip
