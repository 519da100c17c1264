"""Who sees which registry rows (the rules behind ``visible_to``).

- Bureau staff see the accounts, transactions, holds and obligations of their jurisdiction.
- An organisation's people see its own accounts and everything that touches them.
- A bank or guarantor sees an enterprise's holdings only under the enterprise's active consent; a
  pledgee sees the pledges it holds (not the rest of the account) without consent.
- ``change`` on an account (transfer, surrender, cancel) is for the owner's administrators;
  ``manage`` (allocation, holds, blocks) is for bureau staff.
"""

from __future__ import annotations

from django.db.models import Q

from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.gate import GatedQuerySet, consenting_enterprise_ids


def _consenting_owner_ids(principal: Principal):
    """Organisation ids (as a subquery) whose consent names one of the principal's banks/guarantors."""
    from tanxin.orgs.models import Organisation

    return Organisation.objects.filter(consenting_enterprise_ids(principal)).values("pk")


def account_rule(principal: Principal, action: str, prefix: str = "") -> Q:
    staff = Q(**{f"{prefix}jurisdiction_id__in": principal.staff_jurisdictions})
    if action == "view":
        return (
            staff
            | Q(**{f"{prefix}owner_id__in": principal.org_ids})
            | Q(**{f"{prefix}owner_id__in": _consenting_owner_ids(principal)})
        )
    if action == "change":
        return Q(**{f"{prefix}owner_id__in": principal.admin_org_ids(), f"{prefix}kind": "holding"})
    return staff


def can_change(principal: Principal, kind: str, owner_id: int) -> bool:
    """``account_rule(principal, "change")`` for one already-loaded account, without a query.

    The transfer hot path uses it; a test checks it agrees with ``visible_to(user, "change")`` for every
    persona and account, so the two spellings of the rule cannot drift apart.
    """
    return principal.is_superuser or (kind == "holding" and owner_id in principal.admin_org_ids())


class AccountQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return account_rule(principal, action)


class TransactionQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        from tanxin.registry.models import Account

        visible = Account.objects.filter(account_rule(principal, "view"))
        holds = Q(hold_movements__hold__pledgee_id__in=principal.org_ids)
        return Q(postings__account__in=visible) | Q(hold_movements__hold__account__in=visible) | holds

    def visible_to(self, user, action="view"):
        # Postings join can duplicate rows; distinct is applied by the base class.
        return super().visible_to(user, action)


class HoldQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        if action == "view":
            return account_rule(principal, "view", "account__") | Q(pledgee_id__in=principal.org_ids)
        return Q(account__jurisdiction_id__in=principal.staff_jurisdictions) | Q(pledgee_id__in=principal.org_ids)


class ObligationQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = Q(enterprise__jurisdiction_id__in=principal.staff_jurisdictions)
        if action == "view":
            return (
                staff
                | Q(enterprise_id__in=principal.org_ids)
                | Q(enterprise_id__in=_consenting_owner_ids(principal))
            )
        return staff


class TransferRequestQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = Q(from_account__jurisdiction_id__in=principal.staff_jurisdictions)
        if action == "view":
            return staff | Q(from_account__owner_id__in=principal.org_ids)
        return Q(from_account__owner_id__in=principal.admin_org_ids())


class BureauOnlyQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return Q(jurisdiction_id__in=principal.staff_jurisdictions)
