"""Transfers per second through the registry service layer with 8 concurrent clients, on PostgreSQL.

Reference in the same run: the same transfers as raw SQL (lock both accounts in order, insert the
transaction and its two postings, update both balances), i.e. the floor any implementation pays.
The service path adds the idempotency key, the gate, the domain rules and the hash-chained journal.
The journal sealer runs alongside as it does in production (``manage.py registry_seal``), and the clock
stops only when every transfer is both committed and chained: ``tps_service`` counts chained transfers.
Afterwards ``registry_verify``'s checks run over everything: ``invariants_ok``.
Prints one JSON line.
"""

from __future__ import annotations

import os
import random
import secrets
import statistics
import time

from registry_support import emit, registry, setup

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
ACCOUNTS = int(os.environ.get("BENCH_ACCOUNTS", "400"))
PER_CLIENT = int(os.environ.get("BENCH_TRANSFERS_PER_CLIENT", "1000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))  # service and raw alternate; the medians are reported
INSTRUMENT = "SZA-2024"
SEAL_INTERVAL_S = 0.2  # the sealer's default round
RAW_INSTRUMENT = "SZA-2025"  # the raw phase moves its own instrument, so the journal check stays exact


def _pairs(accs, seed: int) -> list[tuple]:  # each client its own random pairs, the same in every round
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


def _sealer(stop) -> None:
    from django.db import connection

    from tanxin.registry.store import seal_all

    try:
        while not stop.wait(SEAL_INTERVAL_S):  # as ``manage.py registry_seal`` does
            seal_all()
    finally:
        connection.close()


def _run_clients(work, sealing: bool = False) -> float:
    """Run ``work(i)`` in CLIENTS processes (like web workers: no shared GIL); wall time from a common start.

    With ``sealing`` the journal sealer runs in one more process, and the time includes chaining the rest."""
    import multiprocessing as mp

    from django.db import connections

    connections.close_all()  # children must open their own connections, never share the parent's socket
    ctx = mp.get_context("fork")
    barrier, errors, stop = ctx.Barrier(CLIENTS + 1), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_client, args=(work, i, barrier, errors)) for i in range(CLIENTS)]
    sealer = ctx.Process(target=_sealer, args=(stop,)) if sealing else None
    for p in procs + ([sealer] if sealer else []):
        p.start()
    barrier.wait()
    start = time.perf_counter()
    for p in procs:
        p.join()
    if sealer is not None:
        stop.set()
        sealer.join()
        from tanxin.registry.store import seal_all

        seal_all()
    elapsed = time.perf_counter() - start
    if not errors.empty():
        raise RuntimeError(errors.get())
    return elapsed


def service_phase(accs, user) -> float:
    from tanxin.registry import services

    def work(i: int) -> None:
        for source, dest in _pairs(accs, i):
            services.transfer(user, source.pk, dest.number, INSTRUMENT, 1, key=secrets.token_hex(8))

    return _run_clients(work, sealing=True)


RAW_TX = """
INSERT INTO registry_transaction (tx_id, kind, subtype, actor_id, approved_by_id, reason, legal_basis,
                                  compliance_year, reverses_id, created_at)
VALUES (%s, 'transfer', '', %s, NULL, '', '', NULL, NULL, now()) RETURNING id
"""


def raw_phase(accs, user, instrument_id: int) -> float:
    from django.db import connection, transaction

    def work(i: int) -> None:
        for source, dest in _pairs(accs, 1000 + i):  # the same shape of load as the service phase
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


def invariants() -> bool:
    """Zero-sum postings, no negative balance, and ``registry_verify`` clean for everything but the raw phase.

    Raw transfers move RAW_INSTRUMENT without a journal record; exactly that drift is expected, nothing else."""
    from django.db.models import Sum

    from tanxin.registry.models import Balance, Posting, Transaction
    from tanxin.registry.verification import verify

    zero_sum = Posting.objects.aggregate(s=Sum("quantity"))["s"] == 0
    balances_ok = not Balance.objects.filter(quantity__lt=0, may_be_negative=False).exists()
    raw_count = Transaction.objects.filter(tx_id__startswith="R").count()
    expected = f"{raw_count} transactions have no journal record"
    unexpected = [p for p in verify().problems if RAW_INSTRUMENT not in p and p != expected]
    return zero_sum and balances_ok and not unexpected


def main() -> None:
    vendor = setup()
    from django.db import connection

    from tanxin.registry import services
    from tanxin.registry.models import Instrument

    bureau, accs, user = registry(ACCOUNTS, "T")
    for code in (INSTRUMENT, RAW_INSTRUMENT):
        services.issue(user, bureau.jurisdiction_id, code, ACCOUNTS * 100_000, reason="bench cap")
        rows = [{"account": a.number, "instrument": code, "quantity": "100000"} for a in accs]
        services.bulk_allocate(user, bureau.jurisdiction_id, rows, "pre_allocation", reason="bench")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have after loading; the planner sees the real sizes
    n = CLIENTS * PER_CLIENT
    instrument_id = Instrument.objects.get(code=RAW_INSTRUMENT).pk
    service_runs, raw_runs, ok = [], [], True
    for _ in range(ROUNDS):
        service_runs.append(n / service_phase(accs, user))
        raw_runs.append(n / raw_phase(accs, user, instrument_id))
        ok = ok and invariants()
    tps_service, tps_raw = statistics.median(service_runs), statistics.median(raw_runs)
    emit({
        "bench": "registry_transfers", "database": vendor, "clients": CLIENTS, "transfers": n, "rounds": ROUNDS,
        "tps_service": round(tps_service, 1), "tps_raw_sql": round(tps_raw, 1),
        "ratio": round(tps_service / tps_raw, 3), "invariants_ok": ok,
        "tps_service_rounds": [round(t) for t in service_runs], "tps_raw_sql_rounds": [round(t) for t in raw_runs],
        "reference": "same transfers as raw SQL (lock, insert tx + postings, update balances) in the same run; "
                     "targets: tps_service >= 1000, ratio >= 0.25",
    })  # fmt: skip


if __name__ == "__main__":
    main()
