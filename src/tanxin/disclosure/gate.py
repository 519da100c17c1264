"""Who sees which disclosure report (see ``tanxin.orgs.gate`` for the mechanism).

- bureau staff: every report of an enterprise in their jurisdiction;
- the enterprise's own people: their reports (view and change);
- a verification body: only the versions assigned to it;
- a bank or guarantor with the enterprise's active consent: read-only, and never a working draft;
- anonymous visitors: nothing here — the public portal reads published versions through
  ``ReportVersion.objects.published()``.
"""

from __future__ import annotations

from django.db.models import Q

from tanxin.disclosure.domain.workflow import State
from tanxin.orgs import access
from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import GatedQuerySet

# Working copies the enterprise has not filed (or got back): only the enterprise and the bureau see them.
WORKING_STATES = (State.DRAFT.value, State.RETURNED.value)
NOTHING = Q(pk__in=[])


def report_rule(principal: Principal, action: str, enterprise: str, version: str) -> Q:
    """The condition, given the lookup path to the enterprise and to the version from the model queried."""
    staff = access.staff_rule(principal, enterprise)
    own_ids = principal.org_ids_of_kind(OrgKind.ENTERPRISE)
    own = Q(**{f"{enterprise}_id__in": own_ids}) if own_ids else NOTHING
    verifier_ids = principal.org_ids_of_kind(OrgKind.VERIFIER)
    assigned = Q(**{f"{version}assignments__verifier_id__in": verifier_ids}) if verifier_ids else NOTHING
    if action == "manage":
        return staff
    if action == "change":
        return staff | own | assigned
    condition = staff | own | assigned
    partners = access.partner_rule(principal, enterprise)
    if partners != access.NOTHING:  # partners never see a working draft
        condition |= partners & ~Q(**{f"{version}state__in": WORKING_STATES})
    return condition


class ReportQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return report_rule(principal, action, "enterprise", "versions__")


class VersionQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return report_rule(principal, action, "report__enterprise", "")

    def published(self):
        """What the public may see: published versions only, whoever asks."""
        return self.filter(state=State.PUBLISHED)


class VersionChildQuerySet(GatedQuerySet):
    """Events, comments, findings and statements follow the version they belong to."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        return report_rule(principal, action, "version__report__enterprise", "version__")


class AssignmentQuerySet(VersionChildQuerySet):
    pass
