"""Random operation sequences through the *service layer and database*: whatever is refused, the tables,
the projection and the journal keep agreeing (registry_verify stays clean), Σ per instrument stays zero,
and no account's available amount goes negative."""

import pytest
from django.db import transaction
from django.db.models import F, Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tanxin.common.errors import DomainError
from tanxin.registry import services
from tanxin.registry.models import Balance, Hold, Posting, Transaction
from tanxin.registry.verification import verify

from .fixtures import build_registry

pytestmark = pytest.mark.django_db
tonnes = st.one_of(st.integers(1, 3_000), st.integers(-2, 0))


def test_random_operation_sequences_keep_the_ledger_consistent(world):
    reg = build_registry(world, cap=50_000, allocate_a=10_000)
    services.allocate(world.users["bureau_admin"], reg.b.pk, "SZA-2024", 10_000, "pre_allocation", reason="b")
    users = {reg.a.pk: world.users["enterprise_a"], reg.b.pk: world.users["enterprise_b"]}
    bank = world.orgs["bank_with_consent"]

    class Machine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.sid = transaction.savepoint()

        def teardown(self):
            assert verify().ok, verify().problems
            transaction.savepoint_rollback(self.sid)

        def _try(self, fn, *args, **kwargs):
            sid = transaction.savepoint()
            try:
                fn(*args, **kwargs)
            except DomainError:
                transaction.savepoint_rollback(sid)  # a refusal leaves nothing behind
            else:
                transaction.savepoint_commit(sid)

        @rule(forward=st.booleans(), q=tonnes)
        def transfer(self, forward, q):
            src, dst = (reg.a, reg.b) if forward else (reg.b, reg.a)
            self._try(services.transfer, users[src.pk], src.pk, dst.number, "SZA-2024", q)

        @rule(on_a=st.booleans(), q=tonnes)
        def pledge(self, on_a, q):
            acct = reg.a if on_a else reg.b
            self._try(services.place_hold, world.users["bureau_admin"], acct.pk, "SZA-2024", q, "pledge",
                      pledgee_id=bank.pk)  # fmt: skip

        @rule(data=st.data(), partial=st.booleans())
        def release_or_enforce(self, data, partial):
            refs = list(Hold.objects.filter(status="open").values_list("ref", flat=True))
            if not refs:
                return
            ref = data.draw(st.sampled_from(refs))
            q = data.draw(tonnes)
            if partial:
                self._try(services.release_hold, world.users["bank_with_consent"], ref, q)
            else:
                self._try(services.enforce_hold, world.users["bank_with_consent"], ref, q)

        @rule(q=tonnes)
        def cancel(self, q):
            self._try(services.cancel, users[reg.a.pk], reg.a.pk, "SZA-2024", q)

        @rule(data=st.data())
        def reverse(self, data):
            ids = list(Transaction.objects.filter(reverses__isnull=True, reversed_by__isnull=True)
                       .exclude(kind="reversal").values_list("tx_id", flat=True)[:50])  # fmt: skip
            if ids:
                self._try(services.reverse, world.users["bureau_admin"], data.draw(st.sampled_from(ids)), "test")

        @invariant()
        def balanced_and_never_overdrawn(self):
            assert Posting.objects.aggregate(s=Sum("quantity"))["s"] == 0
            assert not Balance.objects.filter(may_be_negative=False, quantity__lt=F("held")).exists()
            held = Hold.objects.filter(status="open").aggregate(s=Sum("quantity"))["s"] or 0
            assert Balance.objects.aggregate(s=Sum("held"))["s"] == held

    run_state_machine_as_test(Machine, settings=settings(
        max_examples=12, stateful_step_count=15, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    ))  # fmt: skip
