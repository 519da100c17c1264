"""Real concurrency on PostgreSQL: racing workflow moves on one version give exactly one winner, and the
event log shows exactly the moves that happened (the version row is locked for each move)."""

import pytest

from tanxin.disclosure import services
from tanxin.disclosure.models import ReportVersion, WorkflowEvent
from tests.disclosure.support import PDF, drive
from tests.race import race, require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 8


@pytest.fixture(autouse=True)
def _postgres_only():
    require_postgres()


def _race(worker) -> list:
    """Each worker makes one workflow move; its outcome is the version's state after it (or the refusal)."""
    return race(lambda i: worker(i).state, THREADS)


def test_racing_publishers_publish_once(world):
    version = drive(world, "verified")
    results = _race(lambda i: services.act(world.users["bureau_officer" if i % 2 else "bureau_admin"], version.pk,
                                           "publish"))  # fmt: skip
    assert sorted(results) == ["illegal_transition"] * (THREADS - 1) + ["published"]
    assert WorkflowEvent.objects.filter(version=version, action="publish").count() == 1


def test_verify_racing_return_leaves_one_consistent_outcome(world):
    version = drive(world, "in_verification")
    services.upload_statement(world.users["verifier_assigned"], version.pk, "s.pdf", PDF)

    def worker(i: int):
        if i % 2:
            return services.verify(world.users["verifier_assigned"], version.pk, 1_000_000)
        return services.act(world.users["bureau_officer"], version.pk, "return", "并发退回")

    results = _race(worker)
    winners = [r for r in results if r in ("verified", "returned")]
    assert len(winners) == 1 and len(results) == THREADS
    final = ReportVersion.objects.get(pk=version.pk)
    assert final.state == winners[0]
    moves = WorkflowEvent.objects.filter(version=version, action__in=("verify", "return"))
    assert [e.to_state for e in moves] == [final.state]
