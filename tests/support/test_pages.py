"""Support-fund pages × personas: allowed, refused without a leak, never a 500; forms show field errors."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tanxin.support.models import Application, Declaration
from tanxin.support.services import applications, results, review, schemes
from tests.personas import PERSONAS, check_matrix

from .conftest import PDF, make_scheme

pytestmark = pytest.mark.django_db
BUREAU = {"bureau_admin", "bureau_officer"}
EVERYONE = set(PERSONAS)


@pytest.fixture
def reviewing(world, experts):
    """A scheme under review: enterprise A's application assigned to all five experts."""
    scheme = make_scheme(world)
    user = world.users["enterprise_a"]
    app = applications.start_application(user, scheme.pk)
    applications.save_declaration(user, app.pk, "ACT-1", Decimal(5), "绿色贷款")
    applications.add_evidence(user, app.pk, "ACT-1", "loan.pdf", PDF)
    applications.submit(user, app.pk)
    applications.formal_check(world.users["bureau_officer"], app.pk, "complete")
    schemes.move(world.users["bureau_admin"], scheme.pk, "closed")
    schemes.move(world.users["bureau_admin"], scheme.pk, "reviewing")
    review.assign(world.users["bureau_officer"], app.pk, [e.pk for e in experts])
    return scheme, app


def test_bureau_pages_are_for_bureau_staff_only(world):
    scheme = make_scheme(world, code="SECRET-CODE", open_it=False)
    for url in (
        f"/support/schemes/{scheme.pk}/",
        f"/support/schemes/{scheme.pk}/edit/",
        f"/support/schemes/{scheme.pk}/criteria/new/",
        f"/support/schemes/{scheme.pk}/rules/new/",
        f"/support/schemes/{scheme.pk}/applications/",
        f"/support/schemes/{scheme.pk}/results/",
        f"/support/schemes/{scheme.pk}/results.xlsx",
        "/support/schemes/new/",
        "/support/dashboard/",
    ):
        check_matrix(world, url, BUREAU, secret="SECRET-CODE")


def test_public_pages_show_published_schemes_to_everyone_and_hide_drafts(world):
    draft = make_scheme(world, code="DRAFT-X", open_it=False, title_zh="草稿方案机密")
    opened = make_scheme(world, code="OPEN-X")
    check_matrix(world, "/support/public/", EVERYONE, secret="草稿方案机密")
    check_matrix(world, f"/support/public/{opened.pk}/", EVERYONE)
    check_matrix(world, f"/support/public/{opened.pk}/publicity/", EVERYONE)
    check_matrix(world, f"/support/public/{draft.pk}/", set())


def test_public_criteria_page_speaks_both_languages(world):
    scheme = make_scheme(world)
    client = world.client("anonymous")
    zh = client.get(f"/support/public/{scheme.pk}/?type=rd").content.decode()
    assert "碳排放信息披露" in zh and "低碳技术研发项目" in zh and "节能降碳改造项目" not in zh
    client.cookies["tanxin_language"] = "en"
    en = client.get(f"/support/public/{scheme.pk}/").content.decode()
    assert "Carbon disclosure published and verified" in en and "Green product design" in en


def test_the_application_page_is_for_its_enterprise_the_bureau_and_assigned_experts(world, reviewing):
    _scheme, app = reviewing
    secret = world.orgs["enterprise_a"].name_zh
    check_matrix(world, f"/support/applications/{app.pk}/", BUREAU | {"enterprise_a", "expert"}, secret=secret)
    evidence = app.evidence.first()
    check_matrix(world, f"/support/evidence/{evidence.pk}/", BUREAU | {"enterprise_a", "expert"})


def test_an_expert_who_declares_a_conflict_loses_sight_of_the_application(world, reviewing):
    _scheme, app = reviewing
    client = world.client("expert")
    r = client.post(f"/support/applications/{app.pk}/coi/", {"conflicted": "yes", "note": ""})
    assert (r.status_code == 400 and "reason" in r.content.decode().lower()) or "理由" in r.content.decode()
    r = client.post(f"/support/applications/{app.pk}/coi/", {"conflicted": "yes", "note": "曾任该企业顾问"})
    assert r.status_code == 302
    assert client.get(f"/support/applications/{app.pk}/").status_code == 404


def test_expert_score_sheet_form_shows_field_errors_and_saves_nothing_partial(world, reviewing):
    _scheme, app = reviewing
    client = world.client("expert")
    client.post(f"/support/applications/{app.pk}/coi/", {"conflicted": "no"})
    page = client.get(f"/support/applications/{app.pk}/").content.decode()
    assert "score_MGT-4" in page
    r = client.post(
        f"/support/applications/{app.pk}/sheet/", {"score_ENT-3": "3", "score_MGT-4": "99", "score_ACT-2": "2"}
    )
    assert r.status_code == 400
    assert not app.sheets.exists()
    r = client.post(
        f"/support/applications/{app.pk}/sheet/", {"score_ENT-3": "3", "score_MGT-4": "12", "score_ACT-2": "2"}
    )
    assert r.status_code == 302 and app.sheets.count() == 1


def test_enterprise_fills_and_submits_through_the_pages(world):
    scheme = make_scheme(world)
    client = world.client("enterprise_a")
    home = client.get("/support/").content.decode()
    assert scheme.title_zh in home
    r = client.post(f"/support/schemes/{scheme.pk}/apply/")
    app = Application.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/support/applications/{app.pk}/")
    r = client.post(f"/support/applications/{app.pk}/declare/", {"item_code": "ENT-2", "declared_points": "12"})
    assert r.status_code == 400 and not Declaration.objects.exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        f"/support/applications/{app.pk}/declare/",
        {
            "item_code": "ENT-2",
            "declared_points": "8",
            "statement": "产品获绿色设计认证",
            "file": SimpleUploadedFile("cert.pdf", PDF),
        },
    )
    assert r.status_code == 302 and Declaration.objects.get().declared_points == 8
    page = client.get(f"/support/applications/{app.pk}/").content.decode()
    assert 'data-testid="preview"' in page
    r = client.post(f"/support/applications/{app.pk}/submit/")
    app.refresh_from_db()
    assert r.status_code == 302 and app.status == "submitted"
    other = world.client("enterprise_b")
    assert other.post(f"/support/applications/{app.pk}/withdraw/").status_code == 404


def test_results_flow_pages_exports_and_publicity(world, reviewing, experts):
    scheme, app = reviewing
    for expert in experts:
        review.declare_coi(expert, app.pk, conflicted=False)
        review.submit_sheet(expert, app.pk, {"ENT-3": 3, "MGT-4": 12, "ACT-2": 2})
    admin = world.client("bureau_admin")
    r = admin.post(f"/support/schemes/{scheme.pk}/move/", {"target": "result_draft"})
    assert r.status_code == 302
    page = admin.get(f"/support/schemes/{scheme.pk}/results/").content.decode()
    assert world.orgs["enterprise_a"].name_zh in page
    r = admin.post(f"/support/applications/{app.pk}/award/", {"amount_yuan": "600000", "reason": "上调"})
    assert r.status_code == 400  # above the 500,000 CNY cap: refused with the error on the page
    xlsx = admin.get(f"/support/schemes/{scheme.pk}/results.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = admin.get(f"/support/schemes/{scheme.pk}/results.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    results.approve(world.users["bureau_admin"], scheme.pk)
    results.start_publicity(world.users["bureau_admin"], scheme.pk, timezone.localdate())
    public = world.client("anonymous").get(f"/support/public/{scheme.pk}/publicity/").content.decode()
    assert world.orgs["enterprise_a"].name_zh in public
    r = world.client("enterprise_b").post(
        f"/support/public/{scheme.pk}/objection/", {"text": "请复核", "application": app.pk}
    )
    assert r.status_code == 302
    check_matrix(world, f"/support/public/{scheme.pk}/objection/", EVERYONE - {"anonymous"})
    assert world.client("enterprise_a").get(f"/support/applications/{app.pk}/").content.decode().count("breakdown")


def test_dashboard_carries_chart_data_without_inline_script(world):
    make_scheme(world)
    page = world.client("bureau_admin").get("/support/dashboard/").content.decode()
    assert 'id="support-chart-data" type="application/json"' in page
    assert "<script>" not in page


def test_a_round_not_yet_decided_plots_no_awardees_and_says_where_it_stands(world):
    scheme = make_scheme(world)  # open for applications: no result yet
    response = world.client("bureau_admin").get("/support/dashboard/")
    year = next(y for y in response.context["chart"]["years"] if y["scheme"] == scheme.pk)
    assert year["awardees"] is None  # a gap in the line, not a zero
    assert year["label"].endswith("（申报中）")


def test_window_in_the_past_refuses_application_on_the_page(world):
    scheme = make_scheme(world, window_closes=timezone.now() + timedelta(seconds=1))
    scheme.window_closes = timezone.now() - timedelta(minutes=1)
    scheme.save()
    r = world.client("enterprise_a").post(f"/support/schemes/{scheme.pk}/apply/", follow=True)
    assert not Application.objects.exists()
    assert "时间窗口" in r.content.decode() or "window" in r.content.decode()


def test_the_scheme_designer_adds_items_with_field_errors_and_refuses_frozen_edits(world):
    draft = make_scheme(world, code="DESIGN", open_it=False)
    client = world.client("bureau_officer")
    item = {
        "position": 20,
        "code": "NEW-1",
        "category": "activities",
        "name_zh": "绿色出行",
        "name_en": "Green commuting",
        "max_points": "0",
        "method": "expert",
        "auto_rule": "",
        "expert_min": "0",
    }
    r = client.post(f"/support/schemes/{draft.pk}/criteria/new/", item)
    assert r.status_code == 400 and "field-error" in r.content.decode()
    r = client.post(f"/support/schemes/{draft.pk}/criteria/new/", {**item, "max_points": "2"})
    assert r.status_code == 302 and draft.criteria.filter(code="NEW-1").exists()
    opened = make_scheme(world, code="FROZEN")
    row = opened.criteria.first()
    r = client.post(f"/support/schemes/{opened.pk}/criteria/{row.pk}/", {**item, "code": row.code, "max_points": "1"})
    assert r.status_code == 400 and "冻结" in r.content.decode(), re.findall(
        r"field-error[^<]*<|errors[^<]*<p>[^<]*", r.content.decode()
    )
    row.refresh_from_db()
    assert row.max_points != 1
    r = client.post(f"/support/schemes/{draft.pk}/move/", {"target": "open"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"  # only the bureau admin opens a scheme; the officer's click is refused


def test_the_admin_lists_support_rows_through_the_gate_read_only(world):
    make_scheme(world, code="ADMIN-X")
    root = world.client("anonymous")
    root.force_login(world.users["superuser"])
    r = root.get("/admin/support/scheme/")
    assert r.status_code == 200 and "ADMIN-X" in r.content.decode()
    assert root.get("/admin/support/scheme/add/").status_code == 403
