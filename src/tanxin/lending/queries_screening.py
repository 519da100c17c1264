"""Screening reads, always through the gate: the card of one enterprise and the ranked list.

- Bureau staff see every key emission-control enterprise of their jurisdiction.
- A bank or guarantor sees only enterprises whose active consent names it.
- An enterprise sees its own card (not the list).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from tanxin.lending.domain import scorecard as sc
from tanxin.lending.gate_screening import consenting_ids
from tanxin.lending.models import ConsentRequest, OutreachEntry, ScorecardVersion, Visit
from tanxin.lending.screening_facts import Gathered, Prices, facts_for, gather
from tanxin.lending.screening_ranking import Ranked, RankedList, ranking
from tanxin.orgs import access
from tanxin.orgs.domain.principal import Principal
from tanxin.orgs.domain.roles import CONSENT_GRANTEE_KINDS, OrgKind
from tanxin.orgs.gate import principal_for
from tanxin.orgs.models import Organisation
from tanxin.orgs.queries import name_or_code

MAX_LIMIT = 200


@dataclass(frozen=True)
class CardVersion:
    """The scorecard a card was computed with (version 0: the proposed default, not yet adopted)."""

    version: int
    fingerprint: str
    card: sc.Scorecard
    adopted: bool


@dataclass
class Card:
    gathered: Gathered
    facts: dict[str, sc.Fact]
    result: sc.Result
    version: CardVersion
    today: date

    @property
    def enterprise(self) -> Organisation:
        return self.gathered.enterprise

    @property
    def carbon(self):
        return self.gathered.carbon

    @property
    def rank_key(self) -> tuple:
        return (self.result.knocked_out, -self.result.total, self.enterprise.name_zh, self.enterprise.pk)


def can_list(user: Any) -> bool:
    p = principal_for(user)
    return p.is_bureau_staff or bool(p.org_ids_of_kind(*CONSENT_GRANTEE_KINDS))


def visible_enterprises(user: Any) -> QuerySet[Organisation]:
    """Enterprises whose card this user may see: the directory's one enterprise-access rule (staff of the
    jurisdiction, the enterprise's own people, a bank or guarantor under active consent)."""
    return Organisation.objects.visible_to(user, "view").filter(kind=OrgKind.ENTERPRISE)


def screening_enterprises(user: Any) -> QuerySet[Organisation]:
    """The list: key emission-control enterprises for the bureau; consenting enterprises for a bank."""
    p = principal_for(user)
    if not can_list(user):
        return Organisation.objects.none()
    qs = visible_enterprises(user).filter(status=Organisation.Status.ACTIVE)
    if p.is_bureau_staff:
        return qs.filter(key_emitter=True)
    return qs.filter(pk__in=consenting_ids(p))


def versions_by_jurisdiction(jurisdiction_ids: set[int]) -> dict[int, CardVersion]:
    rows = ScorecardVersion.objects.filter(jurisdiction_id__in=jurisdiction_ids, status=ScorecardVersion.Status.ACTIVE)
    out = {r.jurisdiction_id: CardVersion(r.version, r.fingerprint, sc.parse(r.config, r.version), True) for r in rows}
    default = default_version()
    return {j: out.get(j, default) for j in jurisdiction_ids}


def default_version() -> CardVersion:
    return CardVersion(0, sc.fingerprint(sc.DEFAULT_CONFIG), sc.parse(sc.DEFAULT_CONFIG, 0), False)


def cards(enterprises: list[Organisation], today: date | None = None) -> list[Card]:
    """Cards for these enterprises (already checked visible), in a constant number of queries."""
    today = today or timezone.localdate()
    versions = versions_by_jurisdiction({e.jurisdiction_id for e in enterprises})
    prices = Prices(today)
    out = []
    for g in gather(enterprises, today):
        facts = facts_for(g, prices)
        version = versions[g.enterprise.jurisdiction_id]
        out.append(Card(g, facts, sc.score(version.card, facts), version, today))
    return out


def card(user: Any, enterprise_id: int, today: date | None = None) -> Card | None:
    enterprise = visible_enterprises(user).filter(pk=enterprise_id).first()
    if enterprise is None:
        return None
    return cards([enterprise], today)[0]


@dataclass(frozen=True)
class ListFilter:
    q: str = ""
    band: str = ""  # A–D, or "out" for knocked out

    @classmethod
    def from_params(cls, params: Any) -> ListFilter:
        band = str(params.get("band") or "")
        return cls(q=str(params.get("q") or "").strip()[:100], band=band if band in ("A", "B", "C", "D", "out") else "")


def ranked(user: Any, f: ListFilter | None = None, today: date | None = None) -> RankedList:
    """Every listed enterprise in rank order: scored bands first by total, knocked out last. The ranking is
    kept while nothing a score reads has changed (``screening_ranking``); the cards of the rows read are
    computed afresh."""
    f = f or ListFilter()
    today = today or timezone.localdate()
    listed = screening_enterprises(user)
    kept = ranking(listed, today, lambda orgs: [_ranked(c) for c in cards(orgs, today)])
    wanted: set[int] | None = None
    if f.q:
        wanted = set(listed.filter(name_or_code(f.q)).values_list("pk", flat=True))
    mark = "x" if f.band == "out" else f.band
    ids = kept.ids if wanted is None and not mark else kept.where(
        lambda pk, m: (wanted is None or pk in wanted) and (not mark or m == mark))
    return RankedList(ids, lambda page: _cards_of(page, today))


def _ranked(c: Card) -> Ranked:
    band = c.result.band.code if c.result.band else None
    return Ranked(c.result.knocked_out, c.result.total, c.enterprise.name_zh, c.enterprise.pk, band)


def _cards_of(ids: list[int], today: date) -> list[Card]:
    """The cards of these enterprises, in this order (one that has just left the list is left out)."""
    found = Organisation.objects.in_bulk(ids)
    return cards([found[pk] for pk in ids if pk in found], today)


def page(items: list, limit: int, offset: int) -> dict[str, Any]:
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    return {"count": len(items), "limit": limit, "offset": offset, "items": items[offset: offset + limit]}


# ---------------------------------------------------------------- the app's own records


def consent_requests(user: Any) -> QuerySet[ConsentRequest]:
    return ConsentRequest.objects.visible_to(user).select_related("enterprise", "bank")


def visits(user: Any, enterprise_id: int | None = None) -> QuerySet[Visit]:
    qs = Visit.objects.visible_to(user).select_related("enterprise", "bank").prefetch_related("evidence")
    return qs.filter(enterprise_id=enterprise_id) if enterprise_id else qs


def outreach(user: Any, enterprise_id: int | None = None) -> QuerySet[OutreachEntry]:
    qs = OutreachEntry.objects.visible_to(user).select_related("enterprise", "told_by")
    return qs.filter(enterprise_id=enterprise_id) if enterprise_id else qs


def scorecard_versions(user: Any) -> QuerySet[ScorecardVersion]:
    return ScorecardVersion.objects.visible_to(user).select_related("jurisdiction")


def is_staff_for(principal: Principal, enterprise: Organisation) -> bool:
    return access.is_staff_for(principal, enterprise.jurisdiction_id)
