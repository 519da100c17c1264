"""Securitisation refusals and labels in the user's language (the engine speaks English with stable codes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tanxin.common.errors import DomainError, translate

MESSAGES = {
    "bad_structure": _("The structure is not well formed."),
    "bad_version": _("This structure format version is not supported."),
    "bad_tranches": _("A deal needs between one and ten tranches, each with a schedule given as a list."),
    "duplicate_name": _("Two parts of the structure have the same name."),
    "bad_name": _("Each part of the structure needs a short name."),
    "bad_choice": _("The structure holds a value it does not know: %(field)s."),
    "bad_number": _("The structure holds a value that is not a whole number: %(field)s."),
    "negative_rate": _("A rate or amount is negative where that is not allowed: %(field)s."),
    "out_of_range": _("A value is out of range: %(field)s."),
    "tranches_exceed_pool": _("The tranches add up to more than the pool."),
    "retention_too_low": _("The originator keeps less than the minimum risk retention."),
    "unknown_account": _("A waterfall step names an account that does not exist: %(account)s."),
    "unknown_tranche": _("A waterfall step names a tranche that does not exist."),
    "unknown_fee": _("A waterfall step names a fee that does not exist."),
    "unknown_waterfall": _("A trigger switches to a waterfall that does not exist."),
    "bad_waterfall": _("The waterfall is not well formed: it needs a normal waterfall with steps per account."),
    "bad_step": _("A waterfall step is missing its tranches or names an unknown support."),
    "bad_trigger": _("A trigger formula cannot be evaluated: %(formula)s."),
    "empty_pool": _("The pool holds no loan."),
    "bad_term": _("A pool loan's remaining term is out of range."),
    "bad_loan": _("A pool loan has an unknown amortisation or guarantee."),
    "bad_price": _("The carbon price assumptions are out of range."),
    "bad_lag": _("The recovery lag is out of range."),
    "unknown_loan": _("A default names a loan that is not in the pool."),
    "too_many_paths": _("Too many paths: at most %(limit)s."),
    "too_few_prices": _("There are too few prices to calibrate a price model."),
    "defaults_base_only": _("Named loan defaults apply to the base case only."),
    "not_conserved": _("The waterfall lost or created money; the run was stopped."),
    "no_bracket": _("No break-even point lies in the searched range."),
    "ineligible": _("Some loans cannot enter the pool."),
    "loan_in_other_deal": _("A loan is already in another live deal."),
    "no_structure": _("Set the deal's structure first."),
    "no_pool": _("Choose the pool's loans first."),
    "not_arranger": _("Only a guarantor or arranger may set up a deal."),
    "bad_import": _("The deal description cannot be read."),
    "bad_assumptions": _("The assumptions are not well formed."),
}

REASONS = {
    "not_live": _("Not disbursed, or already ended"),
    "band": _("Screening band not accepted"),
    "no_pledge": _("No registered pledge"),
    "no_rate": _("No interest rate"),
    "no_balance": _("Nothing outstanding"),
    "term": _("Remaining term outside the limits"),
    "other_deal": _("Already in another deal"),
    "obligor": _("Single-obligor limit exceeded"),
    "instrument": _("Instrument concentration limit exceeded"),
    "industry": _("Industry concentration limit exceeded"),
}

ACCOUNT_LABELS = {"interest": _("Interest account"), "principal": _("Principal account")}
WATERFALL_LABELS = {"normal": pgettext_lazy("waterfall", "Normal"), "sequential": _("Sequential (after trigger)")}


def translated(exc: DomainError) -> DomainError:
    return translate(exc, MESSAGES)
