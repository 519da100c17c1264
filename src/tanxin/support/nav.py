from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    result = []
    if principal.is_bureau_staff:
        result.append(NavItem(_("Support fund"), reverse("support:index"), 40))
        result.append(NavItem(_("Fund dashboard"), reverse("support:dashboard"), 41))
    elif principal.has_kind("enterprise"):
        result.append(NavItem(_("Support fund"), reverse("support:index"), 40))
    if principal.is_expert and not principal.is_bureau_staff:
        result.append(NavItem(_("Expert review"), reverse("support:expert_queue"), 40))
    return result
