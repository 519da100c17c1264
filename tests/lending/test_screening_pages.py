"""Screening pages: the permission matrix of every page, and what each persona sees on them."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tanxin.lending.models import ConsentRequest, CreditRecord, ScorecardVersion, Visit
from tanxin.lending.services import screening_contacts as contacts
from tanxin.registry import services as registry
from tests.personas import check_matrix
from tests.registry.fixtures import build_registry

STAFF = {"bureau_admin", "bureau_officer"}
BANKS = {"bank_with_consent", "bank_without_consent"}
SEATED = STAFF | BANKS | {"enterprise_a", "enterprise_b", "verifier_assigned", "verifier_other", "expert"}
SECRET = "甲企业"


@pytest.fixture(autouse=True)
def _fresh_registry_caches():
    registry.forget_caches()
    yield
    registry.forget_caches()


@pytest.fixture
def screened(world):
    build_registry(world, allocate_a=40_000)
    admin = world.users["bureau_admin"]
    a = world.orgs["enterprise_a"]
    registry.set_obligation(admin, a.pk, 2024, 30_000, reason="verified")
    visit = contacts.schedule_visit(admin, a.pk, date(2026, 1, 15), "碳资产摸底")
    return world, visit


def test_the_list_is_for_the_bureau_and_banks_and_never_leaks_a_card_to_others(screened):
    world, _visit = screened
    url = reverse("lending:screening")
    check_matrix(world, url, STAFF | BANKS, secret=SECRET)
    assert SECRET.encode() not in world.client("bank_without_consent").get(url).content
    assert "甲企业".encode() in world.client("bank_with_consent").get(url).content
    assert "甲企业".encode() in world.client("bureau_officer").get(url).content


def test_the_card_is_seen_by_the_bureau_the_enterprise_and_the_consenting_bank_only(screened):
    world, _visit = screened
    a = world.orgs["enterprise_a"].pk
    for name in ("lending:screening_card", "lending:screening_profile"):
        check_matrix(world, reverse(name, args=[a]), STAFF | {"enterprise_a", "bank_with_consent"}, secret="甲企业")


def test_the_card_shows_the_carbon_position_and_explains_every_score(screened):
    world, _visit = screened
    url = reverse("lending:screening_card", args=[world.orgs["enterprise_a"].pk])
    page = world.client("bank_with_consent").get(url)
    html = page.content.decode()
    plain = html.replace(",", "")
    assert 'data-testid="explain"' in html and 'data-testid="pledgeable">40000<' in plain  # read from the registry
    assert "<td>2024</td>" in html and ">30000<" in plain  # the settled year's verified emissions
    assert 'data-testid="no-application"' in html


def test_recording_pages_are_for_the_bureau_and_the_enterprise_itself(screened):
    world, _visit = screened
    a = world.orgs["enterprise_a"].pk
    for name in ("lending:screening_credit_new", "lending:screening_financials_new"):
        check_matrix(world, reverse(name, args=[a]), STAFF | {"enterprise_a"})


def test_visit_and_outreach_forms_are_for_the_bureau_and_the_consenting_bank(screened):
    world, visit = screened
    a = world.orgs["enterprise_a"].pk
    check_matrix(world, reverse("lending:screening_visit_new", args=[a]), STAFF | {"bank_with_consent"})
    check_matrix(world, reverse("lending:screening_outreach_new", args=[a]), STAFF | {"bank_with_consent"})
    check_matrix(world, reverse("lending:screening_visit_report", args=[visit.pk]), STAFF)


def test_lists_of_requests_visits_and_scorecards_need_a_seat(screened):
    world, _visit = screened
    for name in ("lending:screening_consents", "lending:screening_activity", "lending:screening_scorecards"):
        check_matrix(world, reverse(name), SEATED)


def test_activity_shows_a_visit_only_to_those_who_may_see_the_enterprise(screened):
    world, _visit = screened
    url = reverse("lending:screening_activity")
    assert "碳资产摸底".encode() in world.client("bureau_admin").get(url).content
    assert "碳资产摸底".encode() in world.client("bank_with_consent").get(url).content
    for persona in ("bank_without_consent", "enterprise_b", "verifier_assigned"):
        assert "碳资产摸底".encode() not in world.client(persona).get(url).content


def test_the_workbook_keeps_numbers_as_numbers(screened):
    world, _visit = screened
    response = world.client("bureau_admin").get(reverse("lending:screening") + "?format=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2  # header + enterprise A, the only key emission-control unit in Nanshan
    rank, name, _uscc, _band, score, *_rest = rows[1]
    assert rank == 1 and isinstance(score, (int, float)) and name.startswith("甲企业")
    assert isinstance(rows[1][11], int) and rows[1][11] == 40_000


def test_the_profile_is_a_real_pdf(screened):
    world, _visit = screened
    response = world.client("bank_with_consent").get(
        reverse("lending:screening_profile", args=[world.orgs["enterprise_a"].pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_a_credit_record_posted_by_the_enterprise_feeds_its_card(screened):
    world, _visit = screened
    a = world.orgs["enterprise_a"].pk
    client = world.client("enterprise_a")
    url = reverse("lending:screening_credit_new", args=[a])
    bad = client.post(url, {"kind": "env_credit", "value": "", "as_of": "2026-01-01"})
    assert bad.status_code == 400 and not CreditRecord.objects.exists()
    future = client.post(url, {"kind": "env_credit", "value": "red", "as_of": "2999-01-01"})
    assert future.status_code == 400 and "未来".encode() in future.content
    ok = client.post(url, {"kind": "env_credit", "value": "red", "as_of": "2026-01-01"})
    assert ok.status_code == 302
    card = client.get(reverse("lending:screening_card", args=[a])).content.decode()
    assert 'data-testid="knockouts"' in card and "环境信用" in card


def test_a_bank_asks_for_consent_and_the_enterprise_accepts_on_the_platform(screened):
    world, _visit = screened
    b = world.orgs["enterprise_b"]
    bank = world.client("bank_without_consent")
    response = bank.post(reverse("lending:screening_consents"), {"uscc": b.uscc, "purpose": "授信调查"})
    assert response.status_code == 302
    req = ConsentRequest.objects.get()
    assert world.client("bank_without_consent").get(reverse("lending:screening_card", args=[b.pk])).status_code == 404
    world.client("enterprise_b").post(reverse("lending:screening_consent_answer", args=[req.pk]),
                                      {"decision": "accept"})
    req.refresh_from_db()
    assert req.status == "accepted" and req.consent is not None
    assert world.client("bank_without_consent").get(reverse("lending:screening_card", args=[b.pk])).status_code == 200


def test_the_bureau_saves_and_activates_a_new_scorecard_version(screened):
    world, _visit = screened
    client = world.client("bureau_admin")
    bad = client.post(reverse("lending:screening_scorecards"), {"config": '{"pillar_weights": {"carbon": 99}}'})
    assert bad.status_code == 400 and not ScorecardVersion.objects.exists()
    import json

    from tanxin.lending.services.screening import default_config

    ok = client.post(reverse("lending:screening_scorecards"), {"config": json.dumps(default_config()), "note": "2026"})
    assert ok.status_code == 302
    version = ScorecardVersion.objects.get()
    client.post(reverse("lending:screening_activate", args=[version.pk]))
    version.refresh_from_db()
    assert version.status == "active"
    card = client.get(reverse("lending:screening_card", args=[world.orgs["enterprise_a"].pk])).content.decode()
    assert "评分卡第 1 版" in card or "version 1" in card.lower()


def test_a_visit_report_feeds_the_green_pillar_with_its_date(screened):
    world, visit = screened
    client = world.client("bureau_officer")
    url = reverse("lending:screening_visit_report", args=[visit.pk])
    assert client.post(url, {"visited_on": "2026-01-15", "findings": "", "rating": "good"}).status_code == 400
    ok = client.post(url, {"visited_on": "2026-01-15", "findings": "能源管理规范", "rating": "good"})
    assert ok.status_code == 302
    assert Visit.objects.get().status == "completed"
    card = client.get(reverse("lending:screening_card", args=[world.orgs["enterprise_a"].pk])).content.decode()
    assert "2026-01-15" in card


ENGLISH_HEADINGS = ("Carbon position", "Explain this score", "Pledge capacity", "Knock-outs", "Credit status",
                    "Financial capacity", "On-site visits", "Outreach log", "Enterprise screening", "No data")


def test_chinese_pages_show_no_english_headings_and_english_pages_no_chinese_ones(screened):
    world, _visit = screened
    a = world.orgs["enterprise_a"].pk
    client = world.client("bureau_admin")
    for url in (reverse("lending:screening"), reverse("lending:screening_card", args=[a]),
                reverse("lending:screening_scorecards"), reverse("lending:screening_activity")):
        html = client.get(url).content.decode()
        assert not [h for h in ENGLISH_HEADINGS if h in html], url
    client.cookies["tanxin_language"] = "en"
    html = client.get(reverse("lending:screening_card", args=[a])).content.decode()
    assert "Explain this score" in html and "评分说明" not in html
