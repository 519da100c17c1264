"""The support-fund API: the flow over HTTP, error format, and the permission matrix per endpoint."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tanxin.support.models import Application
from tanxin.support.services import applications, review, schemes
from tests.personas import SIGNED_IN, check_matrix

from .conftest import PDF, make_scheme

pytestmark = pytest.mark.django_db
BUREAU = {"bureau_admin", "bureau_officer"}
API = "/api/v1/support"


def test_bureau_designs_a_scheme_over_the_api_and_frozen_criteria_answer_409(world):
    client = world.client("bureau_admin")
    body = {
        "code": "API-1",
        "year": 2025,
        "title_zh": "接口方案",
        "budget_fen": 100_000_000,
        "window_opens": "2020-01-01T00:00:00+08:00",
        "window_closes": "2099-01-01T00:00:00+08:00",
    }
    r = client.post(f"{API}/schemes", body, content_type="application/json")
    assert r.status_code == 201, r.content
    scheme = r.json()
    assert scheme["cap_fen"] == 50_000_000 and scheme["facts_year"] == 2024
    item = {"code": "A-1", "category": "management", "name_zh": "供应链", "max_points": "100", "method": "expert"}
    r = client.post(f"{API}/schemes/{scheme['id']}/criteria", item, content_type="application/json")
    assert r.status_code == 201, r.content
    bad = {**item, "code": "A-2", "max_points": "0"}
    r = client.post(f"{API}/schemes/{scheme['id']}/criteria", bad, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "invalid_criteria" and "max_points" in r.json()["details"]
    r = client.post(f"{API}/schemes/{scheme['id']}/transitions", {"target": "open"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "open" and len(r.json()["criteria_fingerprint"]) == 64
    r = client.post(f"{API}/schemes/{scheme['id']}/criteria", {**item, "code": "A-3"}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "criteria_frozen"
    assert r.json()["message"] == "申请开放后评分标准即冻结，不能再修改。"  # translated in the user's language


def test_enterprise_applies_over_the_api_with_evidence_and_preview(world):
    scheme = make_scheme(world)
    client = world.client("enterprise_a")
    r = client.post(f"{API}/applications", {"scheme_id": scheme.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    app_id = r.json()["id"]
    assert "total" not in r.json()  # scores are not the enterprise's to see before results
    r = client.put(
        f"{API}/applications/{app_id}/declarations/ACT-1", {"declared_points": "6"}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["code"] == "score_out_of_range"
    r = client.put(
        f"{API}/applications/{app_id}/declarations/ACT-1", {"declared_points": "5"}, content_type="application/json"
    )
    assert r.status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        f"{API}/applications/{app_id}/evidence", {"item_code": "ACT-1", "file": SimpleUploadedFile("x.pdf", PDF)}
    )
    assert r.status_code == 201, r.content
    r = client.post(
        f"{API}/applications/{app_id}/evidence", {"item_code": "ACT-1", "file": SimpleUploadedFile("x.pdf", b"GIF89a")}
    )
    assert r.status_code == 400 and r.json()["code"] == "file_type"
    r = client.get(f"{API}/applications/{app_id}/preview")
    assert r.status_code == 200 and r.json()["facts"]["sources"]
    r = client.post(f"{API}/applications/{app_id}/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"


def test_scheme_endpoints_permission_matrix(world):
    draft = make_scheme(world, code="DRAFT", open_it=False)
    opened = make_scheme(world, code="OPEN")
    check_matrix(world, f"{API}/schemes/{draft.pk}", BUREAU, api=True, secret="DRAFT")
    check_matrix(world, f"{API}/schemes/{opened.pk}", SIGNED_IN, api=True)
    check_matrix(world, f"{API}/public/schemes/{opened.pk}/criteria", {*SIGNED_IN, "anonymous"}, api=True)
    check_matrix(world, f"{API}/public/schemes/{draft.pk}/criteria", set(), api=True)
    check_matrix(world, f"{API}/schemes/{opened.pk}", BUREAU, api=True, method="patch", data={"title_en": "renamed"})


def test_application_endpoints_permission_matrix(world):
    scheme = make_scheme(world)
    app = applications.start_application(world.users["enterprise_a"], scheme.pk)
    allowed = BUREAU | {"enterprise_a"}
    secret = world.orgs["enterprise_a"].name_zh
    check_matrix(world, f"{API}/applications/{app.pk}", allowed, api=True, secret=secret)
    check_matrix(world, f"{API}/applications/{app.pk}/declarations", allowed, api=True, secret=secret)
    check_matrix(world, f"{API}/applications/{app.pk}/scores", allowed, api=True)
    r = world.client("enterprise_b").get(f"{API}/applications")
    assert r.status_code == 200 and r.json()["items"] == [] and r.json()["count"] == 0


def test_expert_sees_only_assigned_applications_and_not_before_submitting_own_sheet(world, experts):
    scheme = make_scheme(world)
    user = world.users["enterprise_a"]
    app = applications.start_application(user, scheme.pk)
    applications.submit(user, app.pk)
    applications.formal_check(world.users["bureau_officer"], app.pk, "complete")
    schemes.move(world.users["bureau_admin"], scheme.pk, "closed")
    schemes.move(world.users["bureau_admin"], scheme.pk, "reviewing")
    review.assign(world.users["bureau_officer"], app.pk, [experts[0].pk, experts[1].pk])
    first, second = world.client("expert"), _client(experts[1])
    assert first.get(f"{API}/applications/{app.pk}").status_code == 200
    assert _client(experts[2]).get(f"{API}/applications/{app.pk}").status_code == 404
    r = _client(experts[2]).post(f"{API}/applications/{app.pk}/sheet", {"scores": {}}, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "not_assigned"
    for client in (first, second):
        assert (
            client.post(
                f"{API}/applications/{app.pk}/coi", {"conflicted": False}, content_type="application/json"
            ).status_code
            == 200
        )
    scores = {"ENT-3": "4", "MGT-4": "12", "ACT-2": "3"}
    r = second.post(f"{API}/applications/{app.pk}/sheet", {"scores": scores}, content_type="application/json")
    assert r.status_code == 201, r.content
    assert first.get(f"{API}/applications/{app.pk}/sheets").json()["items"] == []  # blind until own sheet is in
    r = first.post(
        f"{API}/applications/{app.pk}/sheet", {"scores": {**scores, "MGT-4": "15.5"}}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["code"] == "score_out_of_range"
    first.post(f"{API}/applications/{app.pk}/sheet", {"scores": scores}, content_type="application/json")
    assert len(first.get(f"{API}/applications/{app.pk}/sheets").json()["items"]) == 2
    assert Application.objects.get(pk=app.pk).expert == Decimal("19.00")


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_workflow_and_result_endpoints_are_for_bureau_staff_only(world):
    scheme = make_scheme(world, code="FLOW")
    for persona in ("enterprise_a", "expert", "bank_with_consent", "verifier_assigned"):
        r = world.client(persona).post(
            f"{API}/schemes/{scheme.pk}/transitions", {"target": "closed"}, content_type="application/json"
        )
        assert r.status_code in (403, 404), (persona, r.status_code)
    r = world.client("anonymous").post(
        f"{API}/schemes/{scheme.pk}/transitions", {"target": "closed"}, content_type="application/json"
    )
    assert r.status_code == 401
    check_matrix(world, f"{API}/schemes/{scheme.pk}/results", BUREAU, api=True)
    r = world.client("bureau_officer").post(
        f"{API}/schemes/{scheme.pk}/transitions", {"target": "closed"}, content_type="application/json"
    )
    assert r.status_code == 403 and r.json()["code"] == "role_not_allowed"  # closing is the admin's step
    r = world.client("bureau_admin").post(
        f"{API}/schemes/{scheme.pk}/transitions", {"target": "final"}, content_type="application/json"
    )
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"


def test_an_enterprise_cannot_apply_for_another_enterprise(world):
    scheme = make_scheme(world)
    r = world.client("enterprise_b").post(
        f"{API}/applications",
        {"scheme_id": scheme.pk, "enterprise_id": world.orgs["enterprise_a"].pk},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert not Application.objects.exists()
