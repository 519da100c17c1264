from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tanxin.orgs.domain.roles import OrgKind
from tanxin.web.nav import NavItem


def items(request, principal) -> list[NavItem]:
    if principal.is_bureau_staff or principal.org_ids_of_kind(OrgKind.BANK, OrgKind.GUARANTOR, OrgKind.ENTERPRISE):
        return [NavItem(_("Carbon ABS"), reverse("securitisation:deals"), 57)]
    return []
