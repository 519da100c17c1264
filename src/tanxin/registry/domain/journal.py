"""Append-only, hash-chained journal of registry transactions, and its verifier.

``hash_n = H(prev_hash_n || canonical_json(body_n))`` where the body is the record's sequence number,
kind, and payload. H is SHA-256 by default; SM3 (GB/T 32905) is available for deployments that must
use national algorithms. The algorithm is stored in every record, so a verifier never guesses.
A daily *anchor* record carries the head hash and the balance digest of the day; publishing the
anchor hash outside the database (bureau notice, email, timestamp service) is what makes a silent
rewrite of the whole chain detectable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from gmssl import func, sm3

from tanxin.common.hashing import canonical_hash, canonical_json

from .model import Instrument, Transaction

GENESIS = "0" * 64


class HashAlgorithm(StrEnum):
    SHA256 = "sha256"
    SM3 = "sm3"


def digest(data: bytes, algorithm: HashAlgorithm = HashAlgorithm.SHA256) -> str:
    if algorithm is HashAlgorithm.SM3:
        return sm3.sm3_hash(func.bytes_to_list(data))
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class JournalRecord:
    seq: int
    kind: str  # "tx" or "anchor"
    payload: Mapping[str, Any]
    prev_hash: str
    hash: str
    algorithm: HashAlgorithm = HashAlgorithm.SHA256

    def body(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "payload": self.payload}

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.body(),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
            "algorithm": str(self.algorithm),
        }


def record_hash(prev_hash: str, body: Mapping[str, Any], algorithm: HashAlgorithm) -> str:
    return digest(prev_hash.encode("ascii") + canonical_json(body), algorithm)


def append(
    previous: JournalRecord | None,
    kind: str,
    payload: Mapping[str, Any],
    algorithm: HashAlgorithm = HashAlgorithm.SHA256,
) -> JournalRecord:
    """The next record after ``previous`` (None for the first). The caller persists it."""
    seq = previous.seq + 1 if previous else 1
    prev_hash = previous.hash if previous else GENESIS
    # Round-trip through JSON so the stored payload is exactly what was hashed (no Decimals, no dates).
    clean = json.loads(canonical_json(payload))
    body = {"seq": seq, "kind": kind, "payload": clean}
    return JournalRecord(seq, kind, clean, prev_hash, record_hash(prev_hash, body, algorithm), algorithm)


def chain_canonical(
    previous_seq: int,
    previous_hash: str,
    items: Iterable[tuple[str, str]],
    algorithm: HashAlgorithm = HashAlgorithm.SHA256,
) -> list[tuple[int, str, str, str, str]]:
    """Chain records whose payload is already canonical JSON text (a staged record) without parsing it:
    ``(seq, kind, payload text, prev_hash, hash)`` each.

    The hashed body is spelled directly: ``{"kind":…,"payload":…,"seq":N}`` with keys sorted is exactly
    ``canonical_json(body)``, so the hashes equal ``append``'s."""
    records, seq, prev_hash = [], previous_seq, previous_hash if previous_seq else GENESIS
    for kind, text in items:
        seq += 1
        body = '{"kind":' + json.dumps(kind, ensure_ascii=False) + ',"payload":' + text + f',"seq":{seq}}}'
        record_hash_ = digest(prev_hash.encode("ascii") + body.encode("utf-8"), algorithm)
        records.append((seq, kind, text, prev_hash, record_hash_))
        prev_hash = record_hash_
    return records


def transaction_payload(tx_id: str, tx: Transaction, **meta: Any) -> dict[str, Any]:
    """What a transaction record carries: enough to recompute every balance and hold from scratch."""
    return {
        "tx_id": tx_id,
        "tx_kind": str(tx.kind),
        "reverses": tx.reverses,
        "postings": [
            {"account": p.account_id, "instrument": p.instrument.code, "quantity": p.quantity}
            for p in tx.postings
        ],
        "holds": [
            {
                "hold": c.hold.id,
                "account": c.hold.account_id,
                "instrument": c.hold.instrument.code,
                "delta": c.delta,
            }
            for c in tx.hold_changes
        ],
        **meta,
    }


Balances = Mapping[tuple[str, str], int]  # (account id, instrument code) → tonnes


def anchor_payload(day: date, head: JournalRecord | None, balances: Balances) -> dict[str, Any]:
    """The daily anchor: head of the chain at close plus a digest of every balance."""
    return {
        "day": day.isoformat(),
        "head_hash": head.hash if head else GENESIS,
        "head_seq": head.seq if head else 0,
        "balances_digest": balances_digest(balances),
    }


def balances_digest(balances: Balances) -> str:
    rows = sorted([a, i, q] for (a, i), q in balances.items() if q)
    return canonical_hash(rows)


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    records: int
    first_broken_seq: int | None = None
    reason: str = (
        ""  # seq_gap | prev_hash_mismatch | hash_mismatch | anchor_mismatch | unreadable | non_canonical
    )


def verify_chain(records: Iterable[JournalRecord]) -> ChainReport:
    """Recompute the chain from the first record; report the first link that does not hold.

    Anchor records are checked too: their head must be the record before them and their balance
    digest must match the balances replayed from the postings up to that point.
    """
    prev_hash, expected_seq, count = GENESIS, 1, 0
    balances: dict[tuple[str, str], int] = {}
    for rec in records:
        count += 1
        if rec.seq != expected_seq:
            return ChainReport(False, count, rec.seq, "seq_gap")
        if rec.prev_hash != prev_hash:
            return ChainReport(False, count, rec.seq, "prev_hash_mismatch")
        if record_hash(rec.prev_hash, rec.body(), rec.algorithm) != rec.hash:
            return ChainReport(False, count, rec.seq, "hash_mismatch")
        if rec.kind == "tx":
            _post(balances, rec)
        elif rec.kind == "anchor" and (
            rec.payload.get("head_hash") != rec.prev_hash
            or rec.payload.get("balances_digest") != balances_digest(balances)
        ):
            return ChainReport(False, count, rec.seq, "anchor_mismatch")
        prev_hash, expected_seq = rec.hash, expected_seq + 1
    return ChainReport(True, count)


def _post(balances: dict[tuple[str, str], int], rec: JournalRecord) -> None:
    for p in rec.payload["postings"]:
        key = (p["account"], p["instrument"])
        balances[key] = balances.get(key, 0) + p["quantity"]


def export_jsonl(records: Iterable[JournalRecord]) -> bytes:
    """One canonical JSON object per line: the form archived and handed to auditors."""
    return b"".join(canonical_json(r.to_dict()) + b"\n" for r in records)


def verify_jsonl(data: bytes) -> ChainReport:
    """Verify an exported journal byte for byte: a line must parse *and* be in canonical form."""
    records: list[JournalRecord] = []
    for n, line in enumerate(data.splitlines(), start=1):
        try:
            raw = json.loads(line.decode("utf-8"))
            rec = JournalRecord(
                raw["seq"],
                raw["kind"],
                raw["payload"],
                raw["prev_hash"],
                raw["hash"],
                HashAlgorithm(raw["algorithm"]),
            )
        except (ValueError, KeyError, TypeError):
            return ChainReport(False, n, n, "unreadable")
        if canonical_json(rec.to_dict()) != line:  # e.g. a flipped byte that still parses to equal JSON
            return ChainReport(False, n, rec.seq, "non_canonical")
        records.append(rec)
    return verify_chain(records)


def recompute_balances(records: Iterable[JournalRecord]) -> dict[tuple[str, str], int]:
    """Balances rebuilt from postings alone, ignoring any projection table."""
    balances: dict[tuple[str, str], int] = {}
    for rec in records:
        if rec.kind == "tx":
            _post(balances, rec)
    return {k: v for k, v in balances.items() if v}


@dataclass(frozen=True)
class Drift:
    account_id: str
    instrument: str
    journal: int
    projection: int


def balance_drift(records: Sequence[JournalRecord], projection: Balances) -> list[Drift]:
    """Every (account, instrument) where the projection disagrees with the journal; empty means in sync."""
    journal = recompute_balances(records)
    keys = sorted(set(journal) | {k for k, v in projection.items() if v})
    return [
        Drift(a, i, journal.get((a, i), 0), projection.get((a, i), 0))
        for a, i in keys
        if journal.get((a, i), 0) != projection.get((a, i), 0)
    ]


def snapshot_balances(balances: Mapping[tuple[str, Instrument], int]) -> dict[tuple[str, str], int]:
    """Convert a ledger ``Snapshot.balances`` into the code-keyed form the journal speaks."""
    return {(a, i.code): q for (a, i), q in balances.items() if q}
