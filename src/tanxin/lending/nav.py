from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.orgs.domain.roles import OrgKind
from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    result = []
    if principal.is_bureau_staff or principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR, OrgKind.ENTERPRISE):
        result.append(NavItem(_("Pledge loans"), reverse("lending:loans"), 55))
    if principal.is_bureau_staff or principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR):
        result.append(NavItem(_("Screening"), reverse("lending:screening"), 54))
        result.append(NavItem(_("Loan portfolio"), reverse("lending:portfolio"), 56))
    return result
