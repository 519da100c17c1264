from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tanxin.common.identifiers import uscc_problem

USCC_MESSAGES = {
    "length": _("A unified social credit code has exactly 18 characters."),
    "charset": _("Only digits and capital letters other than I, O, Z, S and V are allowed."),
    "division": _("Characters 3 to 8 must be the 6-digit administrative division code."),
    "org_check": _("The organisation code (characters 9 to 17) fails its check character."),
    "check_digit": _("The check character (the 18th) is wrong for this code."),
}


def validate_uscc(value: str) -> None:
    problem = uscc_problem(value or "")
    if problem is not None:
        raise ValidationError(USCC_MESSAGES[problem.reason], code=f"uscc_{problem.reason}")
