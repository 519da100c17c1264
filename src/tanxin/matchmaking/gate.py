"""Who sees what in matchmaking (every queryset that reaches a user goes through ``visible_to``):

- the catalogue: a published product is seen by everyone signed in (and by the public through
  ``Product.objects.published()``); a provider sees its own drafts; bureau staff see their district's;
- a financing request: the enterprise's own people; bureau staff of its jurisdiction; a bank or guarantor
  only when the request is addressed or broadcast to it **and** the enterprise's consent to that bank is
  active (revoking the consent hides the request again). A bank sees its own answer, never a competitor's;
- a request's matches, steps, disbursements and reports go with the request;
- a meeting: staff of its district and the organisations invited.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from tanxin.orgs import access
from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS, Role
from tanxin.orgs.gate import GatedQuerySet

ACTING = (Role.ADMIN, Role.OFFICER)


def consent_active(prefix: str = "consent__") -> Q:
    return Q(**{f"{prefix}revoked_at__isnull": True}) & (
        Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": timezone.now()}))  # fmt: skip


def partner_ids(principal: Principal) -> frozenset[int]:
    return principal.org_ids_of_kind(*CONSENT_GRANTEE_KINDS)


def reached_requests(principal: Principal):
    """Request ids addressed or broadcast to one of the principal's banks with that bank's consent active."""
    addressee = apps.get_model("matchmaking", "Addressee")
    return addressee.objects.filter(bank_id__in=partner_ids(principal)).filter(consent_active()).values("request_id")


def request_rule(principal: Principal, prefix: str = "") -> Q:
    rule = access.staff_rule(principal, f"{prefix}enterprise") | access.own_rule(principal, f"{prefix}enterprise")
    if partner_ids(principal):
        rule |= Q(**{f"{prefix}pk__in" if not prefix else f"{prefix}id__in": reached_requests(principal)})
    return rule


class ProductQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = Q(jurisdiction_id__in=principal.staff_jurisdictions)
        own = Q(provider_id__in=principal.org_ids)
        if action == "view":
            return staff | own | Q(status="published")
        acting = frozenset(s.org_id for s in principal.seats if s.role in ACTING)
        return staff | Q(provider_id__in=acting)

    def published(self):
        return self.filter(status="published")


class RequestQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return request_rule(principal)


class RequestChildQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return request_rule(principal, "request__")


class AddresseeQuerySet(GatedQuerySet):
    """A bank sees its own row (with consent); the enterprise and staff see every bank's row."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        rule = access.staff_rule(principal, "request__enterprise") | access.own_rule(principal, "request__enterprise")
        banks = partner_ids(principal)
        return rule | (Q(bank_id__in=banks) & consent_active()) if banks else rule


class MeetingQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = Q(jurisdiction_id__in=principal.staff_jurisdictions)
        if action != "view" or not principal.org_ids:
            return staff
        meeting = apps.get_model("matchmaking", "Meeting")
        invited = meeting.objects.filter(Q(banks__in=principal.org_ids) | Q(enterprises__in=principal.org_ids))
        return staff | Q(pk__in=invited.values("pk"))
