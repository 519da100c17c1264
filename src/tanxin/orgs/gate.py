"""The permission gate: every queryset that reaches a user goes through ``visible_to(user, action)``.

One place decides who sees what (the idea of NetBox's ``restrict()``):
- bureau staff (admin, officer) see their jurisdiction and everything below it;
- an organisation's people see their own organisation;
- a bank or guarantor sees an enterprise only while that enterprise's consent is active, or while a
  relationship another app registers links them (``access``: the one enterprise-access rule);
- experts and anonymous visitors see nothing of the directory (public pages use published data).
Actions: ``view``, ``change`` and ``manage`` (people, consents). Later modules subclass ``GatedQuerySet``
and express their rule in terms of ``principal_for(user)``.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from tanxin.orgs import access
from tanxin.orgs.domain.principal import ANONYMOUS, Principal, Seat, staff_seats
from tanxin.orgs.domain.roles import OrgKind, Role

ACTIONS = ("view", "change", "manage")
_CACHE_ATTR = "_tanxin_principal"


def principal_for(user: Any) -> Principal:
    """The user's principal, computed once per user object (i.e. once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    membership = apps.get_model("orgs", "Membership")
    jurisdiction = apps.get_model("orgs", "Jurisdiction")
    rows = membership.objects.filter(user=user).select_related("organisation").order_by("id")
    seats = tuple(
        Seat(m.organisation_id, OrgKind(m.organisation.kind), Role(m.role), m.organisation.jurisdiction_id)
        for m in rows
        if m.organisation.status != "closed"
    )
    staff: set[int] = set()
    for seat in staff_seats(seats):
        staff |= jurisdiction.objects.get(pk=seat.jurisdiction_id).with_descendants()
    principal = Principal(user.pk, bool(user.is_superuser), seats, frozenset(staff))
    setattr(user, _CACHE_ATTR, principal)
    return principal


def forget_principal(user: Any) -> None:
    """Drop the cached principal after memberships change within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")


class GatedQuerySet(models.QuerySet):
    """Base for every user-facing queryset. Subclasses implement ``rule(principal, action)``."""

    def visible_to(self, user: Any, action: str = "view") -> models.QuerySet:
        check_action(action)
        principal = principal_for(user)
        if principal.is_superuser:
            return self.all()
        if principal.is_anonymous:
            return self.none()
        condition = self.rule(principal, action)
        # Rules use pk__in subqueries and many-to-one joins only, so no row is repeated and no DISTINCT
        # is needed (DISTINCT over a sorted 10,000-row directory costs more than the page itself).
        return self.filter(condition) if condition is not None else self.none()

    def rule(self, principal: Principal, action: str) -> Q | None:  # pragma: no cover - abstract
        raise TypeError(f"{type(self).__name__} must define rule()")


def consenting_enterprise_ids(principal: Principal) -> Q:
    """Organisations the principal sees as a partner (consent or a registered relationship): ``access``."""
    return access.partner_rule(principal)


class OrganisationQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        if action == "view":
            return access.enterprise_rule(principal)
        # change and manage: bureau staff of the jurisdiction, or the organisation's own admin.
        return access.staff_rule(principal) | access.own_rule(principal, org_ids=principal.admin_org_ids())

    def enterprises(self) -> models.QuerySet:
        return self.filter(kind=OrgKind.ENTERPRISE)


class MembershipQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = Q(organisation__jurisdiction_id__in=principal.staff_jurisdictions)
        if action == "view":
            return staff | Q(organisation_id__in=principal.org_ids)
        return staff | Q(organisation_id__in=principal.admin_org_ids())


class InvitationQuerySet(MembershipQuerySet):
    pass


class ConsentQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = Q(enterprise__jurisdiction_id__in=principal.staff_jurisdictions)
        if action == "view":
            return staff | Q(enterprise_id__in=principal.org_ids) | Q(grantee_id__in=principal.org_ids)
        # Only the enterprise's own admin grants or revokes consent.
        return Q(enterprise_id__in=principal.admin_org_ids())


class ApiTokenQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return Q(user_id=principal.user_id)  # a token is personal: nobody else sees it
