"""The finance station's funnel and totals over 100,000 request events (target p50 ≤ 300 ms).

A temporary database holds 27,000 financing requests of 2,000 enterprises and their events: matches,
acceptances, approvals and disbursements (100,000 event rows in all). Timed: ``matchmaking.facts.station_totals``
for the district (the set-based read the cockpit and the station page use), p50 of 15 runs. References in the
same run: the pure ``domain.funnel`` over the same events already in memory, and one plain COUNT(*) over the
request table. Prints one JSON line.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _setup import django_for_bench, emit

REQUESTS, ENTERPRISES, BANKS, RUNS = 27_000, 2_000, 20, 15


def build(rnd: random.Random):
    from django.utils import timezone

    from tanxin.common.identifiers import make_uscc
    from tanxin.matchmaking.domain.funnel import Stage, StageEvent
    from tanxin.matchmaking.models import Addressee, Disbursement, FinancingRequest, Match, Product
    from tanxin.orgs.models import Organisation
    from tanxin.orgs.reference import load_industries, load_jurisdictions

    load_industries()
    nanshan = load_jurisdictions()["440305"]

    def org(kind: str, i: int) -> Organisation:
        return Organisation(kind=kind, name_zh=f"{kind}{i}", jurisdiction=nanshan,
                            uscc=make_uscc("91", "440305", f"{kind[:2].upper()}{i:06d}"))  # fmt: skip

    ents = Organisation.objects.bulk_create([org("enterprise", i) for i in range(ENTERPRISES)])
    banks = Organisation.objects.bulk_create([org("bank", i) for i in range(BANKS)])
    products = Product.objects.bulk_create([
        Product(provider=b, jurisdiction=nanshan, code=f"P{b.pk}", name_zh="产品", kind="credit_loan", min_amount_fen=1,
                max_amount_fen=10**12, min_term_months=1, max_term_months=60, spread_min_bp=0, spread_max_bp=100,
                status="published") for b in banks])  # fmt: skip
    start = datetime(2021, 1, 1, tzinfo=timezone.get_current_timezone())
    rows, plans = [], []
    for i in range(REQUESTS):
        r = FinancingRequest(ref=f"RZ-{i:06d}", enterprise=rnd.choice(ents), amount_fen=rnd.randint(1, 5000) * 10**6,
                             term_months=12, purpose="扩产", created_at=start + timedelta(hours=rnd.randint(0, 40_000)))
        posted = r.created_at.date()
        accepted, approved = rnd.random() < 0.7, rnd.random() < 0.7
        paid_on = posted + timedelta(days=rnd.randint(3, 40)) if accepted and approved else None
        r.matched_on, r.accepted_on = posted, posted if accepted else None
        r.approved_on, r.disbursed_on = (posted, paid_on) if paid_on else (None, None)
        r.approved_fen = r.amount_fen if paid_on else 0
        rows.append(r)
        plans.append((rnd.randrange(BANKS), accepted, approved, paid_on, rnd.choice(["", "energy_retrofit"])))
    FinancingRequest.objects.bulk_create(rows, batch_size=2000)
    events, matches, addressees = [], [], []
    for r, (i, accepted, approved, paid_on, green) in zip(rows, plans, strict=True):
        posted = r.created_at.date()
        events += [StageEvent(r.pk, r.enterprise_id, Stage.REQUESTED, posted),
                   StageEvent(r.pk, r.enterprise_id, Stage.MATCHED, posted)]  # fmt: skip
        matches.append(Match(request=r, product=products[i], rank=1, score=5000, rate_ppm=40_000, net_rate_ppm=40_000,
                             likelihood_permille=500))  # fmt: skip
        if accepted:
            addressees.append(Addressee(request=r, bank=banks[i], slot="responded", accepted_on=posted, due_on=posted,
                                        outcome="approved" if approved else "declined", approved_fen=r.approved_fen,
                                        rate_ppm=40_000))  # fmt: skip
            events.append(StageEvent(r.pk, r.enterprise_id, Stage.ACCEPTED, posted))
        if paid_on:
            events += [StageEvent(r.pk, r.enterprise_id, Stage.APPROVED, posted, r.amount_fen),
                       StageEvent(r.pk, r.enterprise_id, Stage.DISBURSED, paid_on, r.amount_fen, bool(green), posted)]
    Match.objects.bulk_create(matches, batch_size=2000)
    Addressee.objects.bulk_create(addressees, batch_size=2000)
    paid = [Disbursement(request_id=a.request_id, addressee=a, bank_id=a.bank_id, reference=f"D{a.request_id}",
                         paid_on=plan[3], amount_fen=a.approved_fen, rate_ppm=40_000, green_category=plan[4])
            for a, plan in zip(addressees, [p for p in plans if p[1]], strict=True) if plan[3]]  # fmt: skip
    Disbursement.objects.bulk_create(paid, batch_size=2000)
    return nanshan, events


def main() -> None:
    vendor = django_for_bench()
    from django.db import connection

    from tanxin.matchmaking import facts
    from tanxin.matchmaking.domain.funnel import funnel
    from tanxin.matchmaking.models import FinancingRequest

    nanshan, events = build(random.Random(3))
    scope = {nanshan.pk}
    facts.station_totals(scope)  # warm up
    samples = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        totals = facts.station_totals(scope, date(2021, 1, 1), date(2026, 12, 31))
        samples.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    pure = funnel(events)
    pure_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    FinancingRequest.objects.count()
    count_s = time.perf_counter() - t0
    emit({
        "bench": "station_report",
        "database": vendor,
        "events": len(events),
        "requests": totals.requests,
        "disbursed_fen": totals.disbursed_fen,
        "p50_ms": round(statistics.median(samples) * 1000, 1),
        "target_p50_ms": 300,
        "reference_pure_funnel_ms": round(pure_s * 1000, 1),
        "reference_count_ms": round(count_s * 1000, 2),
        "same_totals_as_pure_funnel": (*pure.counts(), pure.disbursed_fen, pure.enterprises, pure.green_fen) == (
            totals.requests, totals.matched, totals.accepted, totals.approved, totals.disbursed, totals.disbursed_fen,
            totals.enterprises, totals.green_fen),
    })  # fmt: skip
    connection.close()


if __name__ == "__main__":
    main()
