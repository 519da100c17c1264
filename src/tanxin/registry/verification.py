"""Daily anchors and the full verification behind ``manage.py registry_verify``.

Three independent records must agree: the hash-chained journal, the posting rows, and the balance
projection. The journal is recomputed link by link; balances are rebuilt from it and compared with
both the postings and the projection; the open holds are compared with the held column.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from tanxin.common.hashing import canonical_json
from tanxin.registry import store
from tanxin.registry.domain import journal as jr
from tanxin.registry.models import Balance, DailyAnchor, Hold, JournalEntry, Posting, Transaction


def projection_balances() -> dict[tuple[str, str], int]:
    rows = Balance.objects.values_list("account__number", "instrument__code", "quantity")
    return {(a, i): q for a, i, q in rows if q}


def anchor_day(day: date | None = None) -> DailyAnchor:
    """Append the day's anchor (head hash + digest of every balance); one per day."""
    day = day or timezone.localdate()
    with transaction.atomic():
        head = store.lock_head()
        existing = DailyAnchor.objects.filter(day=day).first()
        if existing is not None:
            return existing
        head_record = jr.JournalRecord(head.seq, "head", {}, "", head.hash) if head.seq else None
        payload = jr.anchor_payload(day, head_record, projection_balances())
        entry = store.append_journal(head, [("anchor", payload)])[0]
        return DailyAnchor.objects.create(day=day, seq=entry.seq, hash=entry.hash)


@dataclass
class VerifyReport:
    ok: bool = True
    records: int = 0
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
    report = VerifyReport()
    records = _records(report)
    report.records = len(records)
    chain = jr.verify_chain(records)
    if not chain.ok:
        report.fail(f"hash chain broken at seq {chain.first_broken_seq}: {chain.reason}")
    tx_records = [r for r in records if r.kind == "tx" and "postings" in r.payload]
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
