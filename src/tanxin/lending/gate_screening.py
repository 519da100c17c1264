"""Who sees which screening rows (the rules behind ``visible_to``).

Screening data is enterprise data, so it follows the one enterprise-access rule of the directory:
- bureau staff see the enterprises of their jurisdiction (and below) and may record for them;
- an enterprise's own people see and record their own credit and financial figures;
- a bank or guarantor sees an enterprise's screening data only while the enterprise's consent names it;
- a bank sees the consent requests it sent and the visits it takes part in, consent or not;
- experts, verifiers and anonymous visitors see nothing here.
Actions: ``view``; ``change`` (record figures, schedule or report a visit, answer a consent request);
``manage`` (scorecard versions: bureau staff).
"""

from __future__ import annotations

from django.db.models import Q

from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS, OrgKind
from tanxin.orgs.gate import GatedQuerySet, consenting_enterprise_ids


def consenting_ids(principal: Principal):
    """Enterprise ids (a subquery) whose active consent names one of the principal's banks or guarantors."""
    from tanxin.orgs.models import Organisation

    return Organisation.objects.filter(consenting_enterprise_ids(principal)).values("pk")


def enterprise_rule(principal: Principal, action: str, prefix: str = "enterprise__") -> Q:
    """The enterprise-data rule over a field path that leads to the enterprise (``enterprise__`` by default)."""
    staff = Q(**{f"{prefix}jurisdiction_id__in": principal.staff_jurisdictions})
    own = Q(**{f"{prefix}pk__in": principal.org_ids_of_kind(OrgKind.ENTERPRISE)})
    if action == "view":
        return staff | own | Q(**{f"{prefix}pk__in": consenting_ids(principal)})
    if action == "change":
        return staff | own
    return staff


class EnterpriseDataQuerySet(GatedQuerySet):
    """Credit records and financial statements: the enterprise-data rule as it stands."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        return enterprise_rule(principal, action)


class VisitQuerySet(GatedQuerySet):
    """Visits: the enterprise-data rule, plus the bank taking part (it may report its findings)."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        base = enterprise_rule(principal, "view" if action == "view" else "manage")
        partner = Q(bank_id__in=principal.org_ids_of_kind(*CONSENT_GRANTEE_KINDS))
        if action == "view":
            return base | partner
        if action == "change":
            return base | partner
        return base


class OutreachQuerySet(GatedQuerySet):
    """Outreach log: bureau staff of the jurisdiction, the organisation that did the telling, the enterprise."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = Q(jurisdiction_id__in=principal.staff_jurisdictions)
        teller = Q(told_by_id__in=principal.org_ids)
        if action == "view":
            return staff | teller | Q(enterprise_id__in=principal.org_ids_of_kind(OrgKind.ENTERPRISE))
        return staff | teller


class ConsentRequestQuerySet(GatedQuerySet):
    """Consent requests: the bureau of the enterprise's jurisdiction, the enterprise and the asking bank see
    them; ``change`` (accept or decline) is the enterprise's administrators'; the bank may withdraw its own."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = Q(enterprise__jurisdiction_id__in=principal.staff_jurisdictions)
        bank = Q(bank_id__in=principal.org_ids_of_kind(*CONSENT_GRANTEE_KINDS))
        if action == "view":
            return staff | bank | Q(enterprise_id__in=principal.org_ids_of_kind(OrgKind.ENTERPRISE))
        if action == "change":
            return Q(enterprise_id__in=principal.admin_org_ids())
        return bank


class ScorecardQuerySet(GatedQuerySet):
    """The scorecard is published rules: every signed-in organisation sees active and retired versions;
    drafts and writes belong to the jurisdiction's bureau staff."""

    def rule(self, principal: Principal, action: str) -> Q | None:
        staff = Q(jurisdiction_id__in=principal.staff_jurisdictions)
        if action == "view":
            return staff | (~Q(status="draft") if principal.seats else Q(pk__in=[]))
        return staff
