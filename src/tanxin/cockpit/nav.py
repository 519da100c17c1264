from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    """Bureau staff (and the platform's operator) open the cockpit of their own jurisdiction."""
    if principal.is_bureau_staff or principal.is_superuser:
        return [NavItem(_("Cockpit"), reverse("cockpit:start"), 5)]
    return []
