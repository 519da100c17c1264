"""Compliance obligations: where the tonnes to surrender come from.

One fact, one owner: verified emissions belong to the disclosure module, which sits above the registry.
So the registry never asks for them: disclosure hands the figure over when a report is verified
(``record_verified_emissions``), in tCO2e (int or Decimal), rounded *up* to whole tonnes (an obligation
is never rounded in the enterprise's favour), and it is kept as an obligation whose source is
``disclosure``. Until then the bureau sets an obligation manually (with a reason, kept in the history).
A manual value set by the bureau wins over the disclosed one: it is the bureau's decision of record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tanxin.common.errors import DomainError, NotFound, PermissionDenied
from tanxin.orgs import access
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.registry.domain import compliance
from tanxin.registry.domain.model import InstrumentKind
from tanxin.registry.domain.requests import SurrenderRules
from tanxin.registry.domain.rule_packs import RuleBook, RulePack, load_rule_book
from tanxin.registry.models import Account, Obligation, Posting

SCHEMES = ("shenzhen", "national")
OFFSET_KINDS = (InstrumentKind.CCER.value, InstrumentKind.PHCER.value)


@cache
def rule_book() -> RuleBook:
    return load_rule_book()


def pack_for(scheme: str) -> RulePack:
    return rule_book().pack(scheme)


@dataclass(frozen=True)
class ObligationInfo:
    enterprise_id: int
    year: int
    scheme: str
    tonnes: int
    source: str  # manual | disclosure
    reason: str = ""


def obligation_for(enterprise_id: int, year: int) -> ObligationInfo | None:
    row = Obligation.objects.filter(enterprise_id=enterprise_id, year=year).first()
    if row is None:
        return None
    return ObligationInfo(enterprise_id, year, row.scheme, row.verified_emissions_t, row.source, row.reason)


def obligations_for(enterprises: Sequence[Organisation | int], year: int) -> dict[int, ObligationInfo]:
    """``obligation_for`` for many enterprises in one read: {enterprise id: obligation} (set-based pages)."""
    ids = [e.pk if isinstance(e, Organisation) else int(e) for e in enterprises]
    rows = Obligation.objects.filter(enterprise_id__in=ids, year=year).values_list(
        "enterprise_id", "scheme", "verified_emissions_t", "source", "reason")
    return {pk: ObligationInfo(pk, year, scheme, tonnes, source, reason) for pk, scheme, tonnes, source, reason in rows}


def record_verified_emissions(enterprise_id: int, year: int, tonnes: int | Decimal, user: Any = None) -> bool:
    """Disclosure hands over a verified figure; returns whether it became the obligation.

    Kept only for an enterprise in an emissions trading scheme, and never over the bureau's manual value.
    A later verification (a restatement) replaces an earlier disclosed figure. Service to service: the
    caller has checked that ``user`` may verify the report.
    """
    if isinstance(tonnes, bool) or Decimal(tonnes) < 0:
        raise DomainError(_("The obligation must be whole tonnes, zero or more."), code="validation_error")
    whole = int(Decimal(tonnes).to_integral_value(rounding=ROUND_CEILING))
    org = Organisation.objects.filter(pk=enterprise_id).only("ets").first()
    if org is None or org.ets not in SCHEMES:
        return False
    row = Obligation.objects.select_for_update().filter(enterprise_id=enterprise_id, year=year).first()
    if row is not None and row.source == Obligation.Source.MANUAL:
        return False
    row = row or Obligation(enterprise_id=enterprise_id, year=year)
    row.scheme, row.verified_emissions_t, row.reason = org.ets, whole, ""
    row.source, row.set_by, row.set_at = Obligation.Source.DISCLOSURE, user, timezone.now()
    row._history_user = user
    row.save()
    return True


def set_obligation(user: Any, enterprise_id: int, year: int, tonnes: int, reason: str, scheme: str = "") -> Obligation:
    """The bureau sets (or corrects) an obligation by hand; the reason is required and kept in history."""
    org = Organisation.objects.visible_to(user, "view").filter(pk=enterprise_id, kind="enterprise").first()
    principal = principal_for(user)
    if org is None:
        raise NotFound(_("Organisation not found."))
    if not access.is_staff_for(principal, org.jurisdiction_id):
        raise PermissionDenied(_("Only bureau staff of the jurisdiction may set an obligation."))
    scheme = scheme or org.ets
    if scheme not in SCHEMES:
        raise DomainError(_("The enterprise is not in an emissions trading scheme."), code="validation_error",
                          details={"scheme": [_("Choose the Shenzhen or the national scheme.")]})  # fmt: skip
    if isinstance(tonnes, bool) or not isinstance(tonnes, int) or tonnes < 0 or not 1900 < int(year) < 2200:
        raise DomainError(_("The obligation must be whole tonnes, zero or more."), code="validation_error",
                          details={"tonnes": [_("The obligation must be whole tonnes, zero or more.")]})  # fmt: skip
    if not (reason or "").strip():
        raise DomainError(_("Give a reason."), code="validation_error", details={"reason": [_("Give a reason.")]})
    row = Obligation.objects.filter(enterprise=org, year=year).first() or Obligation(enterprise=org, year=year)
    row.scheme, row.verified_emissions_t, row.reason = scheme, tonnes, reason.strip()[:500]
    row.source, row.set_by = Obligation.Source.MANUAL, user
    row._history_user = user
    row.save()
    return row


def surrendered(account: Account, year: int) -> tuple[int, int, list[compliance.SurrenderEvent]]:
    """(allowances, offsets, events) surrendered from ``account`` for ``year``, net of reversals."""
    rows = (
        Posting.objects.filter(account=account, tx__compliance_year=year, tx__kind__in=["surrender", "reversal"])
        .values("tx__created_at", "instrument__kind")
        .annotate(q=Sum("quantity"))
    )
    events = [
        compliance.SurrenderEvent(r["tx__created_at"].date(), -r["q"], r["instrument__kind"] in OFFSET_KINDS)
        for r in rows
    ]
    allowances = sum(e.quantity for e in events if not e.offset)
    offsets = sum(e.quantity for e in events if e.offset)
    return allowances, offsets, events


def surrender_rules_for(account: Account, year: int) -> SurrenderRules:
    info = obligation_for(account.owner_id, year)
    if info is None:
        raise DomainError(_("No compliance obligation is set for this enterprise and year."), code="no_obligation")
    _allowances, offsets, _events = surrendered(account, year)
    return compliance.surrender_rules(pack_for(info.scheme), year, info.tonnes, offsets)
