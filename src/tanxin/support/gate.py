"""Who sees what in the support fund (``Model.objects.visible_to(user, action)``).

- bureau staff: everything of schemes in their jurisdiction;
- an enterprise: non-draft schemes, its own applications; its score lines and award only once the
  result is public (publicity or final);
- an expert: applications assigned to them and not declared conflicted; their own sheets, and the
  panel's sheets of an application only after submitting their own (blind scoring);
- anonymous: nothing here (public pages read ``queries.public_*``, which select published data only).
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from tanxin.orgs import access
from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.domain.roles import OrgKind
from tanxin.orgs.gate import GatedQuerySet

RESULT_PUBLIC = ("publicity", "final")


def _enterprise_ids(principal: Principal) -> frozenset[int]:
    return principal.org_ids_of_kind(OrgKind.ENTERPRISE)


def _assigned_application_ids(principal: Principal):
    """Applications the expert is assigned to and has not declared a conflict on (a subquery)."""
    assignment = apps.get_model("support", "ExpertAssignment")
    return assignment.objects.filter(expert_id=principal.user_id, conflicted=False).values("application_id")


class SchemeQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = access.staff_rule(principal)
        if action == "view":
            # Criteria are published once a scheme opens: any signed-in user may read them.
            return staff | ~Q(status="draft")
        return staff

    def published(self):
        return self.exclude(status="draft")


class ApplicationQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = access.staff_rule(principal, "scheme")
        own = Q(enterprise_id__in=_enterprise_ids(principal))
        if action == "view":
            rule = staff | own
            if principal.is_expert:
                rule |= Q(pk__in=_assigned_application_ids(principal))
            return rule
        if action == "change":
            return staff | own
        return staff


class ApplicationChildQuerySet(GatedQuerySet):
    """Declarations and evidence: like the application, experts included (they score on evidence)."""

    experts_see = True
    enterprise_after_results = False

    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = access.staff_rule(principal, "application__scheme")
        if action != "view":
            return staff
        own = Q(application__enterprise_id__in=_enterprise_ids(principal))
        if self.enterprise_after_results:
            own &= Q(application__scheme__status__in=RESULT_PUBLIC)
        rule = staff | own
        if self.experts_see and principal.is_expert:
            rule |= Q(application_id__in=_assigned_application_ids(principal))
        return rule


class ResultQuerySet(ApplicationChildQuerySet):
    """Score lines, awards, disbursements: the enterprise sees its own once the result is public."""

    experts_see = False
    enterprise_after_results = True


class AssignmentQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = access.staff_rule(principal, "application__scheme")
        if action == "manage":
            return staff
        return staff | Q(expert_id=principal.user_id)


class SheetQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = access.staff_rule(principal, "application__scheme")
        if action != "view":
            return staff
        own = Q(expert_id=principal.user_id)
        if not principal.is_expert:
            return staff | own
        sheet = apps.get_model("support", "ExpertSheet")
        submitted = sheet.objects.filter(expert_id=principal.user_id).values("application_id")
        # Blind scoring: colleagues' sheets appear only after the viewer submitted their own.
        return staff | own | Q(application_id__in=submitted)


class ObjectionQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = access.staff_rule(principal, "scheme")
        if action == "view":
            return staff | Q(filed_by_id=principal.user_id)
        return staff
