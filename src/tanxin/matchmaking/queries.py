"""Reads for matchmaking's own pages and API, always through the gate; the public reads name themselves."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tanxin.matchmaking.models import Addressee, Disbursement, FinancingRequest, Match, Meeting, Product, Step
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for


def products(user: Any) -> QuerySet:
    return Product.objects.visible_to(user).select_related("provider", "jurisdiction")


def public_catalogue() -> QuerySet:
    return Product.objects.published().select_related("provider").order_by("kind", "provider_id", "code")


def requests(user: Any, status: str = "") -> QuerySet:
    qs = FinancingRequest.objects.visible_to(user).select_related("enterprise")
    return qs.filter(status=status) if status else qs


def request(user: Any, request_id: int) -> FinancingRequest | None:
    return requests(user).filter(pk=request_id).first()


def matches(user: Any, r: FinancingRequest) -> list[Match]:
    """The ranked products: all of them for the enterprise and staff, only its own for a bank."""
    qs = Match.objects.visible_to(user).filter(request=r).select_related("product__provider").order_by("rank")
    p = principal_for(user)
    if r.enterprise_id in p.org_ids or access.is_staff_for(p, r.enterprise.jurisdiction_id):
        return list(qs)
    return list(qs.filter(product__provider_id__in=p.org_ids))


def addressees(user: Any, r: FinancingRequest) -> list[Addressee]:
    return list(Addressee.objects.visible_to(user).filter(request=r).select_related("bank", "product"))


def steps(user: Any, r: FinancingRequest) -> list[Step]:
    return list(Step.objects.visible_to(user).filter(request=r).select_related("actor", "org"))


def disbursements(user: Any, r: FinancingRequest | None = None) -> QuerySet:
    qs = Disbursement.objects.visible_to(user).select_related("bank", "request__enterprise")
    return qs.filter(request=r) if r is not None else qs


def meetings(user: Any) -> QuerySet:
    return Meeting.objects.visible_to(user).select_related("jurisdiction")


def station_scope(user: Any) -> set[int] | None:
    """The jurisdictions whose station figures the user may read: staff their own; nobody else (None = all,
    only for the platform operator)."""
    p = principal_for(user)
    if p.is_superuser:
        return None
    return set(p.staff_jurisdictions)
