"""The write path every tonne-moving operation goes through.

One database transaction per operation: idempotency key row first (so a simultaneous twin blocks on
the unique index and then replays the winner's result), account rows locked in ascending primary-key
order (a fixed order means two transfers A→B and B→A cannot deadlock on each other), snapshot loaded,
``domain.ledger.decide`` judges, postings/holds/projection/journal persisted. The journal head is
the one row every transaction shares: on PostgreSQL an operation only stages its record and the sealer
chains records in batches; elsewhere the head is locked last, as late as possible.
Deadlocks and serialization failures are retried with jitter when we own the outermost transaction.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tanxin.common.hashing import canonical_json
from tanxin.registry.domain import journal as jr
from tanxin.registry.domain.model import Account as DAccount
from tanxin.registry.domain.model import AccountKind, HoldKind, Instrument, Snapshot, TxKind
from tanxin.registry.domain.model import Hold as DHold
from tanxin.registry.domain.model import Transaction as DTransaction
from tanxin.registry.errors import translate
from tanxin.registry.models import (
    Account,
    Balance,
    Hold,
    HoldMovement,
    JournalEntry,
    JournalHead,
    JournalStage,
    Posting,
    Transaction,
)
from tanxin.registry.models import Instrument as InstrumentRow
from tanxin.web import unit_of_work as uow

# Journal records of the operation in progress; ``run`` appends them just before commit.
_PENDING_JOURNAL: ContextVar[list | None] = ContextVar("registry_pending_journal", default=None)
_clock = timezone.now  # replaced only by ``backdated`` (the demo seed replays a past compliance cycle)


@contextmanager
def backdated(moment: datetime):
    """Record transactions at ``moment`` (demo seed only; production always records the real time)."""
    global _clock
    previous, _clock = _clock, (lambda: moment)
    try:
        yield
    finally:
        _clock = previous


def hash_algorithm() -> jr.HashAlgorithm:
    return jr.HashAlgorithm(getattr(settings, "TANXIN_REGISTRY_HASH", "sha256"))


def new_tx_id() -> str:
    return f"T{timezone.localtime(_clock()):%Y%m%d}{secrets.token_hex(6).upper()}"


def now() -> datetime:
    """The time transactions are recorded at (the real time, except inside ``backdated``)."""
    return _clock()


# ---------------------------------------------------------------- retry + idempotency


KEYS = uow.SqlKeyStore("registry_idempotencykey")
LostRace = uow.LostRace


def run(user: Any, operation: str, content: dict[str, Any], key: str | None, fn: Callable[[], dict]) -> dict:
    """Run ``fn`` in the platform's unit of work (one transaction, idempotency key, retry on deadlock);
    the journal records ``fn`` produces are staged just before commit, after the key is claimed."""
    pending: list[tuple[str, dict[str, Any]]] = []

    def body() -> dict:
        pending.clear()  # a retried attempt starts again
        token = _PENDING_JOURNAL.set(pending)
        try:
            return fn()
        finally:
            _PENDING_JOURNAL.reset(token)

    def stage(outermost: bool) -> None:
        if pending:
            append_pending(list(pending), at_commit=outermost)

    return uow.run(user.pk, operation, content, key, body, keys=KEYS, translate=translate, after_claim=stage)


# ---------------------------------------------------------------- snapshot


def lock_accounts(account_ids: Iterable[int]) -> list[Account]:
    # Ascending id, NO KEY UPDATE: we never change an account's key, so inserts of postings referencing it
    # (which take KEY SHARE) are not blocked by our lock.
    return uow.lock_in_order(Account.objects.only("id", "number", "kind", "owner_id", "jurisdiction_id", "blocked"),
                             account_ids)  # fmt: skip


def account_row(aid: int, number: str, kind: str, owner_id: int | None, jurisdiction_id: int, blocked: bool) -> Account:
    """An account from a raw ``id, number, kind, owner_id, jurisdiction_id, blocked`` row (the hot paths)."""
    return Account(id=aid, number=number, kind=kind, owner_id=owner_id, jurisdiction_id=jurisdiction_id,
                   blocked=blocked)  # fmt: skip


def domain_account(account: Account) -> DAccount:
    owner = str(account.owner_id) if account.kind == Account.Kind.HOLDING else None
    return DAccount(account.number, AccountKind(account.kind), owner, account.blocked)


def domain_hold(hold: Hold, accounts_by_pk: dict[int, Account], instruments: dict[int, InstrumentRow]) -> DHold:
    return DHold(
        hold.ref, accounts_by_pk[hold.account_id].number, Instrument.from_code(instruments[hold.instrument_id].code),
        hold.quantity, HoldKind(hold.kind), str(hold.pledgee_id) if hold.pledgee_id else None,
        dict(hold.references),
    )  # fmt: skip


SMALL_LOAD = 8  # accounts; above this (bulk allocation) the ORM's two queries are as good
PG_LOCK = (
    "SELECT id, number, kind, owner_id, jurisdiction_id, blocked FROM registry_account "
    "WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE"
)
PG_BALANCES = (
    "SELECT id, account_id, instrument_id, quantity, held, may_be_negative FROM registry_balance "
    "WHERE account_id = ANY(%s) AND instrument_id = ANY(%s)"
)


def _lock_and_read_pg(account_ids: list[int], instrument_ids: list[int]):
    """Lock the accounts (ascending id), *then* read their balances in a second statement.

    Not one joined ``SELECT ... FOR UPDATE OF a``: after waiting for a lock, PostgreSQL re-checks the
    locked row but keeps the joined balance rows from the statement's old snapshot, so a balance row a
    concurrent transfer just created would be missed (the race test caught exactly that).
    """
    with connection.cursor() as cursor:
        cursor.execute(PG_LOCK, [account_ids])
        accounts = [account_row(*row) for row in cursor.fetchall()]
        cursor.execute(PG_BALANCES, [account_ids, instrument_ids])
        balances = {(aid, iid): Balance(id=bid, account_id=aid, instrument_id=iid, quantity=q, held=h,
                                        may_be_negative=neg)
                    for bid, aid, iid, q, h, neg in cursor.fetchall()}  # fmt: skip
    return accounts, balances


@dataclass
class Loaded:
    accounts: list[Account]
    instruments: dict[int, InstrumentRow]
    balances: dict[tuple[int, int], Balance]
    holds: dict[str, Hold]
    snapshot: Snapshot
    by_number: dict[str, Account] = field(default_factory=dict)


def load(account_ids: Iterable[int], instruments: Iterable[InstrumentRow | int], *, holds: bool = False) -> Loaded:
    """Lock the accounts, then read their balances (and, with ``holds``, their open holds)."""
    given = list(instruments)
    rows = {i.pk: i for i in given if isinstance(i, InstrumentRow)}
    missing = {i for i in given if not isinstance(i, InstrumentRow)} - set(rows)
    if missing:
        rows.update({i.pk: i for i in InstrumentRow.objects.filter(pk__in=missing)})
    account_ids = sorted(set(account_ids))
    if connection.vendor == "postgresql" and len(account_ids) <= SMALL_LOAD:
        accounts, balances = _lock_and_read_pg(account_ids, list(rows))
    else:
        accounts = lock_accounts(account_ids)
        balances = {(b.account_id, b.instrument_id): b for b in
                    Balance.objects.filter(account_id__in=account_ids, instrument_id__in=rows)}  # fmt: skip
    open_holds: dict[str, Hold] = {}
    if holds:
        found = Hold.objects.filter(account_id__in=[a.pk for a in accounts], instrument_id__in=rows,
                                    status=Hold.Status.OPEN)  # fmt: skip
        open_holds = {h.ref: h for h in found}
    return loaded_from(accounts, rows, balances, open_holds if holds else None)


def loaded_from(accounts: list[Account], rows: dict[int, InstrumentRow], balances: dict[tuple[int, int], Balance],
                open_holds: dict[str, Hold] | None = None) -> Loaded:  # fmt: skip
    """The domain snapshot of rows already read. Without ``open_holds`` the held tonnes come from the
    projection's ``held`` column as one aggregate hold per (account, instrument): enough for every rule
    except releasing or enforcing a particular hold."""
    by_pk = {a.pk: a for a in accounts}
    codes = {pk: Instrument.from_code(row.code) for pk, row in rows.items()}
    if open_holds is not None:
        domain_holds = {ref: domain_hold(h, by_pk, rows) for ref, h in open_holds.items()}
    else:
        domain_holds = {
            f"~{by_pk[a].number}~{codes[i].code}": DHold(f"~{by_pk[a].number}~{codes[i].code}", by_pk[a].number,
                                                         codes[i], b.held, HoldKind.ADMIN_HOLD)
            for (a, i), b in balances.items() if b.held
        }  # fmt: skip
    snapshot = Snapshot(
        {a.number: domain_account(a) for a in accounts},
        {(by_pk[a].number, codes[i]): b.quantity for (a, i), b in balances.items()},
        domain_holds,
    )
    return Loaded(accounts, rows, balances, open_holds or {}, snapshot, {a.number: a for a in accounts})


# ---------------------------------------------------------------- persistence


@dataclass
class Decided:
    """A domain transaction plus what the service knows about it."""

    tx: DTransaction
    actor: Any
    reason: str = ""
    legal_basis: str = ""
    subtype: str = ""
    compliance_year: int | None = None
    approved_by: Any = None
    reverses: Transaction | None = None
    new_hold: dict[str, Any] | None = None  # pledgee, references for a PlaceHold


def tx_fields(d: Decided, at: datetime) -> dict[str, Any]:
    """A new transaction's own columns (a fresh id; reason and legal basis cut to the column sizes)."""
    return {"tx_id": new_tx_id(), "kind": str(d.tx.kind), "subtype": d.subtype, "reason": d.reason[:500],
            "legal_basis": d.legal_basis[:300], "compliance_year": d.compliance_year, "created_at": at}  # fmt: skip


def persist(loaded: Loaded, decided: Sequence[Decided]) -> list[Transaction]:
    """Write transactions, postings, hold movements, the projection and the journal, in bulk."""
    if _fast_path_applies(loaded, decided):
        return [_persist_move_pg(loaded, decided[0])]
    if connection.vendor == "postgresql" and len(decided) >= COPY_THRESHOLD and not any(
        d.tx.hold_changes for d in decided
    ):
        return _persist_copy_pg(loaded, decided)
    now = _clock()
    instruments_by_code = {i.code: i for i in loaded.instruments.values()}
    rows = [Transaction(**tx_fields(d, now), actor=d.actor, approved_by=d.approved_by, reverses=d.reverses)
            for d in decided]  # fmt: skip
    Transaction.objects.bulk_create(rows)
    deltas: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    postings, movements = [], []
    for row, d in zip(rows, decided, strict=True):
        for p in d.tx.postings:
            account, instrument = loaded.by_number[p.account_id], instruments_by_code[p.instrument.code]
            postings.append(Posting(tx=row, account=account, instrument=instrument, quantity=p.quantity))
            deltas[(account.pk, instrument.pk)][0] += p.quantity
        for change in d.tx.hold_changes:
            hold = _hold_row(loaded, change, d, instruments_by_code, now)
            movements.append(HoldMovement(tx=row, hold=hold, delta=change.delta))
            deltas[(hold.account_id, hold.instrument_id)][1] += change.delta
    Posting.objects.bulk_create(postings, batch_size=2000)
    HoldMovement.objects.bulk_create(movements)
    _project(loaded, deltas)
    _journal(rows, decided, loaded)
    return rows


# The hot path (a plain move between existing balance rows, e.g. a transfer) as one statement on
# PostgreSQL: the transaction row, its postings and both balance updates in writable CTEs. The ORM path
# above does the same in four statements; both are covered by the same tests and by registry_verify.
PG_MOVE = """
WITH t AS (
  INSERT INTO registry_transaction (tx_id, kind, subtype, actor_id, approved_by_id, reason, legal_basis,
                                    compliance_year, reverses_id, created_at)
  VALUES (%(tx_id)s, %(kind)s, %(subtype)s, %(actor)s, %(approver)s, %(reason)s, %(basis)s, %(year)s, %(reverses)s,
          %(now)s)
  RETURNING id
), moves (account_id, instrument_id, quantity) AS (VALUES {values}),
p AS (
  INSERT INTO registry_posting (tx_id, account_id, instrument_id, quantity)
  SELECT t.id, m.account_id, m.instrument_id, m.quantity FROM t, moves m
),
u AS (
  UPDATE registry_balance b SET quantity = b.quantity + m.quantity
  FROM moves m WHERE b.account_id = m.account_id AND b.instrument_id = m.instrument_id
  RETURNING b.id
)
SELECT t.id, (SELECT count(*) FROM u) FROM t
"""


COPY_THRESHOLD = 200  # bulk allocation: COPY is several times faster than multi-row INSERT
TX_COLUMNS = ("id", "tx_id", "kind", "subtype", "actor_id", "approved_by_id", "reason", "legal_basis",
              "compliance_year", "reverses_id", "created_at")  # fmt: skip


def _copy(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _persist_copy_pg(loaded: Loaded, decided: Sequence[Decided]) -> list[Transaction]:
    """Many postings-only transactions (bulk allocation) with COPY; ids are drawn from the sequence first."""
    now = _clock()
    codes = {i.code: i.pk for i in loaded.instruments.values()}
    raw = connection.connection  # the psycopg connection: COPY is not part of Django's cursor API
    with raw.cursor() as cur:
        cur.execute("SELECT nextval(pg_get_serial_sequence('registry_transaction', 'id')) "
                    "FROM generate_series(1, %s)", [len(decided)])  # fmt: skip
        ids = [r[0] for r in cur.fetchall()]
        # Plain rows, not model instances: building 10,000 Django models costs more than the COPY itself.
        rows = [
            SimpleNamespace(pk=pk, id=pk, **tx_fields(d, now), actor_id=d.actor.pk if d.actor else None,
                            approved_by_id=d.approved_by.pk if d.approved_by else None,
                            reverses_id=d.reverses.pk if d.reverses else None)
            for pk, d in zip(ids, decided, strict=True)
        ]  # fmt: skip
        _copy(cur, "registry_transaction", TX_COLUMNS, ([getattr(r, c) for c in TX_COLUMNS] for r in rows))
        deltas: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
        postings = []
        for row, d in zip(rows, decided, strict=True):
            for p in d.tx.postings:
                key = (loaded.by_number[p.account_id].pk, codes[p.instrument.code])
                postings.append((row.pk, key[0], key[1], p.quantity))
                deltas[key][0] += p.quantity
        _copy(cur, "registry_posting", ("tx_id", "account_id", "instrument_id", "quantity"), postings)
        kinds = {a.pk: a.kind for a in loaded.accounts}
        new = [(a, i, dq, dh, kinds[a] == Account.Kind.ISSUANCE)
               for (a, i), (dq, dh) in deltas.items() if (a, i) not in loaded.balances]  # fmt: skip
        _copy(cur, "registry_balance", ("account_id", "instrument_id", "quantity", "held", "may_be_negative"), new)
    for (a, i), (dq, dh) in deltas.items():
        if (a, i) in loaded.balances:
            row = loaded.balances[(a, i)]
            row.quantity += dq
            row.held += dh
            Balance.objects.filter(pk=row.pk).update(quantity=row.quantity, held=row.held)
    _journal(rows, decided, loaded)
    return rows


def _fast_path_applies(loaded: Loaded, decided: Sequence[Decided]) -> bool:
    if connection.vendor != "postgresql" or len(decided) != 1 or decided[0].tx.hold_changes:
        return False
    codes = {i.code: i.pk for i in loaded.instruments.values()}
    keys = [(loaded.by_number[p.account_id].pk, codes[p.instrument.code]) for p in decided[0].tx.postings]
    return len(set(keys)) == len(keys) and all(k in loaded.balances for k in keys)


def _persist_move_pg(loaded: Loaded, d: Decided) -> Transaction:
    codes = {i.code: i.pk for i in loaded.instruments.values()}
    moves = [(loaded.by_number[p.account_id].pk, codes[p.instrument.code], p.quantity) for p in d.tx.postings]
    values = ", ".join(["(%s::bigint, %s::bigint, %s::bigint)"] * len(moves))
    row = Transaction(**tx_fields(d, _clock()), actor=d.actor, approved_by=d.approved_by, reverses=d.reverses)
    params = {"tx_id": row.tx_id, "kind": row.kind, "subtype": row.subtype, "actor": row.actor_id,
              "approver": row.approved_by_id, "reason": row.reason, "basis": row.legal_basis,
              "year": row.compliance_year, "reverses": row.reverses_id, "now": row.created_at}  # fmt: skip
    # Named and positional parameters cannot mix: inline the VALUES placeholders as named ones.
    named = values
    for n, (a, i, q) in enumerate(moves):
        named = named.replace("(%s::bigint, %s::bigint, %s::bigint)", f"(%(a{n})s::bigint, %(i{n})s::bigint, "
                              f"%(q{n})s::bigint)", 1)  # fmt: skip
        params.update({f"a{n}": a, f"i{n}": i, f"q{n}": q})
    with connection.cursor() as cursor:
        cursor.execute(PG_MOVE.format(values=named), params)
        row.pk, updated = cursor.fetchone()
    if updated != len(moves):  # pragma: no cover - _fast_path_applies checked every row exists
        raise AssertionError("balance rows vanished under a lock")
    for a, i, q in moves:
        loaded.balances[(a, i)].quantity += q
    _journal([row], [d], loaded)
    return row


def _hold_row(loaded: Loaded, change, d: Decided, instruments_by_code, now) -> Hold:
    hold = loaded.holds.get(change.hold.id)
    if hold is None and d.new_hold is None:
        hold = Hold.objects.filter(ref=change.hold.id).first()  # a closed hold re-opened by a reversal
    if hold is None:
        extra = d.new_hold or {}
        hold = Hold.objects.create(
            ref=change.hold.id, account=loaded.by_number[change.hold.account_id],
            instrument=instruments_by_code[change.hold.instrument.code], kind=str(change.hold.kind),
            original_quantity=change.delta, quantity=change.delta, pledgee_id=extra.get("pledgee_id"),
            references=dict(change.hold.references), placed_at=now,
        )  # fmt: skip
        loaded.holds[hold.ref] = hold
        return hold
    hold.quantity += change.delta
    if d.tx.kind is TxKind.ENFORCE:
        hold.enforced_quantity -= change.delta
    if hold.quantity > 0:
        hold.status, hold.closed_at = Hold.Status.OPEN, None
    else:
        enforced = d.tx.kind is TxKind.ENFORCE or (d.tx.kind is TxKind.REVERSAL and hold.enforced_quantity > 0)
        hold.status = Hold.Status.ENFORCED if enforced else Hold.Status.RELEASED
        hold.closed_at = now
    hold._history_user = d.actor
    hold.save(update_fields=["quantity", "enforced_quantity", "status", "closed_at"])
    return hold


def _project(loaded: Loaded, deltas: dict[tuple[int, int], list[int]]) -> None:
    """Balances after the postings. Safe as absolute values: the account rows are locked."""
    kinds = {a.pk: a.kind for a in loaded.accounts}
    updates, creates = [], []
    for (account_id, instrument_id), (dq, dh) in deltas.items():
        row = loaded.balances.get((account_id, instrument_id))
        if row is None:
            row = Balance(account_id=account_id, instrument_id=instrument_id, quantity=dq, held=dh,
                          may_be_negative=kinds[account_id] == Account.Kind.ISSUANCE)  # fmt: skip
            creates.append(row)
            loaded.balances[(account_id, instrument_id)] = row
        else:
            row.quantity += dq
            row.held += dh
            updates.append(row)
    if creates:
        Balance.objects.bulk_create(creates, batch_size=2000)
    if len(updates) == 1:
        Balance.objects.filter(pk=updates[0].pk).update(quantity=updates[0].quantity, held=updates[0].held)
    elif updates:
        Balance.objects.bulk_update(updates, ["quantity", "held"], batch_size=1000)


def lock_head() -> JournalHead:
    qs = JournalHead.objects.all()
    if connection.vendor == "postgresql":
        qs = qs.select_for_update()
    head = qs.filter(pk=1).first()
    if head is None:
        JournalHead.objects.get_or_create(pk=1)
        head = qs.get(pk=1)
    return head


def append_journal(head: JournalHead, items: Iterable[tuple[str, dict[str, Any]]]) -> list[JournalEntry]:
    """Chain ``items`` after the head and persist them; the caller holds the head lock."""
    previous = jr.JournalRecord(head.seq, "head", {}, "", head.hash) if head.seq else None
    links = []
    for kind, payload in items:
        previous = jr.append(previous, kind, payload, hash_algorithm())
        links.append((previous.seq, kind, canonical_json(previous.payload).decode("utf-8"), previous.prev_hash,
                      previous.hash))  # fmt: skip
    return _write_links(head, links)


def _write_links(head: JournalHead, links: list[tuple[int, str, str, str, str]]) -> list[JournalEntry]:
    """Persist chained ``(seq, kind, payload, prev_hash, hash)`` links and move the head to the last one."""
    algorithm, now = str(hash_algorithm()), timezone.now()
    entries = [JournalEntry(seq=seq, kind=kind, payload=payload, prev_hash=prev, hash=digest, algorithm=algorithm,
                            created_at=now) for seq, kind, payload, prev, digest in links]  # fmt: skip
    if connection.vendor == "postgresql" and len(entries) >= COPY_THRESHOLD:
        columns = ("seq", "kind", "payload", "prev_hash", "hash", "algorithm", "created_at")
        with connection.connection.cursor() as cur:
            _copy(cur, "registry_journalentry", columns, ([getattr(e, c) for c in columns] for e in entries))
    else:
        JournalEntry.objects.bulk_create(entries, batch_size=2000)
    if entries:
        JournalHead.objects.filter(pk=head.pk).update(seq=entries[-1].seq, hash=entries[-1].hash)
    return entries


STAGE = "INSERT INTO registry_journalstage (kind, payload, created_at) VALUES "
SEAL_BATCH = 5000


def stageable() -> bool:
    """PostgreSQL stages journal records and seals them in batches; SQLite (one writer at a time) appends."""
    return connection.vendor == "postgresql"


def append_pending(items: list[tuple[str, dict[str, Any]]], *, at_commit: bool = True) -> None:
    """Journal the operation's records in its own transaction.

    On PostgreSQL, when the operation owns its transaction (``at_commit``), the records are staged and
    ``seal`` chains them moments later: the journal head is never locked on the request path. Inside
    someone else's transaction, on SQLite, and for bulk allocation's thousands of records, the head is
    locked here and the records are chained at once.
    """
    if at_commit and stageable() and len(items) < COPY_THRESHOLD:
        now, params = timezone.now(), []
        for kind, payload in items:
            params += [kind, canonical_json(payload).decode("utf-8"), now]
        with connection.cursor() as cursor:
            cursor.execute(STAGE + ", ".join(["(%s, %s, %s)"] * len(items)), params)
        return
    append_journal(lock_head(), items)


def seal(limit: int = SEAL_BATCH) -> int:
    """Chain staged journal records into the journal, oldest first, in one transaction; returns how many.

    The head lock serialises sealers; a record staged by a transaction that commits while we seal is
    simply taken by the next call. ``manage.py registry_seal`` calls this continuously; anchors and
    ``registry_verify`` call it first.
    """
    if not JournalStage.objects.exists():
        return 0  # the common idle case: no transaction, no head lock
    with transaction.atomic():
        head = lock_head()
        staged = list(JournalStage.objects.order_by("id").values_list("id", "kind", "payload")[:limit])
        if staged:
            # Staged payloads are canonical JSON already: chained as text, never parsed and re-serialised.
            _write_links(head, jr.chain_canonical(head.seq, head.hash, [(k, p) for _id, k, p in staged],
                                                  hash_algorithm()))  # fmt: skip
            JournalStage.objects.filter(id__in=[row[0] for row in staged]).delete()
    return len(staged)


def seal_all() -> int:
    total = 0
    while (n := seal()) > 0:
        total += n
    return total


def journal_items(rows: Sequence[Any], decided: Sequence[Decided]) -> list[tuple[str, dict[str, Any]]]:
    items = []
    for row, d in zip(rows, decided, strict=True):
        meta = {
            "actor": d.actor.pk if d.actor else None,
            "approved_by": d.approved_by.pk if d.approved_by else None,
            "reason": row.reason,
            "legal_basis": row.legal_basis,
            "subtype": row.subtype,
            "compliance_year": row.compliance_year,
            "at": row.created_at.isoformat(),
        }
        items.append(("tx", jr.transaction_payload(row.tx_id, d.tx, **meta)))
    return items


def _journal(rows: list[Transaction], decided: Sequence[Decided], loaded: Loaded) -> None:
    items = journal_items(rows, decided)
    pending = _PENDING_JOURNAL.get()
    if pending is not None:
        pending.extend(items)
    else:
        append_journal(lock_head(), items)
