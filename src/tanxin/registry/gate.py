"""Who sees which registry rows (the rules behind ``visible_to``).

- Bureau staff see the accounts, transactions, holds and obligations of their jurisdiction.
- An organisation's people see its own accounts and everything that touches them.
- A bank or guarantor sees an enterprise's holdings only under the enterprise's active consent; a
  pledgee sees the pledges it holds (not the rest of the account) without consent.
- ``change`` on an account (transfer, surrender, cancel) is for the owner's administrators;
  ``manage`` (allocation, holds, blocks) is for bureau staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tanxin.orgs import access
from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.gate import GatedQuerySet


def account_rule(principal: Principal, action: str, prefix: str = "") -> Q:
    # Staff: the account's own jurisdiction (an account may sit in another district than its owner).
    staff = access.staff_rule(principal, prefix.removesuffix("__"))
    if action == "view":
        owner = f"{prefix}owner"
        return staff | access.own_rule(principal, owner) | access.partner_rule(principal, owner)
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
        return access.staff_rule(principal, "account") | Q(pledgee_id__in=principal.org_ids)


class ObligationQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        if action == "view":
            return access.enterprise_rule(principal, "enterprise")
        return access.staff_rule(principal, "enterprise")


class TransferRequestQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = access.staff_rule(principal, "from_account")
        if action == "view":
            return staff | Q(from_account__owner_id__in=principal.org_ids)
        return Q(from_account__owner_id__in=principal.admin_org_ids())


class BureauOnlyQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return access.staff_rule(principal)


def may_act_on_hold(principal: Principal, hold: Any) -> bool:
    """Object-level, shared by pages and API: may the principal release or enforce this hold?

    The pledgee bank acts on its pledge; bureau staff of the account's jurisdiction act on freezes and
    administrative holds. The services pronounce the refusal (``services._authority``); this answers the
    same question for showing the buttons.
    """
    if hold.status != "open":
        return False
    if hold.kind == "pledge":
        return hold.pledgee_id in principal.org_ids
    return access.is_staff_for(principal, hold.account.jurisdiction_id)
