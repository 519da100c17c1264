"""Who may read or enter an enterprise's accounting data (the directory's rule, through the gate)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tanxin.common.errors import NotFound, PermissionDenied
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation


def require_view(user: Any, enterprise_id: int) -> Organisation:
    """The enterprise if the user may read its accounting data (404 otherwise: no existence leak).

    Same rule as the directory's: own people, bureau staff of the jurisdiction, consented banks."""
    org = (Organisation.objects.visible_to(user, "view")
           .filter(pk=enterprise_id, kind=OrgKind.ENTERPRISE).first())  # fmt: skip
    if org is None:
        raise NotFound(_("Enterprise not found."))
    return org


def can_edit(user: Any, enterprise_id: int) -> bool:
    principal = principal_for(user)
    return principal.is_superuser or enterprise_id in principal.org_ids_of_kind(OrgKind.ENTERPRISE)


def require_edit(user: Any, enterprise_id: int) -> Organisation:
    org = require_view(user, enterprise_id)
    if not can_edit(user, enterprise_id):
        raise PermissionDenied(_("Only the enterprise's own people may enter its accounting data."))
    return org
