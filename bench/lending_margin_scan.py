"""Daily mark-to-market of 1,000 live pledge loans with a year of prices (target ≤ 1 s on SQLite and PostgreSQL).

Setup (not timed): one bureau, enterprises and a bank, 250 trading days of synthetic SZA prices ending on the
scan day, 1,000 live loans with their pledges, sized so that about one in ten falls below a line that day.
Timed: ``margin.mark_all`` — read prices, revalue, classify, write 1,000 marks, open the margin calls, write
their events and notify enterprise, bank and bureau. Reference in the same run: the pure domain arithmetic
(coverage, zone, call decision) for the same 1,000 loans with no database. Prints one JSON line.
"""

from __future__ import annotations

import time

from _setup import django_for_bench, emit

LOANS = 1000


def setup():
    import math
    import random
    from datetime import date, timedelta
    from decimal import Decimal

    from tanxin.common.identifiers import make_uscc
    from tanxin.lending.domain.workflow import State
    from tanxin.lending.models import Loan, Pledge
    from tanxin.market import services as market
    from tanxin.market.domain.calendar import trading_days
    from tanxin.market.domain.prices import PriceRow
    from tanxin.orgs.models import Membership, Organisation, User
    from tanxin.orgs.reference import load_jurisdictions

    on = date(2025, 6, 30)
    nanshan = load_jurisdictions()["440305"]
    bureau = Organisation.objects.create(kind="bureau", name_zh="局", jurisdiction=nanshan,
                                         uscc=make_uscc("91", nanshan.code, "BENCHB01"))  # fmt: skip
    bank = Organisation.objects.create(kind="bank", name_zh="银行", jurisdiction=nanshan,
                                       uscc=make_uscc("91", nanshan.code, "BENCHK01"))  # fmt: skip
    enterprises = [Organisation.objects.create(kind="enterprise", name_zh=f"企业{i}", jurisdiction=nanshan,
                                               uscc=make_uscc("91", nanshan.code, f"BENCHE{i:02d}"))
                   for i in range(50)]  # fmt: skip
    for i, org in enumerate([bureau, bank, *enterprises[:5]]):
        user = User.objects.create_user(f"bench{i}", f"bench{i}@example.invalid", "x")
        Membership.objects.create(user=user, organisation=org, role="admin")
    rng = random.Random(7)
    days = list(trading_days(on - timedelta(days=400), on))[-250:]
    price, rows = 60.0, []
    for d in days:
        price *= math.exp(rng.gauss(0, 0.25 / math.sqrt(250)))
        close = Decimal(f"{price:.2f}")
        rows.append(PriceRow(d, "SZA", close, close, 20_000, int(close * 100) * 20_000, True, "bench"))
    market.store(rows)
    loans = []
    for i in range(LOANS):
        cover = 1.05 + 2.0 * rng.random() if i % 10 == 0 else 1.6 + 1.5 * rng.random()
        principal = 1_000_000_00 + 1000_00 * i
        quantity = int(principal / 100 * cover / float(close))
        loans.append(Loan(ref=f"B{i:05d}", enterprise=enterprises[i % 50], bank=bank, state=State.LIVE,
                          amount_fen=principal, principal_fen=principal, term_months=12, purpose="bench",
                          instrument_code="SZA-2024", quantity_t=quantity, rate_ppm=40_500,
                          disbursed_on=on - timedelta(days=90), interest_from=on - timedelta(days=90)))  # fmt: skip
    Loan.objects.bulk_create(loans, batch_size=500)
    loans = list(Loan.objects.order_by("pk"))
    Pledge.objects.bulk_create([Pledge(loan=loan, hold_ref=f"HB{loan.pk:06d}", instrument_code="SZA-2024",
                                       quantity_t=loan.quantity_t) for loan in loans], batch_size=500)  # fmt: skip
    return on


def pure(on, loans, price) -> float:
    from decimal import Decimal

    from tanxin.lending.domain import coverage, interest
    from tanxin.lending.domain import margin as rules
    from tanxin.lending.domain.params import DEFAULTS, STANDARD

    start = time.perf_counter()
    for loan in loans:
        accrued = interest.accrued(loan.principal_fen, Decimal(loan.rate_ppm) / 10**6, loan.interest_from, on)
        exp = coverage.Exposure(loan.quantity_t, price, 0, 0, loan.principal_fen, accrued)
        zone = coverage.zone(coverage.coverage(exp), STANDARD)
        rules.decide(zone, None, None, None, on, DEFAULTS)
    return time.perf_counter() - start


def main() -> None:
    vendor = django_for_bench()
    from tanxin.lending.domain.params import DEFAULTS
    from tanxin.lending.domain.valuation import value_price
    from tanxin.lending.inputs import quotes
    from tanxin.lending.models import Event, Loan, MarginCall, Mark
    from tanxin.lending.services import margin
    from tanxin.orgs.models import Notification

    on = setup()
    loans = list(Loan.objects.order_by("pk"))
    price = value_price(quotes("SZA", on), on, DEFAULTS).price
    pure_s = pure(on, loans, price)
    start = time.perf_counter()
    outcomes = margin.mark_all(on)
    scan_s = time.perf_counter() - start
    emit({
        "bench": "lending_margin_scan",
        "database": vendor,
        "loans": len(outcomes),
        "scan_s": round(scan_s, 3),
        "target_s": 1.0,
        "reference_pure_domain_s": round(pure_s, 4),
        "marks": Mark.objects.filter(on=on).count(),
        "calls_opened": MarginCall.objects.count(),
        "events": Event.objects.count(),
        "notices": Notification.objects.count(),
    })  # fmt: skip


if __name__ == "__main__":
    main()
