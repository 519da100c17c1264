from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    result = []
    if principal.is_bureau_staff or principal.org_ids_of_kind("bank", "guarantor"):
        result.append(NavItem(_("Directory"), reverse("orgs:directory"), 10))
    if principal.seats:
        result.append(NavItem(_("My organisation"), reverse("orgs:mine"), 20))
    if principal.user_id is not None:
        result.append(NavItem(_("Inbox"), reverse("orgs:inbox"), 85))
    result.append(NavItem(_("API tokens"), reverse("orgs:tokens"), 90))
    return result
