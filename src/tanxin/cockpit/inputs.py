"""What the cockpit reads from the modules below it, each through the module's public ``facts`` only.

Every read is set-based: the enterprises of a jurisdiction are asked for in one call per fact function, never
one enterprise at a time. The caller has checked that its user is bureau staff of the jurisdiction (these
functions have no gate, like the facts they call). Each returns the plain values ``cockpit.domain`` assembles.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Q

from tanxin.cockpit.domain import figures as domain
from tanxin.disclosure import facts as disclosure
from tanxin.lending import facts as lending
from tanxin.matchmaking import facts as matchmaking
from tanxin.orgs.audit import change_stamp
from tanxin.orgs.models import Jurisdiction, Organisation
from tanxin.registry import facts as registry
from tanxin.securitisation import facts as securitisation
from tanxin.support import facts as support_facts

TREND_YEARS = 5


@dataclass(frozen=True)
class Scope:
    """The jurisdiction and everything below it: the ids the facts are asked about."""

    jurisdiction_ids: frozenset[int]
    enterprise_ids: tuple[int, ...]
    key_ids: frozenset[int]  # key emission-control units and every ETS member: the units with obligations


def scope(jurisdiction_ids: set[int]) -> Scope:
    rows = (Organisation.objects.filter(kind="enterprise", jurisdiction_id__in=jurisdiction_ids)
            .exclude(status="closed").values_list("pk", "key_emitter", "ets"))  # fmt: skip
    ids, keys = [], set()
    for pk, key_emitter, ets in rows:
        ids.append(pk)
        if key_emitter or ets != "none":
            keys.add(pk)
    return Scope(frozenset(jurisdiction_ids), tuple(ids), frozenset(keys))


def _compliance(s: Scope, years: list[int], today: date, reuse_seconds: int = 0) -> dict[int, domain.YearTotals]:
    """The key units' compliance summed per year; with ``reuse_seconds`` a computation of the last minutes is
    reused (a city's cockpit and its districts', or two years side by side, share it)."""
    place = ",".join(str(j) for j in sorted(s.jurisdiction_ids))
    stamp = hashlib.sha256(repr((registry.data_stamp(), change_stamp(Organisation))).encode()).hexdigest()[:32]
    key = f"tanxin:cockpit:compliance:{place}:{years[0]}-{years[-1]}:{today}:{stamp}"
    if reuse_seconds > 0 and (found := cache.get(key)) is not None:
        return found
    summary = registry.compliance_summary(s.key_ids, years, as_of=today)
    out = {y.year: domain.YearTotals(y.by_status, y.surplus_t, y.shortfall_t, y.disclosed_t) for y in summary.years}
    if reuse_seconds > 0:
        cache.set(key, out, reuse_seconds)
    return out


def disclosure_and_compliance(s: Scope, year: int, today: date,
                              reuse_seconds: int = 0) -> tuple[domain.DisclosureSection, domain.ComplianceSection]:
    """Disclosure coverage and published emissions over the trend years, and the key units' compliance."""
    years = list(range(year - TREND_YEARS + 1, year + 1))
    section = domain.disclosure_section(year, disclosure_trend(s.jurisdiction_ids, years), today)
    by_year = _compliance(s, years, today, reuse_seconds)
    return section, domain.compliance_section(year, len(s.key_ids), by_year[year], today)


def disclosure_trend(jurisdiction_ids: frozenset[int] | set[int], years: list[int]) -> list[domain.YearPoint]:
    """Public figures only: published disclosures and their published emissions (the public summary's too)."""
    return [domain.YearPoint(y.year, y.enterprises, y.due, y.published, y.published_due, y.published_kg)
            for y in disclosure.coverage(jurisdiction_ids, years).years]  # fmt: skip


def loans(s: Scope, year: int, today: date) -> domain.LoanSection:
    summary = lending.portfolio_summary(s.jurisdiction_ids)
    rows = [domain.LoanRow(f.enterprise_id, f.amount_fen, f.disbursed_on)
            for f in lending.loans(jurisdiction_ids=s.jurisdiction_ids) if f.disbursed_on is not None]  # fmt: skip
    return domain.loan_section(summary.live_count, summary.live_principal_fen, summary.pledged_t, summary.by_zone,
                               summary.margin_calls_open, year, rows, summary.as_of,
                               domain.snapshot_applies(year, today))  # fmt: skip


def deals(s: Scope) -> domain.DealSection:
    rows = [domain.DealRow(d.status_label, d.pool_balance_fen, d.outstanding_fen, d.senior_outstanding_fen,
                           d.loan_count, d.enterprise_ids, d.as_of)
            for d in securitisation.deals(set(s.jurisdiction_ids))]  # fmt: skip
    return domain.deal_section(rows)


def station(s: Scope, year: int) -> domain.StationSection:
    t = matchmaking.station_totals(set(s.jurisdiction_ids), date(year, 1, 1), date(year, 12, 31))
    funnel = {step: getattr(t, step) for step in domain.FUNNEL_STEPS}
    return domain.StationSection(funnel, t.disbursed_fen, t.approved_fen, t.green_fen, t.enterprises, t.as_of)


def support(s: Scope, year: int) -> domain.SupportSection:
    f = support_facts.fund_summary(s.jurisdiction_ids, year)
    return domain.SupportSection(f.schemes, f.budget_fen, f.applications, f.awardees, f.awarded_fen, f.paid_fen,
                                 f.as_of)  # fmt: skip


def children(jurisdiction_id: int) -> tuple[domain.Child, ...]:
    """The jurisdictions one level down with their number of enterprises (one grouped query)."""
    rows = (Jurisdiction.objects.filter(parent_id=jurisdiction_id).order_by("code")
            .annotate(n=Count("organisations", filter=Q(organisations__kind="enterprise"))))  # fmt: skip
    return tuple(domain.Child(j.pk, j.code, j.name, j.n) for j in rows)
