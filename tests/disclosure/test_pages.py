"""Disclosure pages × personas: allowed, or refused without a leak, never a 500; workflow by form posts."""

import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tanxin.disclosure.models import ReportVersion
from tests.disclosure.support import PDF, drive
from tests.personas import PERSONAS, check_matrix

pytestmark = pytest.mark.django_db

BUREAU = {"bureau_admin", "bureau_officer"}
SIGNED_IN = set(PERSONAS) - {"anonymous"}


def test_the_report_list_is_for_signed_in_users_and_shows_only_their_reports(world):
    drive(world, "draft")
    check_matrix(world, "/disclosure/", SIGNED_IN)
    assert "甲企业" in world.client("enterprise_a").get("/disclosure/").content.decode()
    for persona in ("enterprise_b", "verifier_other", "bank_with_consent", "bank_without_consent", "expert"):
        assert "甲企业" not in world.client(persona).get("/disclosure/").content.decode(), persona


@pytest.mark.parametrize("suffix", ["", "report.xlsx"])
def test_a_draft_page_is_for_its_enterprise_and_the_bureau(world, suffix):
    version = drive(world, "draft")
    check_matrix(world, f"/disclosure/v/{version.pk}/{suffix}", BUREAU | {"enterprise_a"},
                 secret="甲企业" if not suffix else None)  # fmt: skip


def test_a_report_in_verification_is_never_shown_to_the_other_verifier(world):
    version = drive(world, "in_verification")
    allowed = BUREAU | {"enterprise_a", "verifier_assigned", "bank_with_consent"}
    check_matrix(world, f"/disclosure/v/{version.pk}/", allowed, secret="甲企业")
    page = world.client("verifier_assigned").get(f"/disclosure/v/{version.pk}/").content.decode()
    assert 'data-testid="verification"' in page


def test_the_edit_page_is_for_the_enterprise_only(world):
    version = drive(world, "draft")
    check_matrix(world, f"/disclosure/v/{version.pk}/edit/", {"enterprise_a"}, secret="甲企业")


def test_the_bureau_overview_is_for_bureau_staff(world):
    drive(world, "submitted")
    check_matrix(world, "/disclosure/bureau/", BUREAU)
    check_matrix(world, "/disclosure/bureau/overview.xlsx", BUREAU)
    page = world.client("bureau_officer").get("/disclosure/bureau/?year=2025").content.decode()
    assert "甲企业" in page and "福田企业" not in page


def test_the_workflow_through_the_forms(world):
    version = drive(world, "draft")
    a, officer, verifier = (world.client(p) for p in ("enterprise_a", "bureau_officer", "verifier_assigned"))
    base = f"/disclosure/v/{version.pk}"
    texts = {"boundary": "法人边界内全部设施", "reduction_targets": "", "reduction_actions": "",
             "methodology_notes": "", "quality_statement": ""}  # fmt: skip
    response = a.post(f"{base}/edit/", texts)
    assert response.status_code == 302
    assert a.post(f"{base}/act/submit/").status_code == 302
    response = a.post(f"{base}/edit/", {"boundary": "改"})
    assert response.status_code == 409  # submitted: frozen
    assert officer.post(f"{base}/act/return/", {"reason": ""}).status_code == 400
    assert officer.post(f"{base}/act/accept/").status_code == 302
    assert officer.post(f"{base}/assign/", {"verifier": world.orgs["verifier_assigned"].pk}).status_code == 302
    bad = SimpleUploadedFile("statement.pdf", b"GIF89a....", content_type="application/pdf")
    response = verifier.post(f"{base}/statement/", {"file": bad})
    assert response.status_code == 400 and "PDF" in response.content.decode()
    good = SimpleUploadedFile("statement.pdf", PDF, content_type="application/pdf")
    assert verifier.post(f"{base}/statement/", {"file": good}).status_code == 302
    assert world.client("verifier_other").post(f"{base}/verify/", {"verified_t": "1.5"}).status_code == 404
    assert verifier.post(f"{base}/verify/", {"verified_t": "1234.5", "opinion": "合理保证"}).status_code == 302
    assert officer.post(f"{base}/act/publish/").status_code == 302
    version = ReportVersion.objects.get(pk=version.pk)
    assert (version.state, version.verified_kg, version.boundary) == ("published", 1_234_500, "法人边界内全部设施")
    assert a.post(f"{base}/edit/", {"boundary": "x"}).status_code == 409
    response = a.post(f"{base}/restate/", {"reason": "补录发票"})
    assert response.status_code == 302
    assert ReportVersion.objects.filter(previous=version).exists()


def test_the_public_portal_needs_no_login_and_shows_published_reports_only(world):
    drive(world, "verified")
    drive(world, "published", enterprise="enterprise_b")
    check_matrix(world, "/disclosure/public/", set(PERSONAS))
    page = Client().get("/disclosure/public/").content.decode()
    assert "乙企业" in page and "甲企业" not in page
    a, b = world.orgs["enterprise_a"].pk, world.orgs["enterprise_b"].pk
    check_matrix(world, f"/disclosure/public/{a}/", set(), secret="甲企业")
    check_matrix(world, f"/disclosure/public/{b}/", set(PERSONAS))
    page = Client().get(f"/disclosure/public/{b}/").content.decode()
    assert 'id="trend-data"' in page and "echarts-5.6.0.min.js" in page and "<script>" not in page
    assert Client().get("/disclosure/public/?q=Beta").content.decode().count("乙企业") >= 1
    assert "乙企业" not in Client().get("/disclosure/public/?year=2019").content.decode()
    csv_body = b"".join(Client().get("/disclosure/public/open-data.csv").streaming_content).decode("utf-8-sig")
    assert "乙企业" in csv_body and "甲企业" not in csv_body
    assert csv_body.splitlines()[0].startswith("enterprise_id,enterprise")


def test_the_public_portal_speaks_english(world):
    drive(world, "published", enterprise="enterprise_b")
    english = Client()
    english.cookies["tanxin_language"] = "en"  # what the language switch sets
    assert "Public carbon disclosures" in english.get("/disclosure/public/").content.decode()
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/disclosure/public/").content.decode()
    assert "公开" in page  # Chinese by default, whatever the browser asks


def test_the_pdf_renders_with_chinese_text(world):
    version = drive(world, "published")
    response = world.client("enterprise_a").get(f"/disclosure/v/{version.pk}/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
        assert "甲企业（机密名称A）" in text.decode()
    check_matrix(world, f"/disclosure/v/{version.pk}/report.pdf",
                 BUREAU | {"enterprise_a", "bank_with_consent", "verifier_assigned"})  # fmt: skip


def test_the_admin_lists_versions_read_only(world):
    version = drive(world, "published")
    client = Client()
    client.force_login(world.users["superuser"])
    assert client.get("/admin/disclosure/reportversion/").status_code == 200
    assert client.get(f"/admin/disclosure/reportversion/{version.pk}/change/").status_code == 200
    assert client.get("/admin/disclosure/workflowevent/").status_code == 200


def test_the_statement_download_follows_the_report_gate(world):
    version = drive(world, "verified")
    statement = version.statements.get()
    url = f"/disclosure/v/{version.pk}/statement/{statement.pk}/"
    check_matrix(world, url, BUREAU | {"enterprise_a", "verifier_assigned", "bank_with_consent"})
    body = b"".join(world.client("enterprise_a").get(url).streaming_content)
    assert body == PDF
