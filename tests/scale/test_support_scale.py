"""The generated district applies for support: a share of the generated enterprises, in the states of a round in
expert review, one round per district reused by later builds, and the bureau's pages and dashboard count them."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from tanxin.support import queries
from tanxin.support import scale as support_scale
from tanxin.support.models import Application, Scheme
from tanxin.web import scale

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def test_a_share_of_the_generated_enterprises_applies_in_every_state_of_a_round_in_review(world):
    ctx = scale.build(8, 400, YEAR, bureau=world.orgs["bureau"])
    apps = Application.objects.filter(enterprise_id__in=ctx.enterprise_ids)
    assert 400 // support_scale.SHARE // 2 <= apps.count() <= 400 // support_scale.SHARE * 2
    assert set(apps.values_list("status", flat=True)) == set(support_scale.STATES)
    scheme = Scheme.objects.get(pk=apps.values_list("scheme", flat=True).distinct().get())
    assert scheme.jurisdiction == world.orgs["bureau"].jurisdiction and scheme.status == "reviewing"
    assert not apps.filter(status="draft", submitted_at__isnull=False).exists()
    assert not apps.exclude(status="draft").filter(submitted_at__isnull=True).exists()
    for app in apps.filter(status="scored"):
        assert app.total == app.automatic + app.self_declared + app.expert


def test_a_second_build_adds_its_applicants_to_the_same_round(world):
    first = scale.build(9, 200, YEAR, bureau=world.orgs["bureau"])
    second = scale.build(10, 200, YEAR, bureau=world.orgs["bureau"])
    rounds = Scheme.objects.filter(code=support_scale.CODE)
    assert rounds.count() == 1
    ids = first.enterprise_ids + second.enterprise_ids
    assert Application.objects.filter(enterprise_id__in=ids).exclude(scheme=rounds.get()).count() == 0
    assert Application.objects.filter(enterprise_id__in=second.enterprise_ids).exists()


def test_the_bureau_dashboard_and_queue_show_the_generated_applications(world):
    ctx = scale.build(11, 300, YEAR, bureau=world.orgs["bureau"])
    officer = world.users["bureau_officer"]
    generated = Application.objects.filter(enterprise_id__in=ctx.enterprise_ids)
    before = Counter(Application.objects.exclude(pk__in=generated.values("pk")).filter(
        scheme__jurisdiction=world.orgs["bureau"].jurisdiction).values_list("status", flat=True))  # fmt: skip
    expected = before + Counter(generated.values_list("status", flat=True))
    assert queries.dashboard(officer)["by_status"] == dict(expected)
    scheme = Scheme.objects.get(code=support_scale.CODE)
    response = world.client("bureau_officer").get(f"/support/schemes/{scheme.pk}/applications/?status=complete")
    assert response.status_code == 200
    assert response.content.decode().count("/support/applications/") >= generated.filter(status="complete").count()
