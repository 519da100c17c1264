"""Role homes from the modules' facts: what an enterprise must do next and where its carbon stands; what waits
for a bank. Set-based per call (one fact call for all of a person's organisations); the caller (the shell's
home page) has checked whose organisations these are — a person sees the homes of their own seats only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from tanxin.disclosure import facts as disclosure
from tanxin.lending import facts as lending
from tanxin.matchmaking import facts as matchmaking
from tanxin.orgs.models import ConsentGrant, Organisation
from tanxin.registry import facts as registry
from tanxin.support import facts as support


@dataclass(frozen=True)
class CarbonPosition:
    year: int
    status: str
    obligation_t: int | None
    surrendered_t: int
    shortfall_t: int | None
    surplus_t: int | None
    holdings_t: int
    pledged_t: int
    pledgeable_t: int
    deadline: date | None


@dataclass(frozen=True)
class EnterpriseHome:
    enterprise_id: int
    name: str
    position: CarbonPosition | None  # None: the enterprise is in no ETS and holds nothing
    margin_calls: tuple[lending.LoanFact, ...]
    loans: tuple[lending.LoanFact, ...]
    requests: tuple[matchmaking.RequestStatus, ...]


@dataclass(frozen=True)
class EnterpriseTasks:
    """What a person's enterprises have to answer, over all of them: filings due or overdue (soonest first), open
    verification findings (oldest first) and support applications (newest first), each list cut at the number
    the home shows."""

    due: disclosure.FilingsDue
    findings: tuple[disclosure.OpenFinding, ...]
    applications: tuple[support.ApplicationStatus, ...]


def enterprise_tasks(enterprise_ids: list[int], shown: int = 10) -> EnterpriseTasks:
    """A few queries each, from the disclosure and support facts."""
    if not enterprise_ids:
        return EnterpriseTasks(disclosure.FilingsDue(0, ()), (), ())
    return EnterpriseTasks(disclosure.filings_due(enterprise_ids, limit=shown),
                           disclosure.open_findings(enterprise_ids, shown),
                           support.applications_of(enterprise_ids, shown))  # fmt: skip


@dataclass(frozen=True)
class BankHome:
    bank_id: int
    name: str
    consents: tuple[tuple[Organisation, lending.BandFact | None], ...]
    waiting: tuple[matchmaking.RequestStatus, ...]
    attention: tuple[lending.LoanFact, ...]
    consents_total: int = 0  # all enterprises whose consent is in force; the home shows the first HOME_CONSENTS


# The home lists the first enterprises (by name) with their bands; the screening list pages through all of them.
HOME_CONSENTS = 20


def _positions(orgs: list[Organisation], today: date) -> dict[int, CarbonPosition]:
    """The open compliance year of each enterprise's scheme, one ``registry.facts.positions`` call per year."""
    by_year: dict[int, list[int]] = {}
    for org in orgs:
        by_year.setdefault(registry.open_compliance_year(org.ets, today), []).append(org.pk)
    out = {}
    for year, ids in by_year.items():
        for pk, p in registry.positions(ids, year, as_of=today).items():
            if p.status == "no_obligation" and not p.holdings_t:
                continue
            out[pk] = CarbonPosition(year, p.status, p.obligation_t, p.allowances_surrendered_t + p.offsets_counted_t,
                                     p.shortfall_t, p.surplus_t, p.holdings_t, p.pledged_t, p.pledgeable_t,
                                     p.deadline)  # fmt: skip
    return out


def enterprise_homes(enterprise_ids: list[int], today: date | None = None) -> list[EnterpriseHome]:
    today = today or timezone.localdate()
    orgs = list(Organisation.objects.filter(pk__in=enterprise_ids, kind="enterprise").order_by("name_zh"))
    ids = [o.pk for o in orgs]
    positions = _positions(orgs, today)
    loans = lending.loans(enterprise_ids=ids, states=lending.OPEN_STATES) if ids else []
    requests = matchmaking.open_requests_for_enterprises(ids) if ids else []
    return [EnterpriseHome(
        o.pk, o.name, positions.get(o.pk),
        tuple(f for f in loans if f.enterprise_id == o.pk and f.open_margin_call),
        tuple(f for f in loans if f.enterprise_id == o.pk),
        tuple(r for r in requests if r.enterprise_id == o.pk),
    ) for o in orgs]  # fmt: skip


def bank_homes(bank_ids: list[int], today: date | None = None) -> list[BankHome]:
    today = today or timezone.localdate()
    homes = []
    for bank in Organisation.objects.filter(pk__in=bank_ids).order_by("name_zh"):  # a person has one or two seats
        live = ConsentGrant.objects.filter(grantee_id=bank.pk, revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        total = live.values("enterprise_id").distinct().count()
        first_ids = list(live.order_by("enterprise__name_zh", "enterprise_id").values_list("enterprise_id", flat=True)
                         .distinct()[:HOME_CONSENTS])  # fmt: skip
        by_id = Organisation.objects.in_bulk(first_ids)
        enterprises = [by_id[i] for i in first_ids]
        bands = lending.bands(first_ids, today) if first_ids else {}
        homes.append(BankHome(bank.pk, bank.name, tuple((e, bands.get(e.pk)) for e in enterprises),
                              tuple(matchmaking.requests_waiting_for_bank(bank.pk)),
                              tuple(lending.loans_needing_attention(bank.pk, today)), total))  # fmt: skip
    return homes
