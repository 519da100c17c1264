"""Public reads of the securitisation module for other apps (no gate inside: the caller checks its own).

Set-based: a handful of queries however many deals are asked for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from tanxin.lending import facts as lending
from tanxin.orgs.audit import app_stamp
from tanxin.securitisation.domain.subsidy import Terms, subsidy
from tanxin.securitisation.models import Deal, PoolLoan, Run, Tranche


@dataclass(frozen=True)
class DealSummary:
    id: int
    name: str
    status: str
    status_label: str
    guarantor_id: int | None
    jurisdiction_id: int | None
    pool_balance_fen: int
    outstanding_fen: int
    senior_outstanding_fen: int
    loan_count: int
    enterprise_ids: tuple[int, ...]
    as_of: date | None


@dataclass(frozen=True)
class SubsidyLine:
    deal_id: int
    enterprise_id: int
    year: int
    financing_cost_fen: int
    subsidy_fen: int
    cap_fen: int


def deals(jurisdiction_ids: set[int] | None = None) -> list[DealSummary]:
    """Every deal (None) or the deals of these jurisdictions, newest cut-off first (withdrawn ones left out)."""
    qs = Deal.objects.exclude(status=Deal.Status.WITHDRAWN)
    if jurisdiction_ids is not None:
        qs = qs.filter(jurisdiction_id__in=list(jurisdiction_ids))
    return _summaries(list(qs.order_by("-cut_off", "-pk")))


def deals_for_enterprise(enterprise_id: int) -> list[DealSummary]:
    """The live deals whose pool holds a loan of this enterprise."""
    ids = PoolLoan.objects.filter(active=True, enterprise_id=enterprise_id).values("deal_id")
    return _summaries(list(Deal.objects.filter(pk__in=ids).exclude(status=Deal.Status.WITHDRAWN)
                           .order_by("-cut_off", "-pk")))  # fmt: skip


def _summaries(rows: list[Deal]) -> list[DealSummary]:
    ids = [d.pk for d in rows]
    pools: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for deal_id, enterprise_id, balance in PoolLoan.objects.filter(deal_id__in=ids, active=True).values_list(
            "deal_id", "enterprise_id", "balance_fen"):  # fmt: skip
        pools[deal_id].append((enterprise_id, balance))
    tranches: dict[int, list[Tranche]] = defaultdict(list)
    for t in Tranche.objects.filter(deal_id__in=ids).order_by("deal_id", "rank"):
        tranches[t.deal_id].append(t)
    runs: dict[int, Run] = {}
    for run in Run.objects.filter(deal_id__in=ids, kind=Run.Kind.BASE, ok=True).order_by("-created_at", "-pk"):
        runs.setdefault(run.deal_id, run)
    today = timezone.localdate()
    out = []
    for d in rows:
        outstanding, senior, as_of = _outstanding(d, tranches[d.pk], runs.get(d.pk), today)
        out.append(DealSummary(
            id=d.pk, name=d.name_zh, status=d.status, status_label=str(Deal.Status(d.status).label),
            guarantor_id=d.guarantor_id, jurisdiction_id=d.jurisdiction_id,
            pool_balance_fen=sum(b for _e, b in pools[d.pk]), outstanding_fen=outstanding,
            senior_outstanding_fen=senior, loan_count=len(pools[d.pk]),
            enterprise_ids=tuple(sorted({e for e, _b in pools[d.pk]})), as_of=as_of,
        ))  # fmt: skip
    return out


def _outstanding(deal: Deal, tranches: list[Tranche], run: Run | None, today: date) -> tuple[int, int, date | None]:
    """Tranche balances after the last payment date that has passed, from the latest base case (before the
    first payment date, or without a base case: the balances at issue)."""
    balances = {t.name: t.balance_fen for t in tranches}
    as_of = deal.cut_off
    for row in (run.results.get("periods", []) if run else []):
        if date.fromisoformat(row["date"]) > today:
            break
        balances = {name: v["balance"] for name, v in row["tranches"].items()}
        as_of = date.fromisoformat(row["date"])
    senior = sum(balances.get(t.name, 0) for t in tranches if not t.subordinated)
    return sum(balances.values()), senior, as_of


def subsidy_lines(deal_id: int, terms: Terms | None = None) -> list[SubsidyLine]:
    """The district's financing-cost subsidy per borrower and year, for the years from the deal's cut-off."""
    terms = terms or Terms()
    deal = Deal.objects.filter(pk=deal_id).first()
    if deal is None:
        return []
    loans = list(PoolLoan.objects.filter(deal=deal, active=True).values_list("loan_id", "enterprise_id"))
    owner = dict(loans)
    out = []
    for year in range(deal.cut_off.year, deal.cut_off.year + terms.years):
        start = max(date(year, 1, 1), deal.cut_off)
        costs = lending.financing_cost(list(owner), start, date(year + 1, 1, 1))
        per: dict[int, int] = defaultdict(int)
        for loan_id, cost in costs.items():
            per[owner[loan_id]] += cost.total_fen
        for enterprise_id in sorted(set(owner.values())):
            cost = per.get(enterprise_id, 0)
            out.append(SubsidyLine(deal.pk, enterprise_id, year, cost, subsidy(cost, terms), terms.cap_fen))
    return out


def data_stamp() -> tuple:
    """Changes whenever a row of this module is added, saved or deleted (``orgs.audit.app_stamp``): for callers
    that keep figures computed from these facts and must not show them stale."""
    return app_stamp(__name__.split(".")[1])
