"""Who sees accounting data.

- Enterprise data (sources, activity lines, evidence, statistics, inventories): the enterprise's own
  people view and change it (admins and members both enter data); bureau staff view their
  jurisdiction's; a bank or guarantor views an enterprise's data while its consent is active.
  Nobody else sees anything (verifiers read what a disclosure report pins, through disclosure).
- The factor library is reference data: every signed-in user may read it; bureau staff change it.
"""

from __future__ import annotations

from django.db.models import Q

from tanxin.orgs import access
from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import GatedQuerySet


def _enterprise_rule(principal: Principal, action: str, field: str) -> Q | None:
    own = access.own_rule(principal, field, principal.org_ids_of_kind(OrgKind.ENTERPRISE))
    if action != "view":
        return own
    return own | access.staff_rule(principal, field) | access.partner_rule(principal, field)


class EnterpriseDataQuerySet(GatedQuerySet):
    """Rows that carry an ``enterprise`` foreign key."""

    enterprise_field = "enterprise"

    def rule(self, principal: Principal, action: str) -> Q | None:
        return _enterprise_rule(principal, action, self.enterprise_field)


class FactorQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        if action == "view":
            return Q()
        return Q() if principal.is_bureau_staff else None

    def current(self):
        """Rows a new calculation may use: not superseded by a correction."""
        return self.filter(superseded_by__isnull=True)
