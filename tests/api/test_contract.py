"""The API contract an integrator relies on: a valid schema, declared errors, typed bodies, a generated client
that reads what a bank needs, and JSON errors at the boundary (unknown path, wrong method, anonymous write,
oversized body, control characters)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from openapi_spec_validator import validate

from tanxin.common.limits import MAX_PAGE_SIZE
from tanxin.config.api import api
from tanxin.orgs import services as org_services
from tests.disclosure.support import drive

API = "/api/v1"


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=f"{API}/"), default=str))


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_schema_passes_a_strict_openapi_validator(schema):
    validate(schema)


def test_every_operation_declares_the_shared_error_schema(schema):
    ref = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"400", "422"} | ({"401", "403"} if operation.get("security") else set())
        for status in expected:
            assert responses[status]["content"]["application/json"]["schema"] == ref, (method, path, status)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "message"}


def test_every_json_response_is_a_named_schema_not_a_bare_object(schema):
    for path, method, operation in operations(schema):
        for status, response in operation["responses"].items():
            for media, content in response.get("content", {}).items():
                body = content["schema"]
                if media != "application/json":
                    assert body == {"type": "string", "format": "binary"}, (method, path)
                    continue
                while body.get("type") == "array":
                    body = body["items"]
                assert "$ref" in body or body.get("type") in ("string", "integer"), (method, path, status, body)


def test_downloads_declare_their_media_types(schema):
    pdf = schema["paths"][f"{API}/disclosure/versions/{{version_id}}/report.pdf"]["get"]["responses"]["200"]
    xlsx = schema["paths"][f"{API}/disclosure/versions/{{version_id}}/report.xlsx"]["get"]["responses"]["200"]
    assert "application/pdf" in pdf["content"]
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in xlsx["content"]


def test_operation_ids_are_short_and_unique(schema):
    ids = [operation["operationId"] for _p, _m, operation in operations(schema)]
    assert len(ids) == len(set(ids))
    assert "registry_compliance_position" in ids
    assert not [i for i in ids if i.startswith("tanxin_") or "_api_" in i]


def test_lists_share_one_page_shape_with_a_documented_maximum(schema):
    for name in ("OrganisationPage", "VersionPage", "PricePage", "AccountTransactionPage", "PublicPage"):
        assert set(schema["components"]["schemas"][name]["required"]) == {"count", "limit", "offset", "items"}
    limit = next(p for p in schema["paths"][f"{API}/organisations"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == MAX_PAGE_SIZE


def test_sync_lists_take_updated_since(schema):
    synced = ("/organisations", "/disclosure/reports", "/market/prices", "/registry/accounts/{account_id}/transactions")
    for path in synced:
        names = {p["name"] for p in schema["paths"][API + path]["get"]["parameters"]}
        assert "updated_since" in names, path


# --- errors at the boundary ----------------------------------------------------------------------------------


def test_an_unknown_api_path_is_a_json_404(db):
    response = Client().get(f"{API}/no/such/thing", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and response.json() == {"code": "not_found", "message": "Not found.",
                                                               "details": None}  # fmt: skip


def test_a_wrong_method_is_a_json_405(world):
    response = world.client("bureau_admin").put(f"{API}/me")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
    assert "GET" in response.json()["details"]["allowed"]


def test_an_anonymous_write_is_a_401_in_chinese(db):
    response = Client().post(f"{API}/organisations", {}, content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert "CSRF" not in response.json()["message"]


def test_a_body_over_the_limit_is_a_413_before_it_is_read(world):
    big = json.dumps({"name_zh": "x" * (2 * 1024 * 1024)})
    response = world.client("bureau_admin").post(f"{API}/organisations", big, content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "del\x7f"])
def test_control_characters_in_text_are_refused_and_nothing_is_saved(world, text):
    from tanxin.orgs.models import Organisation

    before = Organisation.objects.count()
    body = {"uscc": "91440305MA5X00011X", "name_zh": text, "jurisdiction": "440305"}
    response = world.client("bureau_admin").post(f"{API}/organisations", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["details"][0]["field"] == "name_zh"
    assert Organisation.objects.count() == before
    query = world.client("bureau_admin").get(f"{API}/organisations", {"q": text})
    assert query.status_code == 422


def test_numbers_out_of_range_are_validation_errors_not_crashes(world):
    admin = world.client("bureau_admin")
    assert admin.get(f"{API}/organisations?offset={2**64}").status_code == 422
    assert admin.get(f"{API}/registry/compliance?year=9999").status_code == 422
    assert admin.get(f"{API}/organisations/{10**20}").status_code == 422
    body = {"enterprise_id": world.orgs["enterprise_a"].pk, "year": 2024, "tonnes": 2**70, "reason": "x"}
    assert admin.put(f"{API}/registry/obligations", body, content_type="application/json").status_code == 422


# --- a generated client: a bank reads what it needs -----------------------------------------------------------


@pytest.fixture
def generated_client(schema, tmp_path: Path):
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(schema))
    out = tmp_path / "tanxin_client"
    run = subprocess.run(
        [str(Path(sys.executable).with_name("openapi-python-client")), "generate", "--path", str(spec),
         "--meta", "none", "--output-path", str(out)],
        capture_output=True, text=True, timeout=120,
        env={"PATH": str(Path(sys.executable).parent)},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    sys.path.insert(0, str(tmp_path))
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)  # the WSGI app runs inside the test's transaction
    try:
        yield importlib.import_module("tanxin_client")
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "tanxin_client" or m.startswith("tanxin_client.")]:
            del sys.modules[name]


def test_a_bank_reads_consented_enterprises_verified_emissions_and_pledgeable_quantity(world, generated_client):
    tc = generated_client
    version = drive(world, "verified", year=2024, total=1_234_567)
    _record, token = org_services.create_token(world.users["bank_with_consent"], "core banking", "read", 30)
    client = tc.AuthenticatedClient(base_url="http://testserver", token=token,
                                    httpx_args={"transport": httpx.WSGITransport(app=WSGIHandler())})  # fmt: skip
    directory = importlib.import_module("tanxin_client.api.directory.orgs_list_organisations")
    page = directory.sync(client=client, kind="enterprise")
    assert page.count == 1 and [o.id for o in page.items] == [world.orgs["enterprise_a"].pk]

    emissions = importlib.import_module("tanxin_client.api.disclosure.disclosure_verified_emissions")
    figure = emissions.sync(client=client, enterprise_id=world.orgs["enterprise_a"].pk, year=2024)
    assert figure.kg == version.figure_kg and figure.tonnes == round(version.figure_kg / 1000)
    assert figure.version_id == version.pk

    pledgeable = importlib.import_module("tanxin_client.api.registry.registry_pledgeable_now")
    now = pledgeable.sync(client=client, enterprise_id=world.orgs["enterprise_a"].pk)
    assert now.pledgeable_t == 0 and now.enterprise_id == world.orgs["enterprise_a"].pk

    # Errors are parsed into the shared error model, not returned as None.
    refused = emissions.sync(client=client, enterprise_id=world.orgs["enterprise_b"].pk, year=2024)
    assert refused.code == "not_found"
