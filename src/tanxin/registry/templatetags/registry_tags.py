"""Labels for registry values the templates show (statuses, parameter names, money)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from tanxin.common.money import format_yuan

register = template.Library()

STATUS = {
    "compliant": _("Compliant"),
    "late": _("Compliant (late)"),
    "non_compliant": _("Non-compliant"),
    "pending": _("Pending"),
    "no_obligation": _("No obligation set"),
}
PARAMS = {
    "penalty_multiplier": _("penalty multiplier"),
    "penalty_average_months": _("averaging window"),
    "offset_cap_rate": _("offset cap"),
}
REFERENCES = {
    "registration_no": _("Registration number"),
    "notice_no": _("Notice or ruling number"),
    "ruling": _("Ruling number"),
    # The references a pledge loan writes on its hold (lending's desk).
    "loan": _("Loan number"),
    "pboc_registration": _("PBOC registration number"),
    "notice": _("Notice number"),
}
SCHEMES = {"shenzhen": _("Shenzhen ETS"), "national": _("National ETS")}


@register.filter
def status_label(value: str) -> str:
    return str(STATUS.get(str(value), value))


@register.filter
def param_label(value: str) -> str:
    return str(PARAMS.get(str(value), value))


@register.filter
def scheme_label(value: str) -> str:
    return str(SCHEMES.get(str(value), value))


@register.filter
def yuan(fen) -> str:
    return "—" if fen is None else format_yuan(int(fen))


@register.filter
def reference_label(value: str) -> str:
    return str(REFERENCES.get(str(value), value))
