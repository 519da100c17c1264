"""The disclosure routes still without a persona matrix: opening a report, the report page's buttons (workflow
steps, assignment, comments, findings, statements, verification, refresh, restatement) and their API twins,
a version's history and diff, the verified figure, and the public portal's enterprise and open data. Every
refused persona gets 403/404 and the report stays as it was."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanxin.disclosure import services
from tanxin.disclosure.models import Finding, Report, ReportVersion, ReviewComment, Statement, WorkflowEvent
from tests.disclosure.support import PDF, drive
from tests.personas import PERSONAS, check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure"
BUREAU = ["bureau_admin", "bureau_officer"]
ENTERPRISE_A = ["enterprise_a", "enterprise_a_member"]
READERS_OF_A = [*BUREAU, *ENTERPRISE_A, "bank_with_consent"]
_years = itertools.count(2001)


@pytest.fixture(autouse=True)
def _fresh_years():
    """One report per target, a fresh data year each time, from 2001 again in every test (a new database)."""
    global _years
    _years = itertools.count(2001)


def _maker(world, state: str):
    return lambda: drive(world, state, year=next(_years)).pk


def _state(pk: int) -> str:
    return ReportVersion.objects.get(pk=pk).state


def _page(path: str, body: dict | None = None):
    return lambda client, pk: client.post(f"/disclosure/v/{pk}/{path}/", body or {})


def _api(path: str, body: dict | None = None):
    return lambda client, pk: client.post(f"{API}/versions/{pk}/{path}", body or {}, content_type="application/json")


# ---------------------------------------------------------------- opening a report


def _reports_of_a(year: int) -> int:
    return Report.objects.filter(enterprise__uscc__contains="MA5A0001", year=year).count()


def test_only_enterprise_as_people_open_its_report_in_the_api(world):
    a = world.orgs["enterprise_a"].pk
    check_write_matrix(world, ENTERPRISE_A, lambda: next(_years),
                       lambda client, year: client.post(f"{API}/reports", {"enterprise_id": a, "year": year},
                                                        content_type="application/json"),
                       _reports_of_a, 1, ok_status=(201,))  # fmt: skip


def test_the_new_report_form_is_for_enterprises_and_opens_a_draft_for_its_own_people(world):
    check_matrix(world, "/disclosure/new/", [*ENTERPRISE_A, "enterprise_b"], refused=["superuser"])
    a = world.orgs["enterprise_a"].pk

    def send(client, year):
        return client.post("/disclosure/new/", {"enterprise": a, "year": year, "kind": "annual"})

    year = next(_years)
    # Enterprise B's form offers only B: A's id is not a choice it has, so the form refuses it on its field.
    tampered = world.client("enterprise_b").post("/disclosure/new/", {"enterprise": a, "year": year, "kind": "annual"})
    assert tampered.status_code == 400 and _reports_of_a(year) == 0
    for persona in ENTERPRISE_A:
        year = next(_years)
        response = send(world.client(persona), year)
        assert response.status_code == 302 and _reports_of_a(year) == 1, persona
        assert response["Location"].startswith("/disclosure/v/")


# ---------------------------------------------------------------- workflow buttons on the report page


STEPS = [
    ("draft", "act/submit", None, ENTERPRISE_A, "submitted"),
    ("submitted", "act/accept", None, BUREAU, "accepted"),
    ("submitted", "act/return", {"reason": "请补充边界说明"}, BUREAU, "returned"),
    ("verified", "act/publish", None, BUREAU, "published"),
]


@pytest.mark.parametrize(("state", "path", "body", "allowed", "after"), STEPS, ids=[s[1] for s in STEPS])
def test_each_workflow_button_is_pressed_only_by_its_personas(world, state, path, body, allowed, after):
    check_write_matrix(world, allowed, _maker(world, state), _page(path, body), _state, after, ok_status=(302,),
                       api=False)  # fmt: skip


def test_only_the_bureau_assigns_the_verifier_on_the_page(world):
    verifier = world.orgs["verifier_assigned"].pk
    check_write_matrix(world, BUREAU, _maker(world, "accepted"), _page("assign", {"verifier": verifier}), _state,
                       "in_verification", ok_status=(302,), api=False)  # fmt: skip


# ---------------------------------------------------------------- comments


def _comments(pk: int) -> int:
    return ReviewComment.objects.filter(version_id=pk).count()


def test_the_enterprise_and_the_bureau_comment_on_a_draft_on_the_page_and_in_the_api(world):
    writers = [*ENTERPRISE_A, *BUREAU]
    check_write_matrix(world, writers, _maker(world, "draft"), _page("comment", {"body": "请核对三月电量"}),
                       _comments, 1, ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(world, writers, _maker(world, "draft"), _api("comments", {"body": "请核对三月电量"}),
                       _comments, 1, ok_status=(201,))  # fmt: skip


# ---------------------------------------------------------------- verification


def _findings(pk: int) -> int:
    return Finding.objects.filter(version_id=pk).count()


def test_only_the_assigned_verifier_records_a_finding_on_the_page_and_in_the_api(world):
    body = {"severity": "observation", "body": "三月电量与发票不符"}
    check_write_matrix(world, ["verifier_assigned"], _maker(world, "in_verification"), _page("finding", body),
                       _findings, 1, ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(world, ["verifier_assigned"], _maker(world, "in_verification"), _api("findings", body),
                       _findings, 1, ok_status=(201,))  # fmt: skip


def _open_finding(world) -> Finding:
    pk = drive(world, "in_verification", year=next(_years)).pk
    return services.add_finding(world.users["verifier_assigned"], pk, "observation", "三月电量与发票不符")


def _resolved(finding: Finding) -> bool:
    finding.refresh_from_db()
    return finding.resolved


def test_only_the_assigned_verifier_resolves_a_finding_on_the_page_and_in_the_api(world):
    check_write_matrix(world, ["verifier_assigned"], lambda: _open_finding(world),
                       lambda client, f: client.post(f"/disclosure/v/{f.version_id}/finding/{f.pk}/resolve/"),
                       _resolved, True, ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(world, ["verifier_assigned"], lambda: _open_finding(world),
                       lambda client, f: client.post(f"{API}/findings/{f.pk}/resolve"), _resolved, True)  # fmt: skip


def test_only_the_assigned_verifier_uploads_a_statement_on_the_page(world):
    def send(client, pk):
        upload = SimpleUploadedFile("statement.pdf", PDF, content_type="application/pdf")
        return client.post(f"/disclosure/v/{pk}/statement/", {"file": upload})

    check_write_matrix(world, ["verifier_assigned"], _maker(world, "in_verification"), send,
                       lambda pk: Statement.objects.filter(version_id=pk).count(), 1, ok_status=(302,),
                       api=False)  # fmt: skip


def test_only_the_assigned_verifier_verifies_on_the_page(world):
    def prepare():
        pk = drive(world, "in_verification", year=next(_years)).pk
        services.upload_statement(world.users["verifier_assigned"], pk, "statement.pdf", PDF)
        return pk

    check_write_matrix(world, ["verifier_assigned"], prepare, _page("verify", {"verified_t": "1234.000",
                       "opinion": "无保留意见"}), _state, "verified", ok_status=(302,), api=False)  # fmt: skip
    verified = ReportVersion.objects.filter(state="verified").first()
    assert verified is not None and verified.figure_kg == 1_234_000


# ---------------------------------------------------------------- refresh and restatement


def _refreshes(pk: int) -> int:
    return WorkflowEvent.objects.filter(version_id=pk, action="refresh").count()


def test_only_enterprise_as_people_refresh_a_draft_on_the_page_and_in_the_api(world):
    check_write_matrix(world, ENTERPRISE_A, _maker(world, "draft"), _page("refresh"), _refreshes, 1,
                       ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(world, ENTERPRISE_A, _maker(world, "draft"), _api("refresh"), _refreshes, 1)


def _restated(pk: int) -> bool:
    return ReportVersion.objects.filter(previous_id=pk).exists()


def test_the_enterprise_and_the_bureau_restate_a_published_report_on_the_page_and_in_the_api(world):
    restaters = [*ENTERPRISE_A, *BUREAU]
    check_write_matrix(world, restaters, _maker(world, "published"), _page("restate", {"reason": "发现漏报排放源"}),
                       _restated, True, ok_status=(302,), api=False)  # fmt: skip
    check_write_matrix(world, restaters, _maker(world, "published"), _api("restate", {"reason": "发现漏报排放源"}),
                       _restated, True, ok_status=(201,))  # fmt: skip


# ---------------------------------------------------------------- reads


def _numbers(body) -> list[int]:
    return [v["number"] for v in (body["items"] if isinstance(body, dict) else body)]


def test_a_versions_history_and_diff_are_for_those_who_see_the_report(world):
    published = drive(world, "published", year=next(_years))
    new = services.restate(world.users["enterprise_a"], published.pk, "发现漏报排放源")
    # The restatement is a working draft: its own people and the bureau see it, a partner bank does not yet.
    for path in ("history", "diff"):
        check_matrix(world, f"{API}/versions/{new.pk}/{path}", [*BUREAU, *ENTERPRISE_A], api=True)
    assert _numbers(world.client("bureau_officer").get(f"{API}/versions/{new.pk}/history").json()) == [2, 1]
    assert world.client("enterprise_a").get(f"{API}/versions/{new.pk}/diff").status_code == 200
    # The published version: the consenting bank and the verifier that verified it see it too, not the draft.
    check_matrix(world, f"{API}/versions/{published.pk}/history", [*READERS_OF_A, "verifier_assigned"], api=True)
    assert _numbers(world.client("bank_with_consent").get(f"{API}/versions/{published.pk}/history").json()) == [1]


def test_the_verified_figure_is_for_those_who_see_the_enterprise(world):
    year = next(_years)
    drive(world, "verified", year=year, total=2_000_567)
    a = world.orgs["enterprise_a"].pk
    check_matrix(world, f"{API}/enterprises/{a}/verified-emissions/{year}", READERS_OF_A, api=True)
    body = world.client("bank_with_consent").get(f"{API}/enterprises/{a}/verified-emissions/{year}").json()
    assert (body["year"], body["kg"], body["tonnes"]) == (year, 2_000_000, 2000)  # the verifier's figure


def test_the_public_portal_shows_a_published_enterprise_and_its_open_data_to_anybody(world):
    year = next(_years)
    drive(world, "published", year=year)
    a = world.orgs["enterprise_a"]
    check_matrix(world, f"{API}/public/enterprises/{a.pk}", PERSONAS, api=True)
    assert a.name_zh in str(world.client("anonymous").get(f"{API}/public/enterprises/{a.pk}").json())
    check_matrix(world, "/disclosure/public/open-data.csv", PERSONAS)
    response = world.client("anonymous").get("/disclosure/public/open-data.csv")
    assert a.name_zh in b"".join(response.streaming_content).decode()
