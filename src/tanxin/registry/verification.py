"""Daily anchors and the full verification behind ``manage.py registry_verify``.

Three independent records must agree: the hash-chained journal, the posting rows, and the balance
projection. The journal is recomputed link by link; balances are rebuilt from it and compared with
both the postings and the projection; the open holds are compared with the held column.

Records staged but not yet chained by the sealer (PostgreSQL) belong to committed transactions: they
count towards balances and holds, not towards the chain. Everything is read from one snapshot
(REPEATABLE READ) so writes committing meanwhile cannot show up as drift.
"""

from __future__ import annotations

import json
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from tanxin.common.hashing import canonical_json
from tanxin.registry import store
from tanxin.registry.domain import journal as jr
from tanxin.registry.models import Balance, DailyAnchor, Hold, JournalEntry, JournalStage, Posting, Transaction


def projection_balances() -> dict[tuple[str, str], int]:
    rows = Balance.objects.values_list("account__number", "instrument__code", "quantity")
    return {(a, i): q for a, i, q in rows if q}


CHAINED_BALANCES = """
SELECT a.number, i.code, b.quantity, NULL FROM registry_balance b
JOIN registry_account a ON a.id = b.account_id JOIN registry_instrument i ON i.id = b.instrument_id
WHERE b.quantity <> 0
UNION ALL
SELECT NULL, NULL, NULL, s.payload FROM registry_journalstage s WHERE s.kind = 'tx'
"""


def chained_balances() -> dict[tuple[str, str], int]:
    """The balances the chain implies: the projection less what staged, unchained records moved.

    One statement, so the projection and the staged records come from the same snapshot (an operation
    commits its balance change and its staged record together)."""
    balances: dict[tuple[str, str], int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(CHAINED_BALANCES)
        for number, code, quantity, staged in cursor.fetchall():
            if staged is None:
                balances[(number, code)] += quantity
                continue
            for p in json.loads(staged).get("postings", []):
                balances[(p["account"], p["instrument"])] -= p["quantity"]
    return {k: v for k, v in balances.items() if v}


def anchor_day(day: date | None = None) -> DailyAnchor:
    """Append the day's anchor (head hash + digest of every balance the chain implies); one per day."""
    day = day or timezone.localdate()
    with transaction.atomic():
        store.lock_head()
        existing = DailyAnchor.objects.filter(day=day).first()
        if existing is not None:
            return existing
        store.seal_all()
        head = store.lock_head()
        head_record = jr.JournalRecord(head.seq, "head", {}, "", head.hash) if head.seq else None
        payload = jr.anchor_payload(day, head_record, chained_balances())
        entry = store.append_journal(head, [("anchor", payload)])[0]
        return DailyAnchor.objects.create(day=day, seq=entry.seq, hash=entry.hash)


@contextmanager
def one_snapshot():
    """A read-only transaction that sees one snapshot (PostgreSQL REPEATABLE READ; SQLite reads do anyway)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@dataclass
class VerifyReport:
    ok: bool = True
    records: int = 0
    staged: int = 0  # committed records the sealer had not chained yet (counted for balances)
    problems: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.ok = False
        self.problems.append(message)


def _records(report: VerifyReport) -> list[jr.JournalRecord]:
    records = []
    for entry in JournalEntry.objects.order_by("seq").iterator(chunk_size=2000):
        try:
            payload = json.loads(entry.payload)
        except ValueError:
            report.fail(f"journal seq {entry.seq}: payload is not valid JSON (tampered)")
            payload = {"unreadable": entry.payload}
        else:
            if canonical_json(payload).decode("utf-8") != entry.payload:
                report.fail(f"journal seq {entry.seq}: payload is not in canonical form (tampered)")
        records.append(jr.JournalRecord(entry.seq, entry.kind, payload, entry.prev_hash, entry.hash,
                                        jr.HashAlgorithm(entry.algorithm)))  # fmt: skip
    return records


def verify() -> VerifyReport:
    if not connection.in_atomic_block:
        store.seal_all()
    with one_snapshot():
        return _verify()


def _verify() -> VerifyReport:
    report = VerifyReport()
    records = _records(report)
    report.records = len(records)
    chain = jr.verify_chain(records)
    if not chain.ok:
        report.fail(f"hash chain broken at seq {chain.first_broken_seq}: {chain.reason}")
    staged = [jr.JournalRecord(0, kind, json.loads(payload), "", "")
              for kind, payload in JournalStage.objects.order_by("id").values_list("kind", "payload")]  # fmt: skip
    report.staged = len(staged)
    tx_records = [r for r in records + staged if r.kind == "tx" and "postings" in r.payload]
    journal = jr.recompute_balances(tx_records)
    for d in jr.balance_drift(tx_records, projection_balances()):
        report.fail(f"balance drift {d.account_id} {d.instrument}: journal {d.journal}, projection {d.projection}")
    posted = defaultdict(int)
    for a, i, q in Posting.objects.values_list("account__number", "instrument__code").annotate(q=Sum("quantity")):
        if q:
            posted[(a, i)] = q
    for key in sorted(set(posted) | set(journal)):
        if posted.get(key, 0) != journal.get(key, 0):
            report.fail(f"postings disagree with the journal for {key[0]} {key[1]}: "
                        f"{posted.get(key, 0)} vs {journal.get(key, 0)}")  # fmt: skip
    _verify_holds(report, tx_records)
    journaled = {r.payload.get("tx_id") for r in tx_records}
    missing = Transaction.objects.exclude(tx_id__in=journaled).count() if len(journaled) < 50000 else 0
    if missing:
        report.fail(f"{missing} transactions have no journal record")
    return report


def _verify_holds(report: VerifyReport, tx_records: list[jr.JournalRecord]) -> None:
    from_journal: dict[str, int] = defaultdict(int)
    for rec in tx_records:
        for h in rec.payload.get("holds", []):
            from_journal[h["hold"]] += h["delta"]
    for hold in Hold.objects.all().only("ref", "quantity"):
        if from_journal.get(hold.ref, 0) != hold.quantity:
            report.fail(f"hold {hold.ref}: journal {from_journal.get(hold.ref, 0)}, projection {hold.quantity}")
    held = defaultdict(int)
    for a, i, q in Hold.objects.filter(status="open").values_list("account_id", "instrument_id", "quantity"):
        held[(a, i)] += q
    for b in Balance.objects.filter(held__gt=0):
        if held.get((b.account_id, b.instrument_id), 0) != b.held:
            report.fail(f"held column of balance {b.pk} disagrees with the open holds")
    for (a, i), q in held.items():
        if not Balance.objects.filter(account_id=a, instrument_id=i, held=q).exists():
            report.fail(f"open holds on account {a} instrument {i} are not reflected in the held column")
