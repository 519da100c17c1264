from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.orgs.domain.roles import OrgKind
from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    result = []
    if principal.is_bureau_staff or principal.org_ids_of_kind(OrgKind.ENTERPRISE, OrgKind.BANK, OrgKind.GUARANTOR):
        result.append(NavItem(_("Carbon accounting"), reverse("accounting:index"), 30))
    if principal.is_bureau_staff or principal.org_ids_of_kind(OrgKind.ENTERPRISE):
        result.append(NavItem(_("Factor library"), reverse("accounting:factors"), 35))
    return result
