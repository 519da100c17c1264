"""Who sees an ABS deal.

- the arranger and the guarantor: read and change their own deals;
- a bank whose loan is in the live pool: reads the deal;
- bureau staff of the deal's jurisdiction (and above): read every deal;
- an enterprise whose loan is in the pool: sees the deal, and of the pool only its own loan's line
  (``access_for`` says which view a principal gets; pages and API ask it);
- anonymous visitors: nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q

from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.gate import GatedQuerySet, principal_for


class Access(StrEnum):
    EDIT = "edit"
    READ = "read"
    LINE = "line"  # an enterprise: its own pool line only


def _owner(principal: Principal, prefix: str = "") -> Q:
    ids = principal.org_ids
    return Q(**{f"{prefix}arranger_id__in": ids}) | Q(**{f"{prefix}guarantor_id__in": ids})


def _reader(principal: Principal, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}jurisdiction_id__in": principal.staff_jurisdictions})
        | _owner(principal, prefix)
        | Q(**{f"{prefix}pk__in": _pool_deals("bank_id", principal)})
        | Q(**{f"{prefix}pk__in": _pool_deals("enterprise_id", principal)})
    )


def _pool_deals(field: str, principal: Principal):
    from tanxin.securitisation.models import PoolLoan

    return PoolLoan.objects.filter(active=True, **{f"{field}__in": principal.org_ids}).values("deal_id")


class DealQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return _reader(principal) if action == "view" else _owner(principal)


class DealChildQuerySet(GatedQuerySet):
    """Tranches and runs: with their deal, but not for a borrower (it sees its own line only)."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        if action != "view":
            return _owner(principal, "deal__")
        from tanxin.securitisation.models import PoolLoan

        deals = PoolLoan.objects.filter(active=True, bank_id__in=principal.org_ids).values("deal_id")
        return (Q(deal__jurisdiction_id__in=principal.staff_jurisdictions) | _owner(principal, "deal__")
                | Q(deal_id__in=deals))  # fmt: skip


class PoolLoanQuerySet(GatedQuerySet):
    """Pool lines: the whole pool for readers of the deal; an enterprise's own lines for the enterprise."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        if action != "view":
            return _owner(principal, "deal__")
        from tanxin.securitisation.models import PoolLoan

        deals = PoolLoan.objects.filter(active=True, bank_id__in=principal.org_ids).values("deal_id")
        return (Q(deal__jurisdiction_id__in=principal.staff_jurisdictions) | _owner(principal, "deal__")
                | Q(deal_id__in=deals) | Q(enterprise_id__in=principal.org_ids))  # fmt: skip


def access_for(user: Any, deal: Any) -> Access | None:
    """The view this user gets of ``deal`` (None: the deal does not exist for them)."""
    from tanxin.securitisation.models import Deal

    principal = principal_for(user)
    if principal.is_anonymous:
        return None
    if principal.is_superuser or Deal.objects.visible_to(user, "change").filter(pk=deal.pk).exists():
        return Access.EDIT
    if not Deal.objects.visible_to(user, "view").filter(pk=deal.pk).exists():
        return None
    if deal.jurisdiction_id in principal.staff_jurisdictions or deal.pool.filter(
            active=True, bank_id__in=principal.org_ids).exists():  # fmt: skip
        return Access.READ
    return Access.LINE
