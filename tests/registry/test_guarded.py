"""The one-statement path for plain moves and the journal sealer.

On PostgreSQL an operation that owns its transaction is decided on an unlocked snapshot and applied by
``registry_apply_guarded`` only if the locked state still equals that snapshot; its journal record is
staged and chained later by the sealer. These tests run outside a test transaction (``transaction=True``)
because that is the only place the path is taken; on SQLite they check the journal is appended directly.
"""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tanxin.common.errors import DomainError
from tanxin.registry import guarded, services, store
from tanxin.registry.domain import ledger
from tanxin.registry.domain.model import Instrument
from tanxin.registry.models import Account, Balance, IdempotencyKey, JournalEntry, JournalStage, Transaction
from tanxin.registry.verification import _verify, anchor_day, one_snapshot, verify

from .fixtures import build_registry

pytestmark = pytest.mark.django_db(transaction=True)

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the guarded path is PostgreSQL's")


def _transfer_decider(reg, user, quantity: int):
    """What ``services.transfer`` hands the guarded path: the domain's decision on the loaded snapshot."""
    seen = {}

    def decide(loaded):
        seen["blocked"] = loaded.snapshot.accounts[reg.a.number].blocked
        request = ledger.Transfer(reg.a.number, reg.b.number, Instrument.from_code("SZA-2024"), quantity,
                                  on=date(2026, 1, 5), initiated_by=str(user.pk))  # fmt: skip
        return store.Decided(ledger.decide(loaded.snapshot, request, None), user)

    content = {"from": reg.a.pk, "to": reg.b.pk, "instrument": "SZA-2024", "quantity": quantity, "reason": ""}
    return decide, content, seen


def _journaled(tx_id: str) -> bool:
    return any(f'"tx_id":"{tx_id}"' in p for p in JournalEntry.objects.values_list("payload", flat=True))


@postgres_only
def test_a_transfer_is_applied_at_once_and_chained_by_the_sealer(world):
    reg = build_registry(world)
    store.seal_all()
    result = services.transfer(world.users["enterprise_a"], reg.a.pk, reg.b.number, "SZA-2024", 40, key="k-1")
    assert result["status"] == "executed" and not result["replayed"]
    assert Balance.objects.get(account=reg.b).quantity == 40
    # Committed with its staged record, not yet in the chain.
    assert JournalStage.objects.count() == 1 and not _journaled(result["tx_id"])
    assert store.seal_all() == 1
    assert JournalStage.objects.count() == 0 and _journaled(result["tx_id"])
    assert verify().ok


@postgres_only
def test_a_changed_snapshot_writes_nothing_and_the_locking_path_decides(world):
    reg = build_registry(world, allocate_a=100)
    ent = world.users["enterprise_a"]
    inst = services.instrument("SZA-2024")
    stale = guarded.peek(ent, "k-stale", [inst.pk], [reg.a.pk], reg.b.number)
    services.transfer(ent, reg.a.pk, reg.b.number, "SZA-2024", 70)  # moves the balance the peek saw
    before = Transaction.objects.count()
    decide, content, _seen = _transfer_decider(reg, ent, 60)
    # The snapshot said 100 available; only 30 are left: the guard refuses and nothing is written.
    assert guarded.attempt(ent, "transfer", content, "k-stale", [reg.a.pk, reg.b.pk], [inst], decide, stale) is None
    assert Transaction.objects.count() == before
    assert not IdempotencyKey.objects.filter(key="k-stale").exists()
    # The service takes the locking path, which refuses with the real reason.
    with pytest.raises(DomainError) as refused:
        services.transfer(ent, reg.a.pk, reg.b.number, "SZA-2024", 60, key="k-stale")
    assert refused.value.code == "insufficient_available"
    assert verify().ok


@postgres_only
def test_a_blocked_account_seen_unblocked_is_caught_under_the_lock(world):
    reg = build_registry(world, allocate_a=100)
    ent = world.users["enterprise_a"]
    inst = services.instrument("SZA-2024")
    stale = guarded.peek(ent, None, [inst.pk], [reg.a.pk], reg.b.number)
    Account.objects.filter(pk=reg.a.pk).update(blocked=True)
    decide, content, seen = _transfer_decider(reg, ent, 10)
    assert guarded.attempt(ent, "transfer", content, None, [reg.a.pk, reg.b.pk], [inst], decide, stale) is None
    assert seen == {"blocked": False}  # decided on the unblocked snapshot, refused under the lock
    assert Balance.objects.get(account=reg.a).quantity == 100


@postgres_only
def test_a_replayed_key_is_answered_by_the_locking_path(world):
    reg = build_registry(world)
    ent = world.users["enterprise_a"]
    first = services.transfer(ent, reg.a.pk, reg.b.number, "SZA-2024", 5, key="same")
    again = services.transfer(ent, reg.a.pk, reg.b.number, "SZA-2024", 5, key="same")
    assert again["tx_id"] == first["tx_id"] and again["replayed"] and not first["replayed"]
    with pytest.raises(DomainError) as conflict:
        services.transfer(ent, reg.a.pk, reg.b.number, "SZA-2024", 6, key="same")
    assert conflict.value.code == "idempotency_key_reused"
    assert Balance.objects.get(account=reg.b).quantity == 5


@postgres_only
def test_staged_records_count_for_balances_but_not_for_the_chain(world):
    reg = build_registry(world)
    store.seal_all()
    services.transfer(world.users["enterprise_a"], reg.a.pk, reg.b.number, "SZA-2024", 7)
    with one_snapshot():
        report = _verify()
    assert report.ok and report.staged == 1
    # A staged record that disagrees with the postings is drift, sealed or not.
    JournalStage.objects.update(payload=JournalStage.objects.get().payload.replace('"quantity":7', '"quantity":8'))
    with one_snapshot():
        assert not _verify().ok


@postgres_only
def test_the_daily_anchor_seals_first_and_commits_to_what_the_chain_implies(world):
    reg = build_registry(world)
    services.transfer(world.users["enterprise_a"], reg.a.pk, reg.b.number, "SZA-2024", 3)
    assert JournalStage.objects.exists()
    anchor = anchor_day()
    assert not JournalStage.objects.exists()
    assert JournalEntry.objects.get(seq=anchor.seq).kind == "anchor"
    assert verify().ok  # the chain check recomputes the anchor's balance digest


def test_the_seal_command_chains_everything_staged(world):
    reg = build_registry(world)
    store.seal_all()
    result = services.transfer(world.users["enterprise_a"], reg.a.pk, reg.b.number, "SZA-2024", 2)
    out = io.StringIO()
    call_command("registry_seal", "--once", stdout=out)
    staged = 1 if connection.vendor == "postgresql" else 0
    assert out.getvalue().strip() == f"sealed {staged} journal records"
    assert not JournalStage.objects.exists() and _journaled(result["tx_id"])
    if connection.vendor != "postgresql":
        assert store.seal() == 0  # SQLite appends to the chain directly; nothing is ever staged
    assert verify().ok


@postgres_only
def test_the_guarded_apply_refuses_accounts_out_of_lock_order(world):
    """Ascending id order is what keeps every write path deadlock-free; the function will not lock otherwise."""
    reg = build_registry(world)
    low, high = sorted((reg.a.pk, reg.b.pk))
    params = [guarded._array([high, low]), guarded._flags([False, False])] + [None] * 22
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(guarded.APPLY, params)
    assert "ascending id order" in str(refused.value)
