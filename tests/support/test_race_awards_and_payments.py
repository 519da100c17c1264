"""Real concurrency on PostgreSQL: awards and payments of the support fund.

Every money write of a scheme queues behind the scheme's row lock. These races show what that buys: the
result is built once, simultaneous award changes chain (each adjustment starts from the amount the one before
it left), an award change never lands after the approval, payments never add up to more than the award, and
a payment recorded twice at the same moment under one payment reference is recorded once.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from tanxin.support.models import Award, AwardAdjustment, Disbursement, Scheme
from tanxin.support.services import applications, results, subsidies
from tests.race import race, require_postgres
from tests.support.test_financing_subsidy import EVIDENCE, loan, make_subsidy_scheme

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
AWARD = 600_000_00  # half of the 1,200,000 CNY of interest claimed


@pytest.fixture(autouse=True)
def _postgres_only():
    require_postgres()


def _claim_in_result_draft(world):
    """One complete claim; the scheme closed, ready to build its result."""
    scheme = make_subsidy_scheme(world)
    user = world.users["enterprise_a"]
    app = subsidies.claim(user, scheme.pk, world.orgs["enterprise_a"].pk, [loan()], EVIDENCE)
    applications.submit(user, app.pk)
    applications.formal_check(world.users["bureau_officer"], app.pk, "complete")
    Scheme.objects.filter(pk=scheme.pk).update(status="closed", window_closes=timezone.now() - timedelta(minutes=1))
    return scheme, app


def _awarded(world):
    scheme, app = _claim_in_result_draft(world)
    admin = world.users["bureau_admin"]
    subsidies.build_subsidy_result(admin, scheme.pk)
    results.approve(admin, scheme.pk)
    results.start_publicity(admin, scheme.pk, start=date(2025, 1, 6))
    results.finalise(admin, scheme.pk, today=date(2025, 3, 1))
    return app


def test_two_simultaneous_result_builds_award_each_claim_once(world):
    scheme, app = _claim_in_result_draft(world)
    outcomes = race(lambda i: len(subsidies.build_subsidy_result(world.users["bureau_admin"], scheme.pk)), 4)
    assert sorted(outcomes, key=str) == [1] + ["invalid_transition"] * 3, outcomes
    assert Award.objects.filter(application=app).count() == 1
    assert Scheme.objects.get(pk=scheme.pk).status_log.filter(target="result_draft").count() == 1


def test_simultaneous_award_changes_chain_and_none_is_lost(world):
    scheme, app = _claim_in_result_draft(world)
    admin = world.users["bureau_admin"]
    subsidies.build_subsidy_result(admin, scheme.pk)
    amounts = [AWARD - 1_000_00 * (i + 1) for i in range(6)]
    outcomes = race(lambda i: results.change_award(admin, app.pk, amounts[i], f"第{i}次核减").amount_fen, 6)
    assert sorted(outcomes) == sorted(amounts), outcomes
    chain = list(AwardAdjustment.objects.filter(award__application=app).order_by("pk"))
    assert [c.old_fen for c in chain] == [AWARD] + [c.new_fen for c in chain[:-1]]  # no adjustment read a stale amount
    assert Award.objects.get(application=app).amount_fen == chain[-1].new_fen


def test_an_award_change_racing_the_approval_never_lands_after_it(world):
    scheme, app = _claim_in_result_draft(world)
    admin = world.users["bureau_admin"]
    subsidies.build_subsidy_result(admin, scheme.pk)

    def worker(i: int):
        if i == 0:
            return results.approve(admin, scheme.pk).status
        return results.change_award(admin, app.pk, AWARD - 1_000_00 * i, "核减").amount_fen

    outcomes = race(worker, 4)
    assert "approved" in outcomes and set(outcomes) - {"approved"} <= {"invalid_transition", *range(AWARD)}, outcomes
    approved_at = Scheme.objects.get(pk=scheme.pk).status_log.get(target="approved").at
    changes = AwardAdjustment.objects.filter(award__application=app)
    assert changes.count() == sum(isinstance(o, int) for o in outcomes)
    assert not changes.filter(at__gt=approved_at).exists(), list(changes.values_list("at", flat=True))
    award = Award.objects.get(application=app)
    assert award.amount_fen == (changes.latest("pk").new_fen if changes.exists() else AWARD)


def test_simultaneous_payments_under_different_references_never_exceed_the_award(world):
    app = _awarded(world)
    outcomes = race(lambda i: results.disburse(world.users["bureau_admin"], app.pk, AWARD // 3, date(2025, 3, 3),
                                               f"PAY-{i}").amount_fen, 6)  # fmt: skip
    assert sorted(outcomes, key=str) == [AWARD // 3] * 3 + ["over_cap"] * 3, outcomes
    assert Disbursement.objects.filter(application=app).aggregate(s=Sum("amount_fen"))["s"] == AWARD


def test_one_payment_recorded_twice_at_the_same_moment_is_recorded_once(world):
    app = _awarded(world)
    outcomes = race(lambda i: results.disburse(world.users["bureau_admin"], app.pk, AWARD // 4, date(2025, 3, 3),
                                               "国库支付-2025-007").pk, 4)  # fmt: skip
    assert len(set(outcomes)) == 1 and all(isinstance(o, int) for o in outcomes), outcomes
    assert Disbursement.objects.filter(application=app).count() == 1


def test_the_same_reference_for_the_whole_award_replays_instead_of_refusing_the_twin(world):
    app = _awarded(world)
    outcomes = race(lambda i: results.disburse(world.users["bureau_admin"], app.pk, AWARD, date(2025, 3, 3),
                                               "国库支付-2025-008").pk, 3)  # fmt: skip
    assert len(set(outcomes)) == 1 and all(isinstance(o, int) for o in outcomes), outcomes
    assert Disbursement.objects.get(application=app).amount_fen == AWARD
