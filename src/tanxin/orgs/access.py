"""The one access rule for an enterprise's data: may this principal see (or act on) it?

- bureau staff (admin, officer) of the enterprise's jurisdiction or of a jurisdiction above it;
- the enterprise's own people;
- a partner: a bank or guarantor named in the enterprise's active consent, or any organisation in a
  relationship another app registers (lending registers "pledgee of a live loan", see
  ``register_relationship``).

Every gate builds its rule from these pieces, and every object-level check asks ``is_staff_for`` or
``may_see_enterprise``, so the rule exists once. ``enterprise`` arguments are lookup paths from the
model queried to the enterprise (``"enterprise"``, ``"report__enterprise"``, ``"owner"``), or ``""``
when the model queried *is* the organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS

NOTHING = Q(pk__in=[])
# name -> function(principal) giving a queryset of enterprise ids (one column), or None when the principal
# can have no such relationship (so the rule adds no subquery).
Relationship = Callable[[Principal], "QuerySet | None"]
_RELATIONSHIPS: dict[str, Relationship] = {}


def register_relationship(name: str, enterprise_ids: Relationship) -> None:
    """Let an app widen the partner rule, e.g. ``register_relationship("pledgee", live_loans_of)``.

    Call it from the app's ``AppConfig.ready``. ``enterprise_ids(principal)`` returns a one-column queryset
    of enterprise ids (``.values("enterprise_id")``) the principal is related to, or None.
    Registering the same name again replaces the function (so a reloaded app does not count twice).
    """
    _RELATIONSHIPS[name] = enterprise_ids


def relationships() -> tuple[str, ...]:
    return tuple(sorted(_RELATIONSHIPS))


def _field(enterprise: str, suffix: str) -> str:
    if not enterprise:
        return {"id": "pk", "jurisdiction_id": "jurisdiction_id"}[suffix]
    return f"{enterprise}_id" if suffix == "id" else f"{enterprise}__{suffix}"


def consenting_enterprises(principal: Principal) -> QuerySet | None:
    """Enterprise ids whose active consent names one of the principal's banks or guarantors."""
    grantee_ids = principal.org_ids_of_kind(*CONSENT_GRANTEE_KINDS)
    if not grantee_ids:
        return None
    consent = apps.get_model("orgs", "ConsentGrant")
    now = timezone.now()
    return (
        consent.objects.filter(grantee_id__in=grantee_ids, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values("enterprise_id")
    )


def _partner_sets(principal: Principal) -> list[QuerySet]:
    found = [consenting_enterprises(principal)]
    found += [relation(principal) for _name, relation in sorted(_RELATIONSHIPS.items())]
    return [ids for ids in found if ids is not None]


def staff_rule(principal: Principal, enterprise: str = "") -> Q:
    """Rows of enterprises in the principal's staff jurisdictions (with descendants)."""
    return Q(**{f"{_field(enterprise, 'jurisdiction_id')}__in": principal.staff_jurisdictions})


def own_rule(principal: Principal, enterprise: str = "", org_ids: frozenset[int] | None = None) -> Q:
    """Rows of the principal's own organisations (or of ``org_ids``, e.g. only those it administers)."""
    ids = principal.org_ids if org_ids is None else org_ids
    return Q(**{f"{_field(enterprise, 'id')}__in": ids}) if ids else NOTHING


def partner_rule(principal: Principal, enterprise: str = "") -> Q:
    """Rows of enterprises that consented to one of the principal's banks or guarantors, or that a
    registered relationship links to it."""
    condition = NOTHING
    for ids in _partner_sets(principal):
        condition |= Q(**{f"{_field(enterprise, 'id')}__in": ids})
    return condition


def enterprise_rule(principal: Principal, enterprise: str = "") -> Q:
    """Who may *see* an enterprise's data: staff of its jurisdiction, its own people, its partners."""
    return staff_rule(principal, enterprise) | own_rule(principal, enterprise) | partner_rule(principal, enterprise)


def is_staff_for(principal: Principal, jurisdiction_id: int | None) -> bool:
    """Object-level: is the principal bureau staff for this jurisdiction (or a superuser)?"""
    return principal.is_superuser or (jurisdiction_id is not None and jurisdiction_id in principal.staff_jurisdictions)


def may_see_enterprise(user: Any, enterprise_id: int) -> bool:
    """Object-level: the directory gate's answer for one enterprise (one query)."""
    organisation = apps.get_model("orgs", "Organisation")
    return organisation.objects.visible_to(user, "view").filter(pk=enterprise_id).exists()
