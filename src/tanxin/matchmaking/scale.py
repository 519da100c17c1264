"""Generated finance-station history for ``seed_demo --scale N``: the station's records over the years, of the
order of its published figure (RULES §6: 2.92 billion CNY to 657 enterprises), built from rows so that the
headline is computed, not typed. Up to 657 of the generated enterprises are served (each one to three
disbursed requests, amounts apportioned so the total is exactly 2.92 billion CNY when 657 are served, in
proportion otherwise); as many again posted requests that stopped earlier in the funnel. Bulk inserts in
chunks; the consents the enterprises gave are recorded too, so the banks see what they were sent."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tanxin.matchmaking.models import Addressee, Disbursement, FinancingRequest, Match, Product
from tanxin.orgs.models import ConsentGrant, Organisation

SERVED, TOTAL_FEN = 657, 2_920_000_000 * 100  # the station's published figure (seed)
FIRST, LAST = date(2021, 6, 1), date(2026, 10, 31)
SHANGHAI = ZoneInfo("Asia/Shanghai")
GREEN = ("energy_retrofit", "green_project", "clean_energy", "")
WAN = 10_000 * 100


def apportion(weights: list[int], total: int) -> list[int]:
    """Integers in proportion to ``weights`` summing exactly to ``total`` (largest remainder)."""
    whole = sum(weights)
    base = [w * total // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(weights[i] * total % whole), i))
    for i in order[: total - sum(base)]:
        base[i] += 1
    return base


def _products(ctx) -> list[Product]:
    found = list(Product.objects.published().filter(jurisdiction=ctx.jurisdiction).order_by("pk"))
    if found:
        return found
    banks = list(Organisation.objects.filter(kind="bank").order_by("pk")[:5])
    district = ctx.jurisdiction
    return Product.objects.bulk_create([Product(provider=b, jurisdiction=district, code=f"S{district.code}-{b.pk:05d}",
                                                name_zh="绿色信用贷", kind="credit_loan", min_amount_fen=50 * WAN,
                                                max_amount_fen=50_000 * WAN, min_term_months=6, max_term_months=60,
                                                spread_min_bp=30, spread_max_bp=150, status="published")
                                        for b in banks])  # fmt: skip


def generate(ctx) -> None:
    products = _products(ctx)
    if not products or not ctx.enterprise_ids:
        return
    rng = ctx.rng
    ids = list(ctx.enterprise_ids)
    served = ids[: min(SERVED, len(ids))]
    stopped = ids[len(served) : 2 * len(served)]
    total = TOTAL_FEN * len(served) // SERVED
    plans = []  # (enterprise, posted, product, amount, paid?, stage reached)
    for e in served:
        for _ in range(rng.choice((1, 1, 2, 3))):
            plans.append([e, _day(rng), rng.choice(products), rng.randint(50, 3000), True, "disbursed"])
    amounts = apportion([p[3] for p in plans], total // 100)  # whole yuan
    for p, yuan in zip(plans, amounts, strict=True):
        p[3] = yuan * 100
    for e in stopped:
        p = [e, _day(rng), rng.choice(products), rng.randint(50, 3000) * WAN, False, rng.choice(
            ("open", "matched", "accepted", "approved", "declined", "withdrawn"))]  # fmt: skip
        plans.append(p)
    _write(ctx, plans, rng)


def _day(rng) -> date:
    return FIRST + timedelta(days=rng.randrange((LAST - FIRST).days))


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), SHANGHAI)


def _write(ctx, plans: list[list], rng) -> None:
    pairs = sorted({(p[0], p[2].provider_id) for p in plans})
    enterprises = [e for e, _b in pairs]
    known = set(ConsentGrant.objects.filter(enterprise_id__in=enterprises).values_list("enterprise_id", "grantee_id"))
    ConsentGrant.objects.bulk_create([ConsentGrant(enterprise_id=e, grantee_id=b, purpose="金融服务站融资对接")
                                      for e, b in pairs if (e, b) not in known], batch_size=2000)  # fmt: skip
    consent = {(c.enterprise_id, c.grantee_id): c.pk for c in ConsentGrant.objects.filter(
        enterprise_id__in=enterprises, revoked_at__isnull=True)}  # fmt: skip
    start = FinancingRequest.objects.count()
    rows = []
    for i, (e, posted, _product, amount, paid, stage) in enumerate(plans):
        reached = ("matched", "accepted", "approved", "disbursed")
        depth = reached.index(stage) + 1 if stage in reached else {"open": 0, "declined": 2, "withdrawn": 1}[stage]
        r = FinancingRequest(ref=f"RZS-{start + i + 1:07d}", enterprise_id=e, amount_fen=amount,
                             term_months=rng.choice((12, 12, 24, 36)), purpose="绿色项目与节能改造融资",
                             green_category=rng.choice(GREEN), status=stage, created_at=_at(posted),
                             updated_at=_at(posted), approved_fen=amount if depth >= 3 else 0,
                             disbursed_fen=amount if paid else 0)  # fmt: skip
        for n, name in enumerate(reached, start=1):
            if depth >= n:
                setattr(r, f"{name}_on", posted + timedelta(days=(0, 0, 2, 9, 20)[n]))
        if paid:
            r.disbursed_on = posted + timedelta(days=rng.randint(12, 45))
        rows.append(r)
    FinancingRequest.objects.bulk_create(rows, batch_size=2000)
    matches, addressees = [], []
    for r, (e, _posted, product, *_rest) in zip(rows, plans, strict=True):
        if r.matched_on is None:
            continue
        matches.append(Match(request=r, product=product, rank=1, score=6000, rate_ppm=38_000, net_rate_ppm=19_000,
                             likelihood_permille=750, reasons=[]))  # fmt: skip
        declined = r.status == "declined"
        bank = product.provider_id
        slot = "responded" if r.approved_on or declined else ("engaged" if r.accepted_on else "")
        addressees.append(Addressee(
            request=r, bank_id=bank, consent_id=consent.get((e, bank)), product=product, slot=slot,
            accepted_on=r.accepted_on, due_on=r.accepted_on and r.accepted_on + timedelta(days=7),
            outcome="approved" if r.approved_on else ("declined" if declined else ""),
            decline_code="weak_cash_flow" if declined else "", approved_fen=r.approved_fen,
            rate_ppm=38_000 if r.approved_on else None, disbursed_fen=r.disbursed_fen))  # fmt: skip
    Match.objects.bulk_create(matches, batch_size=2000)
    Addressee.objects.bulk_create(addressees, batch_size=2000)
    Disbursement.objects.bulk_create([
        Disbursement(request=a.request, addressee=a, bank_id=a.bank_id, reference=f"{a.request.ref}-1",
                     amount_fen=a.disbursed_fen, paid_on=a.request.disbursed_on, rate_ppm=38_000,
                     green_category=a.request.green_category, project=a.request.purpose)
        for a in addressees if a.disbursed_fen], batch_size=2000)  # fmt: skip
