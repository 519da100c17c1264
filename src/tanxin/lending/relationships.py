"""The relationship lending adds to the one access rule (``tanxin.orgs.access``): the bank of a loan whose
pledge is registered and not yet released sees the borrower's data for as long as the pledge lasts, consent or
not — it monitors the collateral (holdings, compliance, verified emissions) it lent against."""

from __future__ import annotations

from django.db.models import QuerySet

from tanxin.lending.domain.workflow import State
from tanxin.lending.models import Loan
from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.domain.roles import OrgKind

# From the pledge's registration to its release or enforcement.
PLEDGE_IN_FORCE = (State.PLEDGED, State.LIVE, State.DEFAULTED, State.DISPOSING)


def pledgee_of(principal: Principal) -> QuerySet | None:
    banks = principal.org_ids_of_kind(OrgKind.BANK)
    if not banks:
        return None
    return Loan.objects.filter(bank_id__in=banks, state__in=PLEDGE_IN_FORCE).values("enterprise_id")
