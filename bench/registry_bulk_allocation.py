"""Bulk allocation to 10,000 holding accounts through the service layer (one allocation table), on PostgreSQL.

Measured: validation of the table, locking 10,001 accounts, 10,000 domain decisions, bulk insert of
10,000 transactions and 20,000 postings, the balance projection and 10,000 hash-chained journal
records, in one database transaction. Reference in the same run: the same rows inserted as raw SQL
(transactions, postings, balances; no validation, no journal). Target: under 5 s.
Prints one JSON line.
"""

from __future__ import annotations

import os
import secrets
import time

from registry_support import emit, registry, setup

ACCOUNTS = int(os.environ.get("BENCH_ACCOUNTS", "10000"))
INSTRUMENT = "SZA-2025"
TARGET_SECONDS = 5.0


def raw_reference(accs, user, instrument_id: int, management_id: int) -> float:
    """The floor: the same ledger rows written with executemany, no checks, no journal."""
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(
            "INSERT INTO registry_transaction (tx_id, kind, subtype, actor_id, reason, legal_basis, created_at) "
            "VALUES (%s, 'allocate', 'raw', %s, '', '', now())",
            [[f"R{secrets.token_hex(8)}", user.pk] for _ in accs],
        )
        cur.execute("SELECT id FROM registry_transaction WHERE subtype = 'raw' ORDER BY id")
        tx_ids = [r[0] for r in cur.fetchall()][-len(accs):]
        rows = []
        for tx_id, a in zip(tx_ids, accs, strict=True):
            rows += [[tx_id, management_id, instrument_id, -10], [tx_id, a.pk, instrument_id, 10]]
        cur.executemany(
            "INSERT INTO registry_posting (tx_id, account_id, instrument_id, quantity) VALUES (%s, %s, %s, %s)", rows
        )
        cur.executemany("UPDATE registry_balance SET quantity = quantity + 10 WHERE account_id = %s AND "
                        "instrument_id = %s", [[a.pk, instrument_id] for a in accs])  # fmt: skip
        cur.execute("UPDATE registry_balance SET quantity = quantity - %s WHERE account_id = %s AND instrument_id = %s",
                    [10 * len(accs), management_id, instrument_id])  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    vendor = setup()
    from tanxin.registry import services
    from tanxin.registry.models import Balance, Instrument
    from tanxin.registry.verification import verify

    bureau, accs, user = registry(ACCOUNTS, "B")
    services.issue(user, bureau.jurisdiction_id, INSTRUMENT, ACCOUNTS * 2_000, reason="bench cap")
    rows = [{"account": a.number, "instrument": INSTRUMENT, "quantity": "1000"} for a in accs]
    start = time.perf_counter()
    result = services.bulk_allocate(user, bureau.jurisdiction_id, rows, "pre_allocation", reason="bench table")
    seconds = time.perf_counter() - start
    report = verify()
    ok = report.ok and result["rows"] == ACCOUNTS
    ok = ok and Balance.objects.filter(account__in=accs, quantity=1000).count() == ACCOUNTS
    management = services.bureau_account(bureau.jurisdiction_id, "management")
    raw = raw_reference(accs, user, Instrument.objects.get(code=INSTRUMENT).pk, management.pk)
    emit({
        "bench": "registry_bulk_allocation", "database": vendor, "accounts": ACCOUNTS,
        "seconds": round(seconds, 3), "seconds_raw_sql": round(raw, 3), "ratio": round(raw / seconds, 3),
        "target_seconds": TARGET_SECONDS, "meets_target": seconds < TARGET_SECONDS, "invariants_ok": ok,
        "reference": "same allocation rows inserted as raw SQL (executemany, no validation, no journal) in the "
                     "same run; target: seconds < 5",
    })  # fmt: skip


if __name__ == "__main__":
    main()
