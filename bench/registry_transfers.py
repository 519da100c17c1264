"""Transfers per second through the registry service layer with 8 concurrent clients, on PostgreSQL.

Reference in the same run: the same transfers as raw SQL (lock both accounts in order, insert the
transaction and its two postings, update both balances), i.e. the floor any implementation pays.
The service path adds the idempotency key, the gate, the domain rules and the hash-chained journal.
Afterwards ``registry_verify``'s checks run over everything: ``invariants_ok``.
Prints one JSON line.
"""

from __future__ import annotations

import os
import random
import secrets
import time

from registry_support import emit, registry, setup

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
ACCOUNTS = int(os.environ.get("BENCH_ACCOUNTS", "400"))
PER_CLIENT = int(os.environ.get("BENCH_TRANSFERS_PER_CLIENT", "400"))
INSTRUMENT = "SZA-2024"


def _pairs(accs, seed: int) -> list[tuple]:
    rng = random.Random(seed)
    return [tuple(rng.sample(accs, 2)) for _ in range(PER_CLIENT)]


def _client(work, i: int, barrier, errors) -> None:
    from django.db import connection

    try:
        barrier.wait()
        work(i)
    except BaseException as exc:
        errors.put(repr(exc))
    finally:
        connection.close()


def _run_clients(work) -> float:
    """Run ``work(i)`` in CLIENTS processes (like web workers: no shared GIL); wall time from a common start."""
    import multiprocessing as mp

    from django.db import connections

    connections.close_all()  # children must open their own connections, never share the parent's socket
    ctx = mp.get_context("fork")
    barrier, errors = ctx.Barrier(CLIENTS + 1), ctx.Queue()
    procs = [ctx.Process(target=_client, args=(work, i, barrier, errors)) for i in range(CLIENTS)]
    for p in procs:
        p.start()
    barrier.wait()
    start = time.perf_counter()
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    if not errors.empty():
        raise RuntimeError(errors.get())
    return elapsed


def service_phase(accs, user) -> float:
    from tanxin.registry import services

    def work(i: int) -> None:
        for source, dest in _pairs(accs, i):
            services.transfer(user, source.pk, dest.number, INSTRUMENT, 1, key=secrets.token_hex(8))

    return _run_clients(work)


RAW_TX = """
INSERT INTO registry_transaction (tx_id, kind, subtype, actor_id, approved_by_id, reason, legal_basis,
                                  compliance_year, reverses_id, created_at)
VALUES (%s, 'transfer', '', %s, NULL, '', '', NULL, NULL, now()) RETURNING id
"""


def raw_phase(accs, user, instrument_id: int) -> float:
    from django.db import connection, transaction

    def work(i: int) -> None:
        for source, dest in _pairs(accs, 1000 + i):
            first, second = sorted((source.pk, dest.pk))
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute("SELECT id FROM registry_account WHERE id IN (%s, %s) ORDER BY id FOR NO KEY UPDATE",
                            [first, second])  # fmt: skip
                cur.execute(RAW_TX, [f"R{secrets.token_hex(8)}", user.pk])
                tx_id = cur.fetchone()[0]
                cur.execute("INSERT INTO registry_posting (tx_id, account_id, instrument_id, quantity) "
                            "VALUES (%s, %s, %s, -1), (%s, %s, %s, 1)",
                            [tx_id, source.pk, instrument_id, tx_id, dest.pk, instrument_id])  # fmt: skip
                cur.execute("UPDATE registry_balance SET quantity = quantity - 1 WHERE account_id = %s "
                            "AND instrument_id = %s AND quantity - held >= 1", [source.pk, instrument_id])  # fmt: skip
                cur.execute("UPDATE registry_balance SET quantity = quantity + 1 WHERE account_id = %s "
                            "AND instrument_id = %s", [dest.pk, instrument_id])  # fmt: skip

    return _run_clients(work)


def invariants(raw_count: int) -> bool:
    """The service phase must verify cleanly; the raw phase bypasses the journal, so it is checked on its own."""
    from django.db.models import Sum

    from tanxin.registry.models import Balance, Posting
    from tanxin.registry.verification import verify

    zero_sum = Posting.objects.aggregate(s=Sum("quantity"))["s"] == 0
    balances_ok = not Balance.objects.filter(quantity__lt=0, may_be_negative=False).exists()
    report = verify()
    # Raw transfers are not journalled: exactly that drift is expected, and nothing else.
    unexpected = [p for p in report.problems if "postings disagree" not in p and "drift" not in p
                  and "no journal record" not in p]  # fmt: skip
    return zero_sum and balances_ok and not unexpected and (report.ok or raw_count > 0)


def main() -> None:
    vendor = setup()
    from tanxin.registry import services
    from tanxin.registry.models import Instrument

    bureau, accs, user = registry(ACCOUNTS, "T")
    services.issue(user, bureau.jurisdiction_id, INSTRUMENT, ACCOUNTS * 100_000, reason="bench cap")
    rows = [{"account": a.number, "instrument": INSTRUMENT, "quantity": "100000"} for a in accs]
    services.bulk_allocate(user, bureau.jurisdiction_id, rows, "pre_allocation", reason="bench")
    n = CLIENTS * PER_CLIENT
    service_seconds = service_phase(accs, user)
    from tanxin.registry.verification import verify

    service_ok = verify().ok
    raw_seconds = raw_phase(accs, user, Instrument.objects.get(code=INSTRUMENT).pk)
    ok = service_ok and invariants(n)
    tps_service, tps_raw = n / service_seconds, n / raw_seconds
    emit({
        "bench": "registry_transfers", "database": vendor, "clients": CLIENTS, "transfers": n,
        "tps_service": round(tps_service, 1), "tps_raw_sql": round(tps_raw, 1),
        "ratio": round(tps_service / tps_raw, 3), "invariants_ok": ok,
        "reference": "same transfers as raw SQL (lock, insert tx + postings, update balances) in the same run; "
                     "targets: tps_service >= 1000, ratio >= 0.25",
    })  # fmt: skip


if __name__ == "__main__":
    main()
