"""Support applications as every persona: an enterprise applies for itself (its admin and its members), fills,
submits and withdraws its own application; the bureau of the jurisdiction checks it and verifies its
declarations; everybody else is refused (403/404) and nothing changes."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.support.models import Application, Declaration
from tests.personas import OTHER_BUREAU, add_other_district_bureau, check_matrix, check_write_matrix

from . import matrix_stages as st
from .conftest import PDF
from .matrix_stages import BUREAU, ENTERPRISE_A, SIGNED_IN

pytestmark = pytest.mark.django_db
API = "/api/v1/support"


def items(response) -> list:
    """A list endpoint's rows, whether it answers a bare list or a page ``{count, limit, offset, items}``."""
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


def _json(url_of, body=None, method: str = "post"):
    def send(client, target):
        return getattr(client, method)(url_of(target), data=json.dumps(body or {}), content_type="application/json")

    return send


def _form(url_of, data=None):
    return lambda client, target: client.post(url_of(target), data or {})


def _status(stage) -> str:
    return Application.objects.get(pk=stage.app.pk).status


# --- reads ------------------------------------------------------------------------------------------------


def test_the_application_list_shows_each_persona_only_the_applications_it_may_see(world):
    stage = st.reviewing(world)
    check_matrix(world, f"{API}/applications", SIGNED_IN, api=True)
    for persona in SIGNED_IN:
        ids = [a["id"] for a in items(world.client(persona).get(f"{API}/applications"))]
        sees = persona in BUREAU | ENTERPRISE_A | {"expert"}  # the expert is on its panel
        assert ids == ([stage.app.pk] if sees else []), persona
    add_other_district_bureau(world)
    assert items(world.client(OTHER_BUREAU).get(f"{API}/applications")) == []


def test_the_preview_of_automatic_scores_is_the_enterprises_and_the_bureaus_not_the_experts(world):
    stage = st.reviewing(world)
    url = f"{API}/applications/{stage.app.pk}/preview"
    check_matrix(world, url, BUREAU | ENTERPRISE_A, api=True)
    for persona in ("enterprise_a", "bureau_officer"):
        body = world.client(persona).get(url).json()
        assert {ln["item_code"] for ln in body["lines"]} >= {"ENT-1", "MGT-1"} and body["facts"]["sources"], persona


# --- writes over the API ------------------------------------------------------------------------------------


def test_each_enterprise_applies_for_itself_and_nobody_else_applies(world):
    def send(client, scheme):
        return client.post(f"{API}/applications", data=json.dumps({"scheme_id": scheme.pk}),
                           content_type="application/json")  # fmt: skip

    check_write_matrix(world, ENTERPRISE_A | {"enterprise_b"}, lambda: st.opened(world).scheme, send,
                       lambda s: s.applications.count(), 1, ok_status=(201,))  # fmt: skip


def test_only_enterprise_a_edits_its_draft_application(world):
    check_write_matrix(world, ENTERPRISE_A, lambda: st.applied(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}", {"project_summary": "屋顶光伏改造"}, "patch"),
                       lambda s: Application.objects.get(pk=s.app.pk).project_summary, "屋顶光伏改造")  # fmt: skip


def test_only_enterprise_a_declares_an_item_of_its_application(world):
    check_write_matrix(world, ENTERPRISE_A, lambda: st.applied(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}/declarations/ACT-1",
                             {"declared_points": "3", "statement": "绿色债券"}, "put"),
                       lambda s: Declaration.objects.get(application=s.app, item_code="ACT-1").declared_points,
                       3)  # fmt: skip


def test_only_enterprise_a_uploads_evidence_to_its_application(world):
    def send(client, stage):
        upload = SimpleUploadedFile("contract.pdf", PDF)
        return client.post(f"{API}/applications/{stage.app.pk}/evidence", {"item_code": "ACT-1", "file": upload})

    check_write_matrix(world, ENTERPRISE_A, lambda: st.applied(world), send,
                       lambda s: s.app.evidence.count(), 2, ok_status=(201,))  # fmt: skip


def test_only_enterprise_a_submits_and_withdraws_its_application(world):
    check_write_matrix(world, ENTERPRISE_A, lambda: st.applied(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}/submit"), _status, "submitted")  # fmt: skip
    check_write_matrix(world, ENTERPRISE_A, lambda: st.submitted(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}/withdraw", {"reason": "项目推迟"}), _status,
                       "withdrawn")  # fmt: skip


def test_only_the_bureau_checks_an_application_formally(world):
    check_write_matrix(world, BUREAU, lambda: st.submitted(world),
                       _json(lambda s: f"{API}/applications/{s.app.pk}/check", {"outcome": "complete"}), _status,
                       "complete")  # fmt: skip


def _verified(stage):
    return Declaration.objects.get(application=stage.app, item_code="ACT-1").verified_points


def test_only_the_bureau_verifies_a_declaration(world):
    def send(client, stage):
        row = Declaration.objects.get(application=stage.app, item_code="ACT-1")
        return client.post(f"{API}/declarations/{row.pk}/verify", data=json.dumps({"verified_points": "4",
                           "note": "合同金额不足"}), content_type="application/json")  # fmt: skip

    check_write_matrix(world, BUREAU, lambda: st.checked(world), send, _verified, 4)


def test_another_districts_bureau_neither_checks_nor_verifies_a_nanshan_application(world):
    add_other_district_bureau(world)
    client = world.client(OTHER_BUREAU)
    stage = st.submitted(world)
    r = client.post(f"{API}/applications/{stage.app.pk}/check", data=json.dumps({"outcome": "complete"}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 404 and _status(stage) == "submitted"
    assert client.post(f"/support/applications/{stage.app.pk}/check/", {"outcome": "complete"}).status_code == 404
    row = Declaration.objects.get(application=stage.app)
    r = client.post(f"{API}/declarations/{row.pk}/verify", data=json.dumps({"verified_points": "4"}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 404 and _verified(stage) is None


# --- writes from the pages ----------------------------------------------------------------------------------


def test_the_apply_button_starts_an_application_for_the_enterprise_only(world):
    check_write_matrix(world, ENTERPRISE_A | {"enterprise_b"}, lambda: st.opened(world).scheme,
                       _form(lambda s: f"/support/schemes/{s.pk}/apply/"), lambda s: s.applications.count(), 1,
                       ok_status=(302,), api=False)  # fmt: skip


def test_only_enterprise_a_saves_declares_submits_and_withdraws_from_its_application_page(world):
    url = "/support/applications/{}/{}/"
    check_write_matrix(world, ENTERPRISE_A, lambda: st.applied(world),
                       _form(lambda s: url.format(s.app.pk, "save"), {"project_summary": "余热回收"}),
                       lambda s: Application.objects.get(pk=s.app.pk).project_summary, "余热回收", ok_status=(302,),
                       api=False)  # fmt: skip

    def declare(client, stage):
        data = {"item_code": "ENT-2", "declared_points": "8", "statement": "产品获绿色设计认证",
                "file": SimpleUploadedFile("cert.pdf", PDF)}  # fmt: skip
        return client.post(url.format(stage.app.pk, "declare"), data)

    check_write_matrix(world, ENTERPRISE_A, lambda: st.applied(world), declare,
                       lambda s: list(s.app.declarations.filter(item_code="ENT-2").values_list("declared_points",
                                                                                               flat=True)),
                       [8], ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(world, ENTERPRISE_A, lambda: st.applied(world),
                       _form(lambda s: url.format(s.app.pk, "submit")), _status, "submitted", ok_status=(302,),
                       api=False)  # fmt: skip
    check_write_matrix(world, ENTERPRISE_A, lambda: st.submitted(world),
                       _form(lambda s: url.format(s.app.pk, "withdraw"), {"reason": "项目推迟"}), _status, "withdrawn",
                       ok_status=(302,), api=False)  # fmt: skip


def test_only_the_bureau_checks_and_verifies_from_the_application_page(world):
    url = "/support/applications/{}/{}/"
    check_write_matrix(world, BUREAU, lambda: st.submitted(world),
                       _form(lambda s: url.format(s.app.pk, "check"), {"outcome": "complete", "reason": ""}), _status,
                       "complete", ok_status=(302,), api=False)  # fmt: skip

    def verify(client, stage):
        row = Declaration.objects.get(application=stage.app, item_code="ACT-1")
        return client.post(url.format(stage.app.pk, "verify"), {"declaration": row.pk, "verified_points": "4",
                                                                 "note": "合同金额不足"})  # fmt: skip

    check_write_matrix(world, BUREAU, lambda: st.checked(world), verify, _verified, 4, ok_status=(302,), api=False)


def test_the_application_page_shows_each_persona_only_the_buttons_it_may_press(world):
    stage = st.submitted(world)
    page = f"/support/applications/{stage.app.pk}/"
    for persona in ENTERPRISE_A:
        body = world.client(persona).get(page).content.decode()
        assert f"/support/applications/{stage.app.pk}/withdraw/" in body, persona
        assert f"/support/applications/{stage.app.pk}/check/" not in body, persona
    for persona in BUREAU:
        body = world.client(persona).get(page).content.decode()
        assert f"/support/applications/{stage.app.pk}/check/" in body, persona
        assert f"/support/applications/{stage.app.pk}/withdraw/" not in body, persona
