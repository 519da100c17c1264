"""Expert review as every persona: the bureau of the jurisdiction forms panels (by hand or automatically); an
assigned expert declares a conflict of interest and scores blind; a conflicted expert cannot score; nobody
else does either, and a refused request changes nothing."""

from __future__ import annotations

import json

import pytest

from tanxin.support.models import ExpertAssignment, ExpertSheet
from tanxin.support.services import review
from tests.personas import OTHER_BUREAU, add_other_district_bureau, check_matrix, check_write_matrix

from . import matrix_stages as st
from .matrix_stages import BUREAU, ENTERPRISE_A, SHEET

pytestmark = pytest.mark.django_db
API = "/api/v1/support"
EXPERT = {"expert"}


def items(response) -> list:
    """A list endpoint's rows, whether it answers a bare list or a page ``{count, limit, offset, items}``."""
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


def _json(url_of, body=None):
    def send(client, target):
        return client.post(url_of(target), data=json.dumps(body or {}), content_type="application/json")

    return send


def _form(url_of, data=None):
    return lambda client, target: client.post(url_of(target), data or {})


def _panel(stage) -> list[int]:
    return sorted(ExpertAssignment.objects.filter(application=stage.app).values_list("expert_id", flat=True))


def _declared(stage) -> bool:
    return ExpertAssignment.objects.get(application=stage.app, expert__username="expert").coi_declared_at is not None


def _sheets(stage) -> int:
    return ExpertSheet.objects.filter(application=stage.app).count()


def _cleared(world):
    """Under review, the ``expert`` persona assigned and free of conflicts: ready to score."""
    stage = st.reviewing(world)
    review.declare_coi(world.users["expert"], stage.app.pk, conflicted=False)
    return stage


# --- reads ------------------------------------------------------------------------------------------------


def test_the_expert_queue_page_is_for_experts_and_lists_their_assignments(world):
    stage = st.reviewing(world)
    check_matrix(world, "/support/expert/", EXPERT)
    assert stage.app.reference in world.client("expert").get("/support/expert/").content.decode()


def test_score_sheets_are_the_bureaus_and_blind_to_an_expert_until_their_own_is_in(world):
    second = st.extra_expert(world)
    stage = st.reviewing(world, experts=[second])
    expert = world.users["expert"]
    review.declare_coi(expert, stage.app.pk, conflicted=False)
    review.submit_sheet(expert, stage.app.pk, SHEET)
    url = f"{API}/applications/{stage.app.pk}/sheets"
    check_matrix(world, url, BUREAU | ENTERPRISE_A | EXPERT, api=True)
    for persona in BUREAU | EXPERT:
        assert [s["expert_id"] for s in items(world.client(persona).get(url))] == [expert.pk], persona
    for persona in ENTERPRISE_A:  # the enterprise never reads the experts' sheets
        assert items(world.client(persona).get(url)) == [], persona
    assert items(st.client_for(second).get(url)) == []  # blind: the second expert has not scored yet


# --- writes over the API ------------------------------------------------------------------------------------


def test_only_the_bureau_assigns_experts(world):
    expert = world.users["expert"]
    check_write_matrix(world, BUREAU, lambda: st.checked(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}/assignments", {"expert_ids": [expert.pk]}),
                       _panel, [expert.pk], ok_status=(201,))  # fmt: skip


def test_only_the_bureau_assigns_panels_automatically(world):
    expert = world.users["expert"]
    check_write_matrix(world, BUREAU, lambda: st.checked(world),
                       _json(lambda s: f"{API}/schemes/{s.scheme.pk}/auto-assign?per_application=1"), _panel,
                       [expert.pk])  # fmt: skip


def test_only_the_assigned_expert_declares_a_conflict_of_interest(world):
    check_write_matrix(world, EXPERT, lambda: st.reviewing(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}/coi", {"conflicted": False}), _declared,
                       True)  # fmt: skip


def test_only_the_assigned_expert_without_a_conflict_scores(world):
    check_write_matrix(world, EXPERT, lambda: _cleared(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}/sheet", {"scores": SHEET}), _sheets, 1,
                       ok_status=(201,))  # fmt: skip


def test_an_expert_who_declared_a_conflict_can_neither_see_nor_score_the_application(world):
    stage = st.reviewing(world)
    client = world.client("expert")
    r = client.post(f"{API}/applications/{stage.app.pk}/coi", data=json.dumps({"conflicted": True, "note": "曾任顾问"}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 200
    r = client.post(f"{API}/applications/{stage.app.pk}/sheet", data=json.dumps({"scores": SHEET}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code in (403, 404) and _sheets(stage) == 0
    assert client.post(f"/support/applications/{stage.app.pk}/sheet/", {"score_ENT-3": "4"}).status_code == 404
    assert client.get(f"{API}/applications/{stage.app.pk}/sheets").status_code == 404
    assert stage.app.reference not in client.get("/support/expert/").content.decode()


def test_another_districts_bureau_cannot_assign_experts_to_a_nanshan_application(world):
    add_other_district_bureau(world)
    client = world.client(OTHER_BUREAU)
    stage = st.checked(world)
    body = json.dumps({"expert_ids": [world.users["expert"].pk]})
    r = client.post(f"{API}/applications/{stage.app.pk}/assignments", data=body, content_type="application/json")
    assert r.status_code == 404
    r = client.post(f"{API}/schemes/{stage.scheme.pk}/auto-assign?per_application=1")
    assert r.status_code == 404 and _panel(stage) == []


# --- writes from the pages ----------------------------------------------------------------------------------


def test_only_the_bureau_assigns_experts_from_the_application_page(world):
    expert = world.users["expert"]
    check_write_matrix(world, BUREAU, lambda: st.checked(world),
                       _form(lambda s: f"/support/applications/{s.app.pk}/assign/", {"experts": [expert.pk]}), _panel,
                       [expert.pk], ok_status=(302,), api=False)  # fmt: skip


def test_only_the_assigned_expert_declares_and_scores_from_the_application_page(world):
    check_write_matrix(world, EXPERT, lambda: st.reviewing(world),
                       _form(lambda s: f"/support/applications/{s.app.pk}/coi/", {"conflicted": "no"}), _declared,
                       True, ok_status=(302,), api=False)  # fmt: skip
    scores = {f"score_{k}": v for k, v in SHEET.items()}
    check_write_matrix(world, EXPERT, lambda: _cleared(world),
                       _form(lambda s: f"/support/applications/{s.app.pk}/sheet/", scores), _sheets, 1,
                       ok_status=(302,), api=False)  # fmt: skip


def test_the_expert_sees_the_conflict_form_first_and_the_bureau_the_panel_form(world):
    stage = st.reviewing(world)
    page = f"/support/applications/{stage.app.pk}/"
    body = world.client("expert").get(page).content.decode()
    assert f"/support/applications/{stage.app.pk}/coi/" in body and f"{stage.app.pk}/assign/" not in body
    for persona in BUREAU:
        body = world.client(persona).get(page).content.decode()
        assert f"/support/applications/{stage.app.pk}/assign/" in body and f"{stage.app.pk}/coi/" not in body
