"""Real concurrency on PostgreSQL: threads with their own connections race on the same accounts.

No overdraft (the available amount is never spent twice), no lost update (Σ tonnes conserved and the
projection equals the journal), no double pledge, and two simultaneous first attempts with the same
idempotency key produce exactly one transaction.
"""

import pytest
from django.db.models import Sum

from tanxin.registry import services
from tanxin.registry.models import Balance, Hold, Posting, Transaction
from tanxin.registry.verification import verify
from tests.race import race, require_postgres

from .fixtures import build_registry

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

THREADS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    require_postgres()


def _race(worker, n: int = THREADS) -> list:
    return race(worker, n)


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


def test_an_approval_racing_a_rejection_leaves_one_decision_consistent_with_the_ledger(world):
    """Approve and reject of one pending transfer at the same moment: exactly one wins; a request marked
    rejected never has its tonnes moved, and the history records the one decision."""
    from tanxin.orgs.models import Membership, User
    from tanxin.registry.models import Controls, TransferRequest

    reg = build_registry(world, allocate_a=5_000)
    Controls.objects.create(jurisdiction=reg.a.jurisdiction, second_approval_above_t=100)
    approver = User.objects.create_user("a_approver", password="x" * 12)
    rejecter = User.objects.create_user("a_rejecter", password="x" * 12)
    for user in (approver, rejecter):
        Membership.objects.create(user=user, organisation=reg.a.owner, role="admin")
    for round_no in range(6):
        pending = services.transfer(world.users["enterprise_a"], reg.a.pk, reg.b.number, "SZA-2024", 200)
        request_id = pending["transfer_request_id"]
        moved_before = Balance.objects.get(account=reg.b).quantity if Balance.objects.filter(account=reg.b) else 0

        def worker(i: int, request_id=request_id):
            return services.approve_transfer(approver if i % 2 else rejecter, request_id, approve=bool(i % 2))["status"]

        results = race(worker, 4)
        row = TransferRequest.objects.get(pk=request_id)
        moved = Balance.objects.get(account=reg.b).quantity - moved_before if Balance.objects.filter(
            account=reg.b) else 0  # fmt: skip
        assert sorted(results).count("already_decided") == 3, (round_no, results)
        winner = next(r for r in results if r != "already_decided")
        assert row.status == winner and moved == (200 if winner == "executed" else 0), (round_no, results, row.status)
        decisions = row.history.exclude(status="pending").values_list("status", flat=True)
        assert list(decisions) == [winner]
    assert verify().ok
