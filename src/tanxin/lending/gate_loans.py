"""Who sees a pledge loan: the borrower, the lending bank, and bureau staff of the borrower's jurisdiction.

A bank never sees another bank's loans: the loan itself is the relationship (DESIGN §4: "an application
addressed to them"), so no consent check is needed to read one's own loan, and a bank can only open a loan
for an enterprise that consented (checked in the service). ``change`` is the same circle; which of them may
take which step is the workflow's role table (``domain.workflow``). Published pledge notices are public
and read through ``public_notices`` (no user at all).
"""

from __future__ import annotations

from django.db.models import Q

from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.gate import GatedQuerySet


def loan_rule(principal: Principal, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}enterprise__jurisdiction_id__in": principal.staff_jurisdictions})
        | Q(**{f"{prefix}enterprise_id__in": principal.org_ids})
        | Q(**{f"{prefix}bank_id__in": principal.org_ids})
    )


class LoanQuerySet(GatedQuerySet):
    def rule(self, principal: Principal, action: str) -> Q | None:
        return loan_rule(principal)

    def public_notices(self):
        return self.filter(notice_published=True).exclude(notice_no="")


class LoanChildQuerySet(GatedQuerySet):
    """Rows that belong to one loan (documents, events, calls, marks): visible with their loan."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        return loan_rule(principal, "loan__")
