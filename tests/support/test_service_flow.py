"""A scheme walked from draft to disbursement through the service layer, as the real users would."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tanxin.common.errors import Conflict
from tanxin.support.models import Application, Award, Disbursement, ScoreLine, StatusChange
from tanxin.support.services import applications, results, review, schemes

from .conftest import PDF

pytestmark = pytest.mark.django_db
D = Decimal


def _apply(world, persona, declarations):
    user = world.users[persona]
    app = applications.start_application(user, _scheme_id(world), requested_fen=None)
    for code, points in declarations.items():
        applications.save_declaration(user, app.pk, code, D(points), "证明材料见附件")
        applications.add_evidence(user, app.pk, code, f"{code}.pdf", PDF)
    return applications.submit(user, app.pk)


def _scheme_id(world):
    from tanxin.support.models import Scheme

    return Scheme.objects.get(code="GLC-2024").pk


def test_a_scheme_runs_from_draft_to_disbursement(world, open_scheme, experts):
    admin, officer = world.users["bureau_admin"], world.users["bureau_officer"]
    a = _apply(world, "enterprise_a", {"ENT-2": 8, "PRJ-1": 12, "ACT-1": 5})
    b = _apply(world, "enterprise_b", {"ENT-2": 6})
    assert a.status == "submitted" and a.facts["sources"]["disclosure_published"]
    for app in (a, b):
        applications.formal_check(officer, app.pk, "complete")
    schemes.move(admin, open_scheme.pk, "closed")
    schemes.move(officer, open_scheme.pk, "reviewing")
    for decl in a.declarations.all():
        applications.verify(
            officer,
            decl.pk,
            decl.declared_points - (1 if decl.item_code == "PRJ-1" else 0),
            note="节能量按审核报告核减" if decl.item_code == "PRJ-1" else "",
        )
    for app in (a, b):
        review.assign(officer, app.pk, [e.pk for e in experts])
    for i, expert in enumerate(experts):
        for app in (a, b):
            review.declare_coi(expert, app.pk, conflicted=False)
            items = [c for c in ("ENT-3", "MGT-4", "ACT-2", "PRJ-2") if c != "PRJ-2" or app == b]
            review.submit_sheet(expert, app.pk, {c: min(5, 2 + i) for c in items}, comment="意见")
    a.refresh_from_db()
    # sheet totals 6, 9, 12, 15, 15: drop one lowest and one highest → (9 + 12 + 15) / 3
    assert a.expert_method == "trimmed_mean" and a.expert == D("12.00")
    draft = results.build_result(admin, open_scheme.pk)
    assert draft.total_fen <= open_scheme.budget_fen
    assert all(aw.amount_fen <= open_scheme.cap_fen for aw in draft.awards)
    award = Award.objects.get(application=a)
    results.change_award(admin, a.pk, award.amount_fen - 100_000, "按评审会意见核减")
    results.approve(admin, open_scheme.pk)
    start = timezone.localdate() - timedelta(days=20)
    results.start_publicity(officer, open_scheme.pk, start)
    objection = results.file_objection(
        world.users["enterprise_b"], open_scheme.pk, "对甲企业得分有异议", a.pk, today=start
    )
    results.answer(officer, objection.pk, "经复核，得分无误。")
    results.finalise(admin, open_scheme.pk)
    a.refresh_from_db()
    assert a.status == "awarded"
    paid = results.disburse(officer, a.pk, a.award.amount_fen, timezone.localdate(), "国库支付-2024-001")
    assert Disbursement.objects.get().amount_fen == paid.amount_fen
    # The payment reference is the disbursement's idempotency key: a retry replays, a changed amount is refused.
    again = results.disburse(officer, a.pk, a.award.amount_fen, timezone.localdate(), "国库支付-2024-001")
    assert again.pk == paid.pk and Disbursement.objects.count() == 1
    with pytest.raises(Conflict):
        results.disburse(officer, a.pk, a.award.amount_fen - 1, timezone.localdate(), "国库支付-2024-001")
    assert StatusChange.objects.filter(application=a).values_list("target", flat=True)[::1] == [
        "submitted",
        "complete",
        "under_review",
        "scored",
        "awarded",
    ]
    lines = {ln.item_code: ln for ln in ScoreLine.objects.filter(application=a)}
    assert lines["PRJ-1"].points == D("11.00") and lines["PRJ-1"].provenance["reason"]
    assert lines["EXPERT"].provenance["method"] == "trimmed_mean"
    assert Application.history.filter(id=a.pk, history_user=admin).exists()


def test_the_scheduler_closes_windows_that_have_ended_as_the_system(world, open_scheme):
    from tanxin.support.services.schemes import close_due_windows

    assert close_due_windows() == []
    assert close_due_windows(at=open_scheme.window_closes) == [open_scheme.pk]
    open_scheme.refresh_from_db()
    log = open_scheme.status_log.get(target="closed")
    assert open_scheme.status == "closed" and log.role == "system" and log.actor is None
