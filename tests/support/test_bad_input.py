"""Bad input from the issue: clear 4xx errors with a stable code, and nothing partial is saved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tanxin.common.errors import DomainError
from tanxin.support.models import (
    Application,
    Award,
    AwardAdjustment,
    Criterion,
    EvidenceFile,
    ExpertSheet,
    ScoreAdjustment,
)
from tanxin.support.services import applications, results, review, schemes

from .conftest import PDF, make_scheme

pytestmark = pytest.mark.django_db
D = Decimal


def _err(excinfo) -> DomainError:
    return excinfo.value


def test_applying_outside_the_window_is_refused_and_nothing_is_created(world, open_scheme):
    late = open_scheme.window_closes + timedelta(minutes=1)
    with pytest.raises(DomainError) as exc:
        applications.start_application(world.users["enterprise_a"], open_scheme.pk, at=late)
    assert exc.value.code == "outside_window" and exc.value.status == 400
    assert not Application.objects.exists()


def test_submitting_after_the_deadline_is_refused(world, open_scheme):
    app = applications.start_application(world.users["enterprise_a"], open_scheme.pk)
    with pytest.raises(DomainError) as exc:
        applications.submit(world.users["enterprise_a"], app.pk, at=open_scheme.window_closes)
    assert exc.value.code == "outside_window"
    app.refresh_from_db()
    assert app.status == "draft" and app.submitted_at is None


def test_an_enterprise_outside_the_eligibility_rules_cannot_apply(world):
    scheme = make_scheme(world, open_it=False)
    schemes.save_rule(
        world.users["bureau_admin"],
        scheme.pk,
        {"code": "production_only", "kind": "in", "fact": "enterprise_type", "values": ["production"]},
    )
    schemes.open_scheme(world.users["bureau_admin"], scheme.pk)
    with pytest.raises(DomainError) as exc:
        applications.start_application(world.users["enterprise_b"], scheme.pk)  # B is an R&D enterprise
    assert exc.value.code == "not_eligible"
    assert exc.value.details["reasons"][0]["rule"] == "production_only"
    assert not Application.objects.exists()


def test_a_declared_score_above_the_item_maximum_is_a_field_error(world, open_scheme):
    app = applications.start_application(world.users["enterprise_a"], open_scheme.pk)
    with pytest.raises(DomainError) as exc:
        applications.save_declaration(world.users["enterprise_a"], app.pk, "ENT-2", D(11))
    assert exc.value.code == "score_out_of_range" and "declared_points" in exc.value.details
    assert not app.declarations.exists()


def test_submission_without_required_evidence_is_refused(world, open_scheme):
    user = world.users["enterprise_a"]
    app = applications.start_application(user, open_scheme.pk)
    applications.save_declaration(user, app.pk, "PRJ-1", D(10))
    with pytest.raises(DomainError) as exc:
        applications.submit(user, app.pk)
    assert exc.value.code == "evidence_missing"
    app.refresh_from_db()
    assert app.status == "draft"


def test_evidence_is_checked_by_its_bytes_not_its_name_and_stored_once(world, open_scheme):
    user = world.users["enterprise_a"]
    app = applications.start_application(user, open_scheme.pk)
    with pytest.raises(DomainError) as exc:
        applications.add_evidence(user, app.pk, "PRJ-1", "report.pdf", b"MZ\x90\x00 not a pdf")
    assert exc.value.code == "file_type" and "file" in exc.value.details
    first = applications.add_evidence(user, app.pk, "PRJ-1", "a.pdf", PDF)
    second = applications.add_evidence(user, app.pk, "ACT-1", "b.pdf", PDF)
    assert first.blob == second.blob and first.sha256 == second.sha256
    assert EvidenceFile.objects.count() == 2


def test_an_unassigned_or_conflicted_expert_cannot_score(world, experts):
    app = _under_review(world, experts[:1])
    with pytest.raises(DomainError) as exc:
        review.submit_sheet(experts[1], app.pk, {"ENT-3": 3, "MGT-4": 10, "ACT-2": 3})
    assert exc.value.code == "not_assigned" and exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        review.submit_sheet(experts[0], app.pk, {"ENT-3": 3, "MGT-4": 10, "ACT-2": 3})
    assert exc.value.code == "conflicted"  # no declaration yet
    review.declare_coi(experts[0], app.pk, conflicted=True, note="曾为该企业提供咨询服务")
    with pytest.raises(DomainError) as exc:
        review.submit_sheet(experts[0], app.pk, {"ENT-3": 3, "MGT-4": 10, "ACT-2": 3})
    assert exc.value.code == "conflicted" and exc.value.status == 403
    assert not ExpertSheet.objects.exists()


def test_an_expert_score_outside_the_item_range_is_refused_whole(world, experts):
    app = _under_review(world, experts[:1])
    review.declare_coi(experts[0], app.pk, conflicted=False)
    with pytest.raises(DomainError) as exc:
        review.submit_sheet(experts[0], app.pk, {"ENT-3": 3, "MGT-4": 16, "ACT-2": 3})
    assert exc.value.code == "score_out_of_range" and "score_MGT-4" in exc.value.details
    assert not ExpertSheet.objects.exists()


def test_an_award_above_the_cap_or_over_the_budget_is_refused(world, experts):
    app = _under_review(world, experts[:1], budget_fen=60_000_000)
    review.declare_coi(experts[0], app.pk, conflicted=False)
    review.submit_sheet(experts[0], app.pk, {"ENT-3": 3, "MGT-4": 10, "ACT-2": 3})
    admin = world.users["bureau_admin"]
    results.build_result(admin, app.scheme_id)
    award = Award.objects.get(application=app)
    with pytest.raises(DomainError) as exc:
        results.change_award(admin, app.pk, 50_000_001, "上调")
    assert exc.value.code == "over_cap"
    results.change_award(admin, app.pk, 10_000_000, "核减")
    with pytest.raises(DomainError) as exc:
        results.change_award(admin, app.pk, 40_000_000, "")
    assert exc.value.code == "reason_required" and "reason" in exc.value.details
    assert Award.objects.get(pk=award.pk).amount_fen == 10_000_000
    assert AwardAdjustment.objects.count() == 1


def test_over_budget_adjustment_is_a_conflict(world, experts):
    app = _under_review(world, experts[:1], budget_fen=20_000_000)
    review.declare_coi(experts[0], app.pk, conflicted=False)
    review.submit_sheet(experts[0], app.pk, {"ENT-3": 3, "MGT-4": 10, "ACT-2": 3})
    results.build_result(world.users["bureau_admin"], app.scheme_id)
    with pytest.raises(DomainError) as exc:
        results.change_award(world.users["bureau_admin"], app.pk, 30_000_000, "上调")
    assert exc.value.code == "over_budget" and exc.value.status == 409


def test_frozen_criteria_cannot_be_edited_after_opening(world, open_scheme):
    admin = world.users["bureau_admin"]
    item = Criterion.objects.filter(scheme=open_scheme).first()
    with pytest.raises(DomainError) as exc:
        schemes.save_criterion(admin, open_scheme.pk, {"max_points": D(1)}, item.pk)
    assert exc.value.code == "criteria_frozen" and exc.value.status == 409
    with pytest.raises(DomainError) as exc:
        schemes.update_scheme(admin, open_scheme.pk, {"window_opens": timezone.now()})
    assert exc.value.code == "criteria_frozen"
    assert Criterion.objects.get(pk=item.pk).max_points == item.max_points
    schemes.update_scheme(admin, open_scheme.pk, {"budget_fen": open_scheme.budget_fen + 100})  # money may change


def test_a_tree_above_full_marks_cannot_open(world):
    scheme = make_scheme(world, open_it=False)
    schemes.save_criterion(
        world.users["bureau_admin"],
        scheme.pk,
        {"code": "X-1", "category": "activities", "name_zh": "额外", "max_points": D(10), "method": "expert"},
    )
    with pytest.raises(DomainError) as exc:
        schemes.open_scheme(world.users["bureau_admin"], scheme.pk)
    assert exc.value.code == "invalid_criteria"
    scheme.refresh_from_db()
    assert scheme.status == "draft" and not scheme.criteria_fingerprint


def test_an_officer_cannot_approve_and_an_inapplicable_adjustment_leaves_no_row(world, experts):
    app = _under_review(world, experts[:1])
    review.declare_coi(experts[0], app.pk, conflicted=False)
    review.submit_sheet(experts[0], app.pk, {"ENT-3": 3, "MGT-4": 10, "ACT-2": 3})
    with pytest.raises(DomainError) as exc:
        results.adjust_score(world.users["bureau_officer"], app.pk, "PRJ-2", D(3), "R&D only")
    assert exc.value.code == "not_applicable"
    assert not ScoreAdjustment.objects.exists()
    results.build_result(world.users["bureau_officer"], app.scheme_id)
    with pytest.raises(DomainError) as exc:
        results.approve(world.users["bureau_officer"], app.scheme_id)
    assert exc.value.code == "role_not_allowed"


def _under_review(world, panel, **scheme_kw):
    scheme = make_scheme(world, **scheme_kw)
    user = world.users["enterprise_a"]
    app = applications.start_application(user, scheme.pk)
    applications.save_declaration(user, app.pk, "ACT-1", D(5))
    applications.add_evidence(user, app.pk, "ACT-1", "loan.pdf", PDF)
    applications.submit(user, app.pk)
    officer = world.users["bureau_officer"]
    applications.formal_check(officer, app.pk, "complete")
    schemes.move(world.users["bureau_admin"], scheme.pk, "closed")
    schemes.move(officer, scheme.pk, "reviewing")
    review.assign(officer, app.pk, [e.pk for e in panel])
    app.refresh_from_db()
    return app


def test_withdrawal_is_refused_after_the_deadline_and_allowed_before(world, open_scheme):
    user = world.users["enterprise_a"]
    app = applications.start_application(user, open_scheme.pk)
    applications.submit(user, app.pk)
    with pytest.raises(DomainError) as exc:
        applications.withdraw(user, app.pk, at=open_scheme.window_closes + timedelta(hours=1))
    assert exc.value.code == "outside_window"
    assert applications.withdraw(user, app.pk).status == "withdrawn"


def test_the_result_cannot_become_final_during_publicity_or_with_an_open_objection(world, experts):
    app = _under_review(world, experts[:1])
    review.declare_coi(experts[0], app.pk, conflicted=False)
    review.submit_sheet(experts[0], app.pk, {"ENT-3": 3, "MGT-4": 10, "ACT-2": 3})
    admin = world.users["bureau_admin"]
    results.build_result(admin, app.scheme_id)
    results.approve(admin, app.scheme_id)
    start = timezone.localdate() - timedelta(days=30)
    results.start_publicity(admin, app.scheme_id, start)
    with pytest.raises(DomainError) as exc:
        results.file_objection(world.users["enterprise_b"], app.scheme_id, "异议", today=timezone.localdate())
    assert exc.value.code == "outside_window"  # the period is over
    objection = results.file_objection(world.users["enterprise_b"], app.scheme_id, "异议", today=start)
    with pytest.raises(DomainError) as exc:
        results.finalise(admin, app.scheme_id, today=start)
    assert exc.value.code == "publicity_not_over"
    with pytest.raises(DomainError) as exc:
        results.finalise(admin, app.scheme_id)
    assert exc.value.code == "objections_open" and exc.value.status == 409
    results.answer(admin, objection.pk, "已复核")
    assert results.finalise(admin, app.scheme_id).status == "final"
    with pytest.raises(DomainError) as exc:
        results.disburse(admin, app.pk, Award.objects.get(application=app).amount_fen + 1, timezone.localdate(), "X-1")
    assert exc.value.code == "over_cap"
