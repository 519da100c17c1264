"""The support fund's bulk steps failing part-way: automatic expert assignment, building the result (scores,
ranks, awards for every application) and making it final (every application awarded or not). Each is made to
fail on its second application, after the first one's rows are written; nothing of the step is kept — rows,
history rows and status log equal what they were — and the same step then runs whole."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone

from tanxin.support.models import (
    Application,
    Award,
    ExpertAssignment,
    Scheme,
    ScoreLine,
    StatusChange,
)
from tanxin.support.services import _common, applications, results, review, schemes, subsidies
from tests.race import fail_on_call
from tests.support.test_financing_subsidy import EVIDENCE, loan, make_subsidy_scheme
from tests.support.test_service_flow import _apply

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    return (ExpertAssignment.objects.count(), ExpertAssignment.history.count(), StatusChange.objects.count(),
            ScoreLine.objects.count(), Award.objects.count(), Award.history.count(), Application.history.count(),
            Scheme.history.count(), sorted(Application.objects.values_list("pk", "status", "rank")),
            sorted(Scheme.objects.values_list("pk", "status")))  # fmt: skip


def _fails_part_way_then_runs(monkeypatch, owner, name: str, step):
    """``step`` fails on the second call of ``owner.name`` and leaves no trace; then it runs whole."""
    before = _state()
    calls = fail_on_call(monkeypatch, owner, name, 2, DatabaseError("connection lost"))
    with pytest.raises(DatabaseError):
        step()
    assert calls[0] == 2  # the first application's rows were written before the failure
    assert _state() == before
    monkeypatch.undo()
    return step()


def test_each_bulk_step_of_a_scheme_fails_part_way_without_a_trace_then_runs_whole(world, open_scheme, experts,
                                                                                  monkeypatch):  # fmt: skip
    admin, officer = world.users["bureau_admin"], world.users["bureau_officer"]
    apps = [_apply(world, "enterprise_a", {"ENT-2": 8}), _apply(world, "enterprise_b", {"ENT-2": 6})]
    for app in apps:
        applications.formal_check(officer, app.pk, "complete")
    schemes.move(admin, open_scheme.pk, "closed")
    schemes.move(officer, open_scheme.pk, "reviewing")

    assigned = _fails_part_way_then_runs(monkeypatch, review, "assign",
                                         lambda: review.auto_assign(officer, open_scheme.pk, per_application=3))
    assert assigned == 2 and ExpertAssignment.objects.count() == 6

    for app in apps:
        for row in ExpertAssignment.objects.filter(application=app):
            review.declare_coi(row.expert, app.pk, conflicted=False)
            items = ("ENT-3", "MGT-4", "ACT-2", "PRJ-2") if app == apps[1] else ("ENT-3", "MGT-4", "ACT-2")
            review.submit_sheet(row.expert, app.pk, dict.fromkeys(items, 3), comment="意见")
    draft = _fails_part_way_then_runs(monkeypatch, results, "recompute",
                                      lambda: results.build_result(admin, open_scheme.pk))
    assert len(draft.awards) == 2 and Award.objects.count() == 2

    results.approve(admin, open_scheme.pk)
    results.start_publicity(admin, open_scheme.pk, timezone.localdate() - timedelta(days=30))
    final = _fails_part_way_then_runs(monkeypatch, results, "move_application",
                                      lambda: results.finalise(admin, open_scheme.pk))
    assert final.status == "final"
    assert set(Application.objects.values_list("status", flat=True)) <= {"awarded", "not_awarded"}


def test_a_subsidy_result_failing_on_its_second_claim_keeps_nothing(world, monkeypatch):
    scheme = make_subsidy_scheme(world)
    officer = world.users["bureau_officer"]
    for persona, key in (("enterprise_a", "lending:1"), ("enterprise_b", "lending:2")):
        app = subsidies.claim(world.users[persona], scheme.pk, world.orgs[persona].pk, [loan(key)], EVIDENCE)
        applications.submit(world.users[persona], app.pk)
        applications.formal_check(officer, app.pk, "complete")
    Scheme.objects.filter(pk=scheme.pk).update(status="closed", window_closes=timezone.now() - timedelta(minutes=1))
    # moves: scheme → reviewing, scheme → result draft, first claim → under review, … — fail on the fourth
    before = _state()
    calls = fail_on_call(monkeypatch, _common, "_move", 4, DatabaseError("connection lost"))
    with pytest.raises(DatabaseError):
        subsidies.build_subsidy_result(officer, scheme.pk)
    assert calls[0] == 4 and _state() == before
    monkeypatch.undo()
    assert len(subsidies.build_subsidy_result(officer, scheme.pk)) == 2
