"""Lending refusals in the user's language: the domain speaks English with stable codes; people read these."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tanxin.common.errors import DomainError

MESSAGES = {
    "no_prices": _("There are no prices for this instrument, so it cannot be valued."),
    "short_price_history": _("There are not enough trading days of prices to value this instrument."),
    "stale_old_price": _("The price is stale: the instrument has not traded for more than five trading days."),
    "stale_thin_volume": _("The price is stale: too few trading days with volume in the valuation window."),
    "bad_volatility": _("The volatility must be positive."),
    "bad_risk_inputs": _("Volatility, tenor and liquidation line must be positive."),
    "bad_target": _("The target probability must be between 0 and 1."),
    "not_positive": _("The amount must be positive."),
    "overpayment": _("This is more than is owed."),
    "unknown_band": _("Unknown screening band."),
    "bad_day_count": _("The day-count basis must be 360 or 365."),
    "negative_collateral": _("Collateral cannot be negative."),
    "no_debt": _("Nothing is owed on this loan."),
    "illegal_margin_move": _("This margin call cannot move that way."),
    "call_not_open": _("This margin call is no longer open."),
    "cure_window_closed": _("The cure window of this margin call has closed."),
    "bad_disposal_input": _("There is nothing to dispose of, or nothing is owed."),
    "no_volume": _("The instrument has not traded in the last 20 trading days."),
    "bad_collateral_kind": _("Unknown kind of collateral."),
    "bad_haircut": _("A haircut lies between 0 and 100 %."),
    "exceeds_collateral": _("The loan exceeds what the collateral supports."),
    "unknown_action": _("Unknown step."),
    "wrong_state": _("The loan is not at this step."),
    "wrong_role": _("This step belongs to another party."),
}


def translate(exc: DomainError) -> DomainError:
    message = MESSAGES.get(exc.code)
    if message is None:
        return exc
    return type(exc)(message, code=exc.code, details=exc.details)
