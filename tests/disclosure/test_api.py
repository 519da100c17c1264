"""Disclosure API: the gate per endpoint and persona, the workflow over HTTP, bad input as clear 4xx."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tanxin.disclosure.models import ReportVersion, Statement
from tests.disclosure.support import PDF, drive
from tests.personas import PERSONAS, check_matrix

pytestmark = pytest.mark.django_db

BUREAU = {"bureau_admin", "bureau_officer"}
API = "/api/v1/disclosure"


def test_a_draft_is_seen_by_its_enterprise_and_the_bureau_only(world):
    version = drive(world, "draft")
    check_matrix(world, f"{API}/versions/{version.pk}", BUREAU | {"enterprise_a"}, api=True, secret="甲企业")


def test_a_report_in_verification_is_seen_by_the_assigned_verifier_never_the_other(world):
    version = drive(world, "in_verification")
    allowed = BUREAU | {"enterprise_a", "verifier_assigned", "bank_with_consent"}
    check_matrix(world, f"{API}/versions/{version.pk}", allowed, api=True, secret="甲企业")
    body = world.client("verifier_other").get(f"{API}/reports").json()
    assert body["count"] == 0
    assert world.client("verifier_assigned").get(f"{API}/reports").json()["count"] == 1


def test_the_list_shows_each_persona_only_its_reports(world):
    drive(world, "draft")
    drive(world, "submitted", enterprise="enterprise_b")
    check_matrix(world, f"{API}/reports", set(PERSONAS) - {"anonymous"}, api=True)
    counts = {p: world.client(p).get(f"{API}/reports").json()["count"] for p in PERSONAS if p != "anonymous"}
    assert counts["bureau_officer"] == 2 and counts["enterprise_a"] == 1 and counts["enterprise_b"] == 1
    assert counts["bank_with_consent"] == 0  # A's report is a draft; B gave no consent
    assert counts["verifier_other"] == counts["expert"] == 0


def test_the_whole_workflow_over_http(world):
    a, officer, verifier = (world.client(p) for p in ("enterprise_a", "bureau_officer", "verifier_assigned"))
    version = drive(world, "draft")
    url = f"{API}/versions/{version.pk}"
    edits = {"boundary": "法人边界", "reduction_targets": "2030年前达峰"}
    response = a.patch(url, edits, content_type="application/json")
    assert response.status_code == 200 and response.json()["boundary"] == "法人边界"
    assert response.json()["actions"] == ["submit"]
    assert a.post(f"{url}/actions/submit", {}, content_type="application/json").json()["state"] == "submitted"
    assert officer.post(f"{url}/actions/accept", {}, content_type="application/json").json()["state"] == "accepted"
    body = officer.post(f"{url}/assign", {"verifier_id": world.orgs["verifier_assigned"].pk},
                        content_type="application/json").json()  # fmt: skip
    assert body["state"] == "in_verification" and body["verifier"] == "核查机构甲"
    assert verifier.post(f"{url}/findings", {"severity": "observation", "body": "抽样核对发票"},
                         content_type="application/json").status_code == 201  # fmt: skip
    upload = SimpleUploadedFile("statement.pdf", PDF, content_type="application/pdf")
    assert verifier.post(f"{url}/statement", {"file": upload}).status_code == 201
    body = verifier.post(f"{url}/verify", {"verified_kg": 1_230_000, "opinion": "无保留意见"},
                         content_type="application/json").json()  # fmt: skip
    assert body["state"] == "verified" and body["verified_kg"] == 1_230_000
    body = officer.post(f"{url}/actions/publish", {}, content_type="application/json").json()
    assert body["state"] == "published"
    assert [e["action"] for e in body["events"]][-1] == "publish"
    public = Client().get(f"{API}/public/disclosures").json()["items"]
    assert [(r["enterprise"], r["total_kg"]) for r in public] == [("甲企业（机密名称A）", 1_230_000)]


def test_editing_a_submitted_report_is_409_and_unchanged(world):
    version = drive(world, "submitted")
    response = world.client("enterprise_a").patch(f"{API}/versions/{version.pk}", {"boundary": "x"},
                                                  content_type="application/json")  # fmt: skip
    assert response.status_code == 409 and response.json()["code"] == "report_immutable"
    assert "不能编辑" in response.json()["message"] or "cannot be edited" in response.json()["message"]
    assert ReportVersion.objects.get(pk=version.pk).boundary == ""


def test_editing_a_published_report_is_409_in_english_too(world):
    version = drive(world, "published")
    response = world.client("enterprise_a").patch(f"{API}/versions/{version.pk}", {"boundary": "x"},
                                                  content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "cannot be edited" in response.json()["message"]


def test_the_other_verifier_cannot_act_and_learns_nothing(world):
    version = drive(world, "in_verification")
    client = world.client("verifier_other")
    url = f"{API}/versions/{version.pk}"
    attempts = ((f"{url}/verify", {"verified_kg": 1}), (f"{url}/findings", {"severity": "material", "body": "x"}),
                (f"{url}/actions/return", {"reason": "x"}))  # fmt: skip
    for path, data in attempts:
        response = client.post(path, data, content_type="application/json")
        assert response.status_code == 404, path
        assert "甲企业" not in response.content.decode()
    upload = SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf")
    assert client.post(f"{url}/statement", {"file": upload}).status_code == 404
    assert ReportVersion.objects.get(pk=version.pk).state == "in_verification"


def test_a_statement_that_is_not_a_pdf_is_a_400_and_nothing_is_stored(world):
    version = drive(world, "in_verification")
    fake = SimpleUploadedFile("statement.pdf", b"\x89PNG\r\n\x1a\n....", content_type="application/pdf")
    response = world.client("verifier_assigned").post(f"{API}/versions/{version.pk}/statement", {"file": fake})
    assert response.status_code == 400 and response.json()["code"] == "invalid_file"
    assert not Statement.objects.exists()


def test_bad_input_is_a_clear_4xx(world):
    a = world.client("enterprise_a")
    org = world.orgs["enterprise_a"].pk
    # A year outside the platform's window is refused at the API boundary, before the service.
    response = a.post(f"{API}/reports", {"enterprise_id": org, "year": 1999}, content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert a.post(f"{API}/reports", {"enterprise_id": org, "year": 2025, "kind": "weekly"},
                  content_type="application/json").status_code == 400  # fmt: skip
    assert a.post(f"{API}/reports", {"enterprise_id": org, "year": 2025, "kind": "temporary"},
                  content_type="application/json").status_code == 400  # fmt: skip
    assert a.post(f"{API}/reports", {"enterprise_id": world.orgs["enterprise_b"].pk, "year": 2025},
                  content_type="application/json").status_code == 403  # fmt: skip
    version = drive(world, "submitted")
    officer = world.client("bureau_officer")
    response = officer.post(f"{API}/versions/{version.pk}/actions/return", {"reason": ""},
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "reason" in response.json()["details"]
    assert officer.post(f"{API}/versions/{version.pk}/actions/fly", {}, content_type="application/json"
                        ).status_code == 400  # fmt: skip
    assert officer.post(f"{API}/versions/{version.pk}/assign", {"verifier_id": world.orgs["verifier_assigned"].pk},
                        content_type="application/json").status_code == 409  # not accepted yet  # fmt: skip
    officer.post(f"{API}/versions/{version.pk}/actions/accept", {}, content_type="application/json")
    response = officer.post(f"{API}/versions/{version.pk}/assign", {"verifier_id": world.orgs["bank_with_consent"].pk},
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and ReportVersion.objects.get(pk=version.pk).state == "accepted"


def test_restatement_over_http_gives_a_diff(world):
    version = drive(world, "published")
    client = world.client("enterprise_a")
    assert client.post(f"{API}/versions/{version.pk}/restate", {"reason": ""},
                       content_type="application/json").status_code == 422  # fmt: skip
    response = client.post(f"{API}/versions/{version.pk}/restate", {"reason": "更正排放因子"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201
    new = response.json()
    assert new["number"] == 2 and new["previous_id"] == version.pk and new["state"] == "draft"
    diff = client.get(f"{API}/versions/{new['id']}/diff").json()
    assert diff["from"] == version.pk  # accounting has no data here, so the figures went away
    assert any(t["key"] == "total_kg" for t in diff["totals"])
    assert client.get(f"{API}/versions/{version.pk}/diff").status_code == 404


def test_due_and_overview(world):
    drive(world, "submitted")
    check_matrix(world, f"{API}/overview", BUREAU, api=True)
    body = world.client("bureau_officer").get(f"{API}/overview?year=2025").json()
    assert body["total"] == 2 and body["disclosed"] == 0
    assert [r["enterprise"] for r in body["review_queue"]] == ["甲企业（机密名称A）"]
    check_matrix(world, f"{API}/due", set(PERSONAS) - {"anonymous"}, api=True)


def test_due_filings_come_a_page_at_a_time_in_the_order_of_the_deadline_list(world):
    from tanxin.disclosure import queries

    drive(world, "submitted")
    rows = queries.due(world.users["bureau_officer"])
    expected = [(r.enterprise.pk, r.item.rule.code, r.item.due.isoformat()) for r in rows]
    assert expected
    client = world.client("bureau_officer")
    whole = client.get(f"{API}/due?limit=500").json()
    assert whole["count"] == len(expected)
    assert [(r["enterprise_id"], r["rule"], r["due"]) for r in whole["items"]] == expected
    first = client.get(f"{API}/due?limit=1").json()
    assert first["count"] == len(expected) and first["items"] == whole["items"][:1]
    past = client.get(f"{API}/due?offset={len(expected)}").json()
    assert past["count"] == len(expected) and past["items"] == []


def test_the_history_of_a_report_is_a_page_of_its_versions_newest_first(world):
    version = drive(world, "submitted")
    page = world.client("enterprise_a").get(f"{API}/versions/{version.pk}/history").json()
    assert page["count"] == 1 and [v["id"] for v in page["items"]] == [version.pk]
    assert world.client("enterprise_b").get(f"{API}/versions/{version.pk}/history").status_code == 404


def test_public_endpoints_need_no_login_and_show_published_figures_only(world):
    drive(world, "verified")
    check_matrix(world, f"{API}/public/disclosures", set(PERSONAS), api=True)
    assert Client().get(f"{API}/public/disclosures").json()["items"] == []
    org = world.orgs["enterprise_a"].pk
    assert Client().get(f"{API}/public/enterprises/{org}").status_code == 404
    version = ReportVersion.objects.get()
    world.client("bureau_officer").post(f"{API}/versions/{version.pk}/actions/publish", {},
                                        content_type="application/json")  # fmt: skip
    drive(world, "verified", year=2024, total=900_000)
    body = Client().get(f"{API}/public/enterprises/{org}").json()
    assert body["trend_kg"] == {"2025": 1_234_000}
    assert Client().get(f"{API}/public/disclosures?year=2024").json()["items"] == []
    assert Client().get(f"{API}/public/disclosures?q=Alpha").json()["count"] == 1
    assert len(Client().get(f"{API}/public/disclosures?industry=C").json()["items"]) == 1
    assert Client().get(f"{API}/public/disclosures?industry=M").json()["count"] == 0


def test_pdf_and_xlsx_through_the_api_follow_the_gate(world):
    version = drive(world, "draft")
    for suffix, magic in (("report.pdf", b"%PDF"), ("report.xlsx", b"PK\x03\x04")):
        check_matrix(world, f"{API}/versions/{version.pk}/{suffix}", BUREAU | {"enterprise_a"}, api=True)
        assert world.client("enterprise_a").get(f"{API}/versions/{version.pk}/{suffix}").content.startswith(magic)
