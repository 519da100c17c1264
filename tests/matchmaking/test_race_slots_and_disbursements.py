"""Real concurrency on PostgreSQL: banks grabbing the last slot of a financing request, and disbursements.

The request row is locked for every move, so two banks racing for the last slot give one engaged bank and one
"slots full"; a payment recorded twice at once under the bank's reference is recorded once; and payments under
different references never add up to more than the approval.
"""

from __future__ import annotations

import pytest
from django.db.models import Sum

from tanxin.matchmaking.models import Addressee, Disbursement, FinancingRequest, Step
from tanxin.matchmaking.services import grab, outcomes
from tests.matchmaking.builders import MONDAY, WAN, approve, market, payout, post, publish
from tests.personas import _org, _user
from tests.race import race, require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    require_postgres()


def _banks(world, n: int) -> list[str]:
    names = []
    for i in range(n):
        bank = _org("bank", f"竞争银行{i}", world.jurisdictions["440300"], f"MB8R000{i}")
        world.users[f"rbank{i}"], world.orgs[f"rbank{i}"] = _user(f"rbank{i}", bank, "officer"), bank
        publish(world, f"rbank{i}")
        names.append(f"rbank{i}")
    return names


def test_banks_racing_for_the_last_slot_engage_exactly_one(world):
    banks = _banks(world, 4)
    contenders = banks[2:]
    for round_no in range(3):
        r = post(world, banks=tuple(banks))
        for persona in banks[:2]:
            grab.accept(world.users[persona], r.pk, today=MONDAY)
        free_slots = r.slots - 2
        results = race(lambda i, r=r: grab.accept(world.users[contenders[i]], r.pk, today=MONDAY).slot, 2)
        assert sorted(results) == sorted(["engaged"] * free_slots + ["slots_full"] * (2 - free_slots)), (
            round_no, results)
        engaged = Addressee.objects.filter(request=r).exclude(slot="").count()
        assert engaged == r.slots
        assert Step.objects.filter(request=r, action="accepted").count() == r.slots


def test_one_disbursement_recorded_twice_at_once_is_recorded_once(world):
    market(world)
    r = post(world)
    approve(world, r.pk, amount=2000 * WAN)
    bank = world.users["bank_with_consent"]
    results = race(lambda i: outcomes.disburse(bank, r.pk, payout(500 * WAN, "BANK-REF-7")).pk, 4)
    assert len(set(results)) == 1 and all(isinstance(x, int) for x in results), results
    assert Disbursement.objects.filter(request=r).count() == 1
    assert FinancingRequest.objects.get(pk=r.pk).disbursed_fen == 500 * WAN
    assert Addressee.objects.get(request=r, bank=world.orgs["bank_with_consent"]).disbursed_fen == 500 * WAN


def test_simultaneous_disbursements_never_exceed_the_approval(world):
    market(world)
    r = post(world)
    approve(world, r.pk, amount=2000 * WAN)
    bank = world.users["bank_with_consent"]
    results = race(lambda i: outcomes.disburse(bank, r.pk, payout(700 * WAN, f"BANK-REF-{i}")).amount_fen, 5)
    assert sorted(results, key=str) == [700 * WAN] * 2 + ["above_approved"] * 3, results
    paid = Disbursement.objects.filter(request=r).aggregate(s=Sum("amount_fen"))["s"]
    row = FinancingRequest.objects.get(pk=r.pk)
    assert paid == row.disbursed_fen == 1400 * WAN
    assert Addressee.objects.get(request=r, bank=world.orgs["bank_with_consent"]).disbursed_fen == 1400 * WAN
