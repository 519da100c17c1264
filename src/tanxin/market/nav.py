from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    if not (principal.seats or principal.is_superuser):
        return []
    return [NavItem(_("Carbon prices"), reverse("market:prices"), 45)]
