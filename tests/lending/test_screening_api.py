"""Screening API: the permission matrix of every operation, typed answers and refusals in the user's language."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from tanxin.lending.domain.scorecard import DEFAULT_CONFIG
from tanxin.lending.models import ConsentRequest, CreditRecord, ScorecardVersion
from tanxin.lending.services import screening as services
from tanxin.lending.services import screening_contacts as contacts
from tanxin.registry import services as registry
from tests.personas import PERSONAS, check_matrix
from tests.registry.fixtures import build_registry

API = "/api/v1/lending/screening"
STAFF = {"bureau_admin", "bureau_officer"}
BANKS = {"bank_with_consent", "bank_without_consent"}
SEATED = set(PERSONAS) - {"anonymous"}


@pytest.fixture(autouse=True)
def _fresh_registry_caches():
    registry.forget_caches()
    yield
    registry.forget_caches()


@pytest.fixture
def world_a(world):
    build_registry(world, allocate_a=20_000)
    registry.set_obligation(world.users["bureau_admin"], world.orgs["enterprise_a"].pk, 2024, 15_000, reason="v")
    return world


def test_the_list_answers_the_bureau_and_banks_and_hides_non_consenting_enterprises(world_a):
    statuses = check_matrix(world_a, f"{API}/enterprises", STAFF | BANKS, api=True, secret="甲企业")
    assert statuses["anonymous"] == 401
    page = world_a.client("bank_without_consent").get(f"{API}/enterprises").json()
    assert page == {"count": 0, "limit": 50, "offset": 0, "items": []}
    item = world_a.client("bank_with_consent").get(f"{API}/enterprises").json()["items"][0]
    assert item["enterprise_id"] == world_a.orgs["enterprise_a"].pk and item["holdings_t"] == 20_000


def test_the_card_answers_only_those_who_may_see_the_enterprise(world_a):
    a = world_a.orgs["enterprise_a"].pk
    check_matrix(world_a, f"{API}/enterprises/{a}", STAFF | {"enterprise_a", "bank_with_consent"}, api=True,
                 secret="甲企业")  # fmt: skip
    card = world_a.client("enterprise_a").get(f"{API}/enterprises/{a}").json()
    assert card["scorecard_version"] == 0 and card["unconfirmed"] is True
    factors = [f for p in card["pillars"] for f in p["factors"]]
    surplus = next(f for f in factors if f["code"] == "surplus_ratio")
    assert surplus["source"] == "registry" and surplus["reference"] == "2024"
    assert card["history"][0]["obligation_t"] == 15_000
    assert card["sizing"]["problem"] == "no_prices" and card["sizing"]["max_loan_fen"] is None


def test_credit_and_financial_records_are_written_by_the_bureau_or_the_enterprise(world_a):
    a = world_a.orgs["enterprise_a"].pk
    body = {"kind": "tax_credit", "value": "A", "as_of": "2025-06-30"}
    # The enterprise's admin and members write its records; the superuser passes the gate on every row.
    writers = STAFF | {"enterprise_a", "enterprise_a_member", "superuser"}
    check_matrix(world_a, f"{API}/enterprises/{a}/credit-records", writers, method="post", data=body, api=True,
                 ok_status=(201,))  # fmt: skip
    assert CreditRecord.objects.count() == 5
    fin = {"period_end": "2024-12-31", "revenue_fen": 10**10, "net_profit_fen": -10**8, "total_assets_fen": 10**11,
           "total_liabilities_fen": 5 * 10**10}  # fmt: skip
    check_matrix(world_a, f"{API}/enterprises/{a}/financials", writers, method="post", data=fin, api=True,
                 ok_status=(201,))  # fmt: skip


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "tax_credit", "value": "Z", "as_of": "2025-06-30"}, 400, "value"),
        ({"kind": "env_credit", "value": "red", "as_of": "2999-01-01"}, 400, "as_of"),
        ({"kind": "overdue_loans", "value": "-1", "as_of": "2025-06-30"}, 400, "value"),
        ({"kind": "overdue_loans", "value": "1", "as_of": "2025-06-30", "amount_fen": -5}, 422, "amount_fen"),
        ({"kind": "lucky", "value": "A", "as_of": "2025-06-30"}, 422, "kind"),
    ],
)
def test_bad_credit_records_are_refused_in_chinese_and_nothing_is_saved(world_a, body, status, field):
    a = world_a.orgs["enterprise_a"].pk
    response = world_a.client("bureau_officer").post(f"{API}/enterprises/{a}/credit-records", body,
                                                     content_type="application/json")  # fmt: skip
    assert response.status_code == status
    answer = response.json()
    assert set(answer) == {"code", "message", "details"} and field in str(answer["details"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer["message"])
    assert not CreditRecord.objects.exists()


def test_consent_requests_flow_and_each_step_belongs_to_its_party(world_a):
    b = world_a.orgs["enterprise_b"]
    check_matrix(world_a, f"{API}/consent-requests", SEATED, api=True)
    check_matrix(world_a, f"{API}/consent-requests", BANKS, method="post", api=True, ok_status=(201,),
                 data={"uscc": b.uscc, "purpose": "授信调查"})  # fmt: skip
    first = ConsentRequest.objects.get(bank=world_a.orgs["bank_with_consent"])
    check_matrix(world_a, f"{API}/consent-requests/{first.pk}/answer", {"enterprise_b"}, method="post",
                 data={"accept": True}, api=True)  # fmt: skip
    first.refresh_from_db()
    assert first.status == "accepted" and first.consent.grantee_id == world_a.orgs["bank_with_consent"].pk
    second = ConsentRequest.objects.get(bank=world_a.orgs["bank_without_consent"])
    check_matrix(world_a, f"{API}/consent-requests/{second.pk}/withdraw", {"bank_without_consent"}, method="post",
                 api=True)  # fmt: skip
    again = world_a.client("bank_with_consent").post(f"{API}/consent-requests", {"uscc": b.uscc, "purpose": "x"},
                                                     content_type="application/json")  # fmt: skip
    assert again.status_code == 409  # consent already given


def test_a_declined_request_gives_no_consent_and_a_pending_one_cannot_be_repeated(world_a):
    b = world_a.orgs["enterprise_b"]
    bank = world_a.users["bank_without_consent"]
    req = contacts.request_consent(bank, b.uscc, "授信调查")
    with pytest.raises(contacts.Conflict):
        contacts.request_consent(bank, b.uscc, "授信调查")
    contacts.answer_consent(world_a.users["enterprise_b"], req.pk, False, "暂无融资需求")
    req.refresh_from_db()
    assert req.status == "declined" and req.consent is None and req.decline_reason == "暂无融资需求"
    assert world_a.client("bank_without_consent").get(f"{API}/enterprises/{b.pk}").status_code == 404


def test_visits_and_outreach_are_written_by_the_bureau_and_the_consenting_bank(world_a):
    a = world_a.orgs["enterprise_a"].pk
    check_matrix(world_a, f"{API}/visits", SEATED, api=True)
    check_matrix(world_a, f"{API}/visits", STAFF | {"bank_with_consent"}, method="post", api=True, ok_status=(201,),
                 data={"enterprise_id": a, "scheduled_for": "2026-03-01", "purpose": "走访"})  # fmt: skip
    visit = contacts.Visit.objects.filter(bank__isnull=True).first()
    check_matrix(world_a, f"{API}/visits/{visit.pk}/report", STAFF, method="post", api=True,
                 data={"visited_on": "2026-03-01", "findings": "良好", "rating": "good"})  # fmt: skip
    check_matrix(world_a, f"{API}/outreach", SEATED, api=True)
    check_matrix(world_a, f"{API}/outreach", STAFF | {"bank_with_consent"}, method="post", api=True, ok_status=(201,),
                 data={"enterprise_id": a, "topic_kind": "product", "topic": "碳配额质押贷款", "channel": "meeting",
                       "told_on": "2026-01-05"})  # fmt: skip


def test_a_visit_to_an_enterprise_outside_the_key_list_is_refused(world_a):
    b = world_a.orgs["enterprise_b"].pk
    response = world_a.client("bureau_admin").post(f"{API}/visits", {"enterprise_id": b, "scheduled_for": "2026-03-01",
                                                   "purpose": "走访"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "重点排放单位" in response.json()["message"]


def test_scorecard_versions_are_drafted_and_activated_by_the_bureau_only(world_a):
    check_matrix(world_a, f"{API}/scorecards", SEATED, api=True)
    check_matrix(world_a, f"{API}/scorecards", STAFF, method="post", api=True, ok_status=(201,),
                 data={"config": DEFAULT_CONFIG, "note": "2026"})  # fmt: skip
    first = ScorecardVersion.objects.order_by("version").first()
    check_matrix(world_a, f"{API}/scorecards/{first.pk}/activate", STAFF, method="post", api=True,
                 ok_status=(200, 409))  # fmt: skip
    first.refresh_from_db()
    assert first.status == "active"
    a = world_a.orgs["enterprise_a"].pk
    assert world_a.client("bank_with_consent").get(f"{API}/enterprises/{a}").json()["scorecard_version"] == 1
    second = ScorecardVersion.objects.get(version=2)
    world_a.client("bureau_admin").post(f"{API}/scorecards/{second.pk}/activate")
    first.refresh_from_db()
    assert first.status == "retired"  # the previous active version is kept, never edited


def test_an_invalid_scorecard_is_refused_with_every_problem_named(world_a):
    config = copy.deepcopy(DEFAULT_CONFIG)
    config["pillar_weights"]["carbon"] = 40
    config["bands"][0]["ltv_cap"] = "1.5"
    response = world_a.client("bureau_admin").post(f"{API}/scorecards", {"config": config},
                                                   content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    problems = response.json()["details"]["config"]
    assert any("100" in p for p in problems) and any("质押率上限" in p for p in problems)
    assert not ScorecardVersion.objects.exists()


def test_the_enterprise_cannot_record_for_another_and_a_bank_cannot_record_at_all(world_a):
    with pytest.raises(contacts.NotFound):
        services.record_credit(world_a.users["enterprise_b"], world_a.orgs["enterprise_a"].pk, "tax_credit", "A",
                               date(2025, 1, 1))  # fmt: skip
    with pytest.raises(contacts.PermissionDenied):
        services.record_credit(world_a.users["bank_with_consent"], world_a.orgs["enterprise_a"].pk, "tax_credit",
                               "A", date(2025, 1, 1))  # fmt: skip


def test_the_enterprise_is_told_of_a_request_and_the_bank_of_the_answer(world_a):
    from tanxin.orgs.models import Notification

    b = world_a.orgs["enterprise_b"]
    req = contacts.request_consent(world_a.users["bank_without_consent"], b.uscc, "授信调查")
    to_enterprise = Notification.objects.get(user=world_a.users["enterprise_b"])
    assert "无授权银行" in to_enterprise.subject_zh and "consent" in to_enterprise.subject_en
    contacts.answer_consent(world_a.users["enterprise_b"], req.pk, True)
    to_bank = Notification.objects.get(user=world_a.users["bank_without_consent"])
    assert "乙企业" in to_bank.subject_zh
