from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.orgs.domain.roles import OrgKind
from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    result = []
    if principal.is_bureau_staff:
        result.append(NavItem(_("Disclosure overview"), reverse("disclosure:bureau"), 30))
    if principal.is_bureau_staff or principal.org_ids_of_kind(OrgKind.ENTERPRISE, OrgKind.VERIFIER, OrgKind.BANK,
                                                               OrgKind.GUARANTOR):  # fmt: skip
        result.append(NavItem(_("Disclosure reports"), reverse("disclosure:index"), 31))
    result.append(NavItem(_("Public disclosures"), reverse("disclosure:public"), 32))
    return result
