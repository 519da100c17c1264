"""Real concurrency on PostgreSQL: threads with their own connections race on the same accounts.

No overdraft (the available amount is never spent twice), no lost update (Σ tonnes conserved and the
projection equals the journal), no double pledge, and two simultaneous first attempts with the same
idempotency key produce exactly one transaction.
"""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from tanxin.common.errors import DomainError
from tanxin.registry import services
from tanxin.registry.models import Balance, Hold, Posting, Transaction
from tanxin.registry.verification import verify

from .fixtures import build_registry

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

THREADS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("real row-lock races need PostgreSQL (SQLite serialises writers with IMMEDIATE transactions)")


def _race(worker, n: int = THREADS) -> list:
    barrier, results, lock = threading.Barrier(n), [], threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcome = worker(i)
        except DomainError as exc:
            outcome = exc.code
        except Exception as exc:  # surfaced in the assertion message
            outcome = f"unexpected {exc!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_racing_transfers_and_pledges_never_overdraw_or_double_pledge(world):
    reg = build_registry(world, allocate_a=1000)
    ent, admin = world.users["enterprise_a"], world.users["bureau_admin"]
    bank = world.orgs["bank_with_consent"]

    def worker(i: int):
        if i % 2:
            return services.transfer(ent, reg.a.pk, reg.b.number, "SZA-2024", 150)["status"]
        return services.place_hold(admin, reg.a.pk, "SZA-2024", 150, "pledge", pledgee_id=bank.pk)["hold_ref"]

    results = _race(worker)
    succeeded = [r for r in results if r not in ("insufficient_available",)]
    assert len(results) == THREADS and len(succeeded) == 6  # 6 × 150 ≤ 1,000 < 7 × 150
    a = Balance.objects.get(account=reg.a)
    transferred = Balance.objects.get(account=reg.b).quantity
    pledged = Hold.objects.filter(status="open").aggregate(s=Sum("quantity"))["s"] or 0
    assert a.quantity == 1000 - transferred and a.held == pledged
    assert transferred + pledged == 900 and a.quantity - a.held == 100
    assert Posting.objects.aggregate(s=Sum("quantity"))["s"] == 0
    assert verify().ok


def test_transfers_in_both_directions_do_not_deadlock(world):
    reg = build_registry(world, allocate_a=1000)
    services.allocate(world.users["bureau_admin"], reg.b.pk, "SZA-2024", 1000, "pre_allocation", reason="b")
    ent_a, ent_b = world.users["enterprise_a"], world.users["enterprise_b"]

    def worker(i: int):
        if i % 2:
            return services.transfer(ent_a, reg.a.pk, reg.b.number, "SZA-2024", 10)["status"]
        return services.transfer(ent_b, reg.b.pk, reg.a.number, "SZA-2024", 10)["status"]

    assert _race(worker, 16) == ["executed"] * 16
    total = Balance.objects.filter(account__in=[reg.a, reg.b]).aggregate(s=Sum("quantity"))["s"]
    assert total == 2000 and verify().ok


def test_two_simultaneous_first_attempts_with_one_key_make_one_transaction(world):
    reg = build_registry(world, allocate_a=1000)
    ent = world.users["enterprise_a"]
    before = Transaction.objects.count()

    results = _race(lambda i: services.transfer(ent, reg.a.pk, reg.b.number, "SZA-2024", 7, key="same-key")["tx_id"],
                    8)  # fmt: skip
    assert len(set(results)) == 1
    assert Transaction.objects.count() == before + 1
    assert Balance.objects.get(account=reg.b).quantity == 7
