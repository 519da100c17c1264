"""The one-statement path for plain moves on PostgreSQL: decide on a snapshot, apply under a guard.

The locking path (``store.run``) takes five statements and two round trips for BEGIN and COMMIT, with
the account locks held across every round trip to the application. A plain move (a transfer, an
allocation: postings only, no hold, between balance rows that already exist) can do better:

1. one statement, no lock: the accounts, their balance rows and whether the idempotency key is known,
   all from one consistent MVCC snapshot;
2. ``domain.ledger`` decides on that snapshot, exactly as on the locking path;
3. one statement, its own transaction: ``registry_apply_guarded`` (migration 0005) locks the accounts in
   ascending id order, checks that every account's ``blocked`` flag and every balance row's quantity and
   held amount are still what the decision saw, and only then writes the transaction, postings, balances,
   idempotency key and staged journal record, which the sealer chains moments later (migration 0004).

Anything else goes to the locking path, which is always correct: a known idempotency key (replay or
conflict is answered there), a refusal (refusals are pronounced under the lock, never on a snapshot), a
changed snapshot, a lost race for the key, a deadlock, SQLite.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import psycopg
from django.db import DatabaseError, connection, transaction

from tanxin.common.errors import DomainError
from tanxin.common.hashing import canonical_json
from tanxin.registry import store
from tanxin.registry.domain import idempotency as idem
from tanxin.registry.models import Account
from tanxin.registry.models import Instrument as InstrumentRow

PEEK = """
SELECT a.id, a.number, a.kind, a.owner_id, a.jurisdiction_id, a.blocked,
       b.id, b.instrument_id, b.quantity, b.held, b.may_be_negative,
       (SELECT k.id FROM registry_idempotencykey k WHERE k.actor_id = %(actor)s AND k.key = %(key)s)
FROM registry_account a
LEFT JOIN registry_balance b ON b.account_id = a.id AND b.instrument_id = ANY(%(instruments)s::bigint[])
WHERE a.id = ANY(%(ids)s::bigint[]) OR (a.number = %(number)s AND a.kind = 'holding')
"""
ARRAYS = ("bigint[]", "boolean[]", "bigint[]", "bigint[]", "bigint[]", "bigint[]", "bigint[]", "bigint[]", "bigint[]")
APPLY = "SELECT registry_apply_guarded(" + ", ".join(
    [f"%s::{t}" for t in ARRAYS] + ["%s"] * (24 - len(ARRAYS))) + ")"  # fmt: skip


@dataclass
class Peek:
    """What one unlocked statement saw: accounts by id, their balance rows, whether the key is known."""

    accounts: dict[int, Account]
    balances: dict[tuple[int, int], SimpleNamespace] = field(default_factory=dict)
    key_known: bool = False


def usable() -> bool:
    return connection.vendor == "postgresql"


def _array(values: Iterable[int]) -> str:
    """A PostgreSQL array literal (cast in the SQL): far cheaper to send than psycopg's list adaptation."""
    return "{" + ",".join(map(str, map(int, values))) + "}"


def _flags(values: Iterable[bool]) -> str:
    return "{" + ",".join("t" if v else "f" for v in values) + "}"


def _fetch(sql: str, params: list[Any] | dict[str, Any]) -> list[tuple]:
    """Server-side binding, prepared after a few uses: the hot statements skip parsing and planning."""
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall()


def peek(user: Any, key: str | None, instrument_ids: Iterable[int], account_ids: Iterable[int] = (),
         holding_number: str | None = None) -> Peek:  # fmt: skip
    """The accounts (by id, and the holding account numbered ``holding_number``), their balance rows for
    the instruments and whether ``key`` is known: one statement, one MVCC snapshot, no lock (PostgreSQL)."""
    params = {"actor": user.pk, "key": key, "instruments": _array(instrument_ids), "ids": _array(account_ids),
              "number": holding_number}  # fmt: skip
    rows = _fetch(PEEK, params)
    found = Peek({}, {}, bool(rows) and rows[0][11] is not None)
    for aid, number, kind, owner, jid, blocked, bid, iid, quantity, held, negative, _key in rows:
        if aid not in found.accounts:
            found.accounts[aid] = store.account_row(aid, number, kind, owner, jid, blocked)
        if bid is not None:
            found.balances[(aid, iid)] = SimpleNamespace(pk=bid, id=bid, quantity=quantity, held=held,
                                                         may_be_negative=negative)  # fmt: skip
    return found


def attempt(user: Any, operation: str, content: dict[str, Any], key: str | None, account_ids: Iterable[int],
            instruments: list[InstrumentRow], decide: Callable[[store.Loaded], store.Decided],
            peeked: Peek | None = None) -> dict | None:  # fmt: skip
    """The operation's result, or None when the locking path must run it (nothing has been written)."""
    if not usable():
        return None
    ids = sorted(set(account_ids))
    rows_by_pk = {i.pk: i for i in instruments}
    seen = peeked if peeked is not None else peek(user, key, rows_by_pk, ids)
    if seen.key_known or any(a not in seen.accounts for a in ids):
        return None  # a known key (replay or conflict) or an unknown account: the locking path answers
    accounts = {a: seen.accounts[a] for a in ids}
    balances = {k: b for k, b in seen.balances.items() if k[0] in accounts and k[1] in rows_by_pk}
    loaded = store.loaded_from(list(accounts.values()), rows_by_pk, balances)
    try:
        decided = decide(loaded)
    except DomainError:
        return None  # refused on the snapshot: let the locking path decide (and word) it under the lock
    if decided.tx.hold_changes or decided.reverses is not None:
        return None  # not a plain move after all
    deltas: dict[tuple[int, int], int] = defaultdict(int)
    codes = {i.code: i.pk for i in instruments}
    postings = [(loaded.by_number[p.account_id].pk, codes[p.instrument.code], p.quantity) for p in decided.tx.postings]
    for account_id, instrument_id, quantity in postings:
        deltas[(account_id, instrument_id)] += quantity
    if any(k not in balances for k in deltas):
        return None  # a first balance row is created on the locking path
    return _apply(user, operation, content, key, ids, accounts, balances, deltas, postings, decided)


def _apply(user, operation, content, key, ids, accounts, balances, deltas, postings, decided) -> dict | None:
    header = SimpleNamespace(**store.tx_fields(decided, store.now()))
    tx_id, created = header.tx_id, header.created_at
    result = {"tx_id": tx_id, "kind": header.kind}
    kind, payload = store.journal_items([header], [decided])[0]
    touched = [balances[k] for k in deltas]
    params = [
        _array(ids), _flags(accounts[a].blocked for a in ids),
        _array(b.pk for b in touched), _array(b.quantity for b in touched), _array(b.held for b in touched),
        _array(deltas.values()),
        _array(p[0] for p in postings), _array(p[1] for p in postings), _array(p[2] for p in postings),
        tx_id, header.kind, header.subtype, user.pk,
        decided.approved_by.pk if decided.approved_by else None, header.reason, header.legal_basis,
        header.compliance_year, created,
        key, operation[:40], idem.request_hash(operation, content), json.dumps(result),
        kind, canonical_json(payload).decode("utf-8"),
    ]  # fmt: skip
    nested = connection.in_atomic_block
    try:
        # Outside a transaction the statement is its own transaction. Inside someone else's, a savepoint
        # keeps a lost key race from poisoning it, and the record is chained at once (they may read it).
        with transaction.atomic() if nested else nullcontext():
            applied = _fetch(APPLY, params)[0][0]
            if applied is not None and nested:
                store.seal()
    except (DatabaseError, psycopg.Error):
        return None  # the key was claimed meanwhile, or a deadlock: the locking path replays or retries
    if applied is None:
        return None  # the snapshot changed before the lock: decide again under the lock
    return {**result, "replayed": False}
