"""The finance station's figures from records: the funnel, the money, enterprises served, time to cash and the
net rate after the subsidy, by bank, product type, industry and month. Set-based: a few grouped queries.

Counting rule (as in ``facts``): the funnel counts requests posted in the period; money counts disbursements
paid in the period. The headline "X 亿元 to N enterprises" is the disbursed sum and the distinct enterprises.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tanxin.matchmaking import facts
from tanxin.matchmaking.domain import funnel
from tanxin.matchmaking.domain.params import DEFAULTS
from tanxin.matchmaking.models.catalogue import KIND_LABELS
from tanxin.matchmaking.scope import paid_in

YI_FEN = 100_000_000 * 100  # 1 亿元 in fen


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    disbursed_fen: int
    payments: int
    enterprises: int
    rate_ppm: int | None  # amount-weighted
    net_rate_ppm: int | None  # after the district's share of the cost of green money


@dataclass(frozen=True)
class Station:
    totals: facts.StationTotals
    headline_yi: Decimal  # disbursed, in 亿元 to two decimals
    median_days_to_cash: int | None
    rate_ppm: int | None
    net_rate_ppm: int | None
    start: date | None
    end: date | None
    by: dict[str, list[Row]] = field(default_factory=dict)


def yi(fen: int) -> Decimal:
    return (Decimal(fen) / YI_FEN).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _rates(amount: int, weighted: int, green_weighted: int) -> tuple[int | None, int | None]:
    if not amount:
        return None, None
    rate = weighted // amount
    cut = green_weighted * DEFAULTS.subsidy_share_ppm // 1_000_000 // amount
    return rate, rate - cut


def _group(qs: QuerySet, key: str, label) -> list[Row]:
    rows = []
    totals = (qs.values(key).annotate(fen=Sum("amount_fen"), n=Count("pk"), ents=Count("request__enterprise_id",
              distinct=True), w=Sum(F("amount_fen") * F("rate_ppm"))).order_by(key))  # fmt: skip
    green = dict(qs.exclude(green_category="").values(key).annotate(w=Sum(F("amount_fen") * F("rate_ppm")))
                 .values_list(key, "w"))  # fmt: skip
    for t in totals:
        rate, net = _rates(t["fen"] or 0, t["w"] or 0, green.get(t[key]) or 0)
        k = t[key]
        rows.append(Row(str(k) if k is not None else "", label(k), t["fen"] or 0, t["n"], t["ents"], rate, net))
    return sorted(rows, key=lambda r: (-r.disbursed_fen, r.key)) if key != "month" else rows


def station(jurisdiction_ids: set[int] | None, start: date | None = None, end: date | None = None) -> Station:
    totals = facts.station_totals(jurisdiction_ids, start, end)
    qs = paid_in(jurisdiction_ids, start, end)
    weighted = qs.aggregate(w=Sum(F("amount_fen") * F("rate_ppm")))["w"] or 0
    green_w = qs.exclude(green_category="").aggregate(w=Sum(F("amount_fen") * F("rate_ppm")))["w"] or 0
    rate, net = _rates(totals.disbursed_fen, weighted, green_w)
    banks = dict(qs.values_list("bank_id", "bank__name_zh").distinct())
    industries = dict(qs.values_list("request__industry_code", "request__enterprise__industry__name_zh").distinct())
    by = {
        "bank": _group(qs, "bank_id", lambda k: banks.get(k, "")),
        "kind": _group(qs, "addressee__product__kind", lambda k: str(KIND_LABELS.get(k, "—")) if k else "—"),
        "industry": _group(qs, "request__industry_code", lambda k: f"{k} {industries.get(k) or ''}".strip() or "—"),
        "month": _group(qs.annotate(month=TruncMonth("paid_on")), "month",
                        lambda k: f"{k.year:04d}-{k.month:02d}" if k else "—"),
    }
    return Station(totals, yi(totals.disbursed_fen), days_to_cash(qs), rate, net, start, end, by)


def days_to_cash(qs: QuerySet) -> int | None:
    """Median days from posting a request to its first disbursement."""
    first: dict[int, tuple[date, date]] = defaultdict(lambda: (date.max, date.max))
    for request_id, paid_on, created in qs.values_list("request_id", "paid_on", "request__created_at"):
        if paid_on < first[request_id][0]:
            first[request_id] = (paid_on, timezone.localtime(created).date())
    return funnel.median([(paid - posted).days for paid, posted in first.values()])
