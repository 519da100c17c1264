"""Garbage in, a 4xx out: every support endpoint answers malformed input without a 500."""

from __future__ import annotations

import pytest

from tanxin.support.services import applications

from .conftest import make_scheme

pytestmark = pytest.mark.django_db
API = "/api/v1/support"
GARBAGE = [
    {},
    {"target": "nope"},
    {"scores": {"MGT-4": "abc"}},
    {"amount_fen": -5},
    {"declared_points": "NaN"},
    {"expert_ids": ["x"]},
    {"text": ""},
    {"verified_points": "1e9"},
    {"allocation_config": {"bands": [{}]}},
]


def test_no_endpoint_answers_garbage_with_a_500(world):
    scheme = make_scheme(world)
    app = applications.start_application(world.users["enterprise_a"], scheme.pk)
    paths = [
        f"/schemes/{scheme.pk}/transitions",
        f"/schemes/{scheme.pk}/criteria",
        f"/schemes/{scheme.pk}/rules",
        f"/schemes/{scheme.pk}/objections",
        f"/applications/{app.pk}/sheet",
        f"/applications/{app.pk}/award",
        f"/applications/{app.pk}/check",
        f"/applications/{app.pk}/assignments",
        f"/applications/{app.pk}/coi",
        f"/applications/{app.pk}/adjustments",
        f"/applications/{app.pk}/disbursements",
        "/declarations/999/verify",
        "/objections/999/answer",
        "/applications",
        "/schemes",
    ]
    for persona in ("bureau_admin", "enterprise_a", "expert"):
        client = world.client(persona)
        for path in paths:
            for body in GARBAGE:
                r = client.post(API + path, body, content_type="application/json")
                assert r.status_code < 500, (persona, path, body, r.status_code)
        for body in GARBAGE:
            r = client.patch(f"{API}/schemes/{scheme.pk}", body, content_type="application/json")
            assert r.status_code < 500, (persona, body, r.status_code)
            r = client.put(f"{API}/applications/{app.pk}/declarations/ENT-2", body, content_type="application/json")
            assert r.status_code < 500, (persona, body, r.status_code)


def test_malformed_allocation_bands_are_a_field_error(world):
    scheme = make_scheme(world, open_it=False)
    r = world.client("bureau_admin").patch(
        f"{API}/schemes/{scheme.pk}",
        {"allocation_kind": "banded", "allocation_config": {"bands": [{"min_score": "x"}]}},
        content_type="application/json",
    )
    assert r.status_code == 400 and "allocation_config" in r.json()["details"]


def test_pages_survive_garbage_posts(world):
    scheme = make_scheme(world)
    app = applications.start_application(world.users["enterprise_a"], scheme.pk)
    for persona in ("bureau_admin", "enterprise_a", "expert"):
        client = world.client(persona)
        for action in (
            "save",
            "declare",
            "submit",
            "withdraw",
            "check",
            "verify",
            "assign",
            "coi",
            "sheet",
            "adjust",
            "award",
            "disburse",
            "nope",
        ):
            r = client.post(
                f"/support/applications/{app.pk}/{action}/",
                {"declaration": "abc", "item_code": "ZZ", "declared_points": "x"},
            )
            assert r.status_code < 500, (persona, action, r.status_code)
        r = client.post(f"/support/schemes/{scheme.pk}/move/", {"target": "back", "reason": ""})
        assert r.status_code < 500
