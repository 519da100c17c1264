from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.orgs.domain.roles import OrgKind
from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    result = [NavItem(_("Financial products"), reverse("matchmaking:catalogue"), 60)]
    if principal.is_bureau_staff or principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR, OrgKind.ENTERPRISE):
        result.append(NavItem(_("Financing requests"), reverse("matchmaking:index"), 61))
    if principal.is_bureau_staff:
        result.append(NavItem(_("Finance station"), reverse("matchmaking:station"), 62))
    if principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR):
        result.append(NavItem(_("Our products"), reverse("matchmaking:products"), 63))
    return result
