from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    result = []
    if principal.is_bureau_staff:
        result.append(NavItem(_("Allowance registry"), reverse("registry:compliance"), 40))
    elif principal.seats:
        result.append(NavItem(_("Allowance registry"), reverse("registry:index"), 40))
    return result
