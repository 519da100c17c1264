"""The matchmaking API as every persona: typed bodies, the shared error shape in the user's language, and the
permission matrix for every operation."""

from __future__ import annotations

import json

import pytest

from tanxin.matchmaking.models import Addressee, FinancingRequest, Product
from tanxin.matchmaking.services import catalogue
from tests.matchmaking.builders import WAN, approve, market, post, product_data
from tests.personas import check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
API = "/api/v1/matchmaking"
STAFF = ("bureau_admin", "bureau_officer")
BANKS = ("bank_with_consent", "bank_without_consent")
EVERYONE = (*STAFF, "enterprise_a", "enterprise_b", *BANKS, "verifier_assigned", "verifier_other", "expert",
            "anonymous")  # fmt: skip
SIGNED_IN = tuple(p for p in EVERYONE if p != "anonymous")
SECRET = "余热回收改造"


@pytest.fixture
def posted(world):
    market(world)
    return post(world)


def test_public_reads_are_open_and_name_no_enterprise(world, posted):
    check_matrix(world, f"{API}/catalogue", EVERYONE, api=True)
    check_matrix(world, f"{API}/summary", EVERYONE, api=True)
    body = world.client("anonymous").get(f"{API}/summary").json()
    assert body["requests"] == 1 and "甲企业" not in json.dumps(body, ensure_ascii=False)
    assert world.client("anonymous").get(f"{API}/catalogue").json()["count"] == 2


def test_request_reads_follow_the_gate(world, posted):
    check_matrix(world, f"{API}/requests/{posted.pk}", (*STAFF, "enterprise_a", "bank_with_consent"), api=True,
                 secret=SECRET)  # fmt: skip
    check_matrix(world, f"{API}/requests/{posted.pk}/matches", (*STAFF, "enterprise_a", "bank_with_consent"),
                 api=True)  # fmt: skip
    check_matrix(world, f"{API}/requests/{posted.pk}/disbursements", (*STAFF, "enterprise_a", "bank_with_consent"),
                 api=True)  # fmt: skip
    check_matrix(world, f"{API}/requests", SIGNED_IN, api=True, secret=SECRET)
    for persona, count in (("enterprise_b", 0), ("bank_without_consent", 0), ("bank_with_consent", 1),
                           ("bureau_officer", 1), ("verifier_assigned", 0)):  # fmt: skip
        assert world.client(persona).get(f"{API}/requests").json()["count"] == count, persona
    check_matrix(world, f"{API}/products", SIGNED_IN, api=True)


def test_a_bank_sees_only_its_own_match_and_answer(world, posted):
    detail = world.client("bank_with_consent").get(f"{API}/requests/{posted.pk}").json()
    assert {m["provider"] for m in detail["matches"]} == {"有授权银行"}
    assert [a["bank"] for a in detail["addressees"]] == ["有授权银行"]
    assert detail["matches"][0]["reasons"] and "贴息" in " ".join(detail["matches"][0]["reasons"])


def test_statistics_are_for_bureau_staff(world, posted):
    approve(world, posted.pk)
    check_matrix(world, f"{API}/statistics", STAFF, api=True)
    body = world.client("bureau_officer").get(f"{API}/statistics?start=2020-01-01").json()
    assert (body["requests"], body["approved"], body["approved_fen"]) == (1, 1, 2000 * WAN)


def test_posting_a_request_is_for_the_enterprise_admin_only(world):
    market(world)
    payload = {"enterprise_id": world.orgs["enterprise_a"].pk, "amount_fen": 3000 * WAN, "term_months": 12,
               "purpose": "节能改造", "collateral": ["allowances"],
               "bank_ids": [world.orgs["bank_with_consent"].pk]}  # fmt: skip
    check_write_matrix(world, ["enterprise_a"], prepare=lambda: payload,
                       send=lambda c, p: c.post(f"{API}/requests", p, content_type="application/json"),
                       observe=lambda p: FinancingRequest.objects.count(), expected_after=1,
                       ok_status=(201,))  # fmt: skip


def test_bad_input_gets_a_clear_error_in_chinese_and_nothing_is_saved(world):
    market(world)
    client = world.client("enterprise_a")
    bad = {"enterprise_id": world.orgs["enterprise_a"].pk, "amount_fen": 3000 * WAN, "term_months": 999,
           "purpose": "扩产"}  # fmt: skip
    response = client.post(f"{API}/requests", bad, content_type="application/json")
    body = response.json()
    assert response.status_code == 400 and body["code"] == "request_term_range"
    assert "期限" in body["message"] and not FinancingRequest.objects.exists()
    product = {**product_data(min_amount_fen=900 * WAN, max_amount_fen=100 * WAN),
               "jurisdiction_id": world.jurisdictions["440305"].pk}  # fmt: skip
    response = world.client("bank_with_consent").post(f"{API}/products", product, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "product_min_above_max"
    assert Product.objects.count() == 2


def test_accept_answer_and_disburse_through_the_api(world, posted):
    bank = world.client("bank_with_consent")
    assert bank.post(f"{API}/requests/{posted.pk}/accept").json()["slot"] == "engaged"
    again = bank.post(f"{API}/requests/{posted.pk}/accept")
    assert again.status_code == 409 and again.json()["code"] == "already_accepted"
    answer = {"approve": True, "amount_fen": 2000 * WAN, "rate_ppm": 39_000, "term_months": 12}
    assert bank.post(f"{API}/requests/{posted.pk}/answer", answer, content_type="application/json").json()[
        "outcome"] == "approved"  # fmt: skip
    over = {"amount_fen": 2500 * WAN, "paid_on": "2026-03-03", "reference": "P-9"}
    refused = bank.post(f"{API}/requests/{posted.pk}/disbursements", over, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "above_approved"
    ok = {"amount_fen": 2000 * WAN, "paid_on": "2026-03-03", "reference": "P-9", "green_category": "energy_retrofit"}
    paid = bank.post(f"{API}/requests/{posted.pk}/disbursements", ok, content_type="application/json")
    assert paid.status_code == 201


def test_only_the_reached_bank_accepts_and_only_staff_check_products(world):
    market(world)
    check_write_matrix(world, ["bank_with_consent"], prepare=lambda: post(world),
                       send=lambda c, r: c.post(f"{API}/requests/{r.pk}/accept"),
                       observe=lambda r: Addressee.objects.get(request=r, bank__name_zh="有授权银行").slot,
                       expected_after="engaged")  # fmt: skip

    def submitted():
        p = catalogue.create_product(world.users["bank_with_consent"],
                                     product_data(jurisdiction_id=world.jurisdictions["440305"].pk))  # fmt: skip
        return catalogue.submit_product(world.users["bank_with_consent"], p.pk)

    check_write_matrix(world, list(STAFF), prepare=submitted,
                       send=lambda c, p: c.post(f"{API}/products/{p.pk}/check", {"publish": True},
                                                content_type="application/json"),
                       observe=lambda p: Product.objects.get(pk=p.pk).status, expected_after="published")  # fmt: skip


def test_only_the_enterprise_withdraws_and_only_the_engaged_bank_answers(world):
    market(world)
    check_write_matrix(world, ["enterprise_a"], prepare=lambda: post(world),
                       send=lambda c, r: c.post(f"{API}/requests/{r.pk}/withdraw"),
                       observe=lambda r: FinancingRequest.objects.get(pk=r.pk).status,
                       expected_after="withdrawn")  # fmt: skip

    def engaged():
        from tanxin.matchmaking.services import grab

        r = post(world)
        grab.accept(world.users["bank_with_consent"], r.pk)
        return r

    decline = {"approve": False, "decline_code": "weak_cash_flow"}
    check_write_matrix(world, ["bank_with_consent"], prepare=engaged,
                       send=lambda c, r: c.post(f"{API}/requests/{r.pk}/answer", decline,
                                                content_type="application/json"),
                       observe=lambda r: Addressee.objects.get(request=r, bank__name_zh="有授权银行").outcome,
                       expected_after="declined")  # fmt: skip


def test_only_banks_create_products_and_only_the_approving_bank_disburses(world):
    market(world)
    payload = {**product_data(), "jurisdiction_id": world.jurisdictions["440305"].pk}
    check_write_matrix(world, list(BANKS), prepare=lambda: payload,
                       send=lambda c, p: c.post(f"{API}/products", p, content_type="application/json"),
                       observe=lambda p: Product.objects.filter(status="draft").count() > 0, expected_after=True,
                       ok_status=(201,))  # fmt: skip


def test_submitting_a_product_is_for_its_bank(world):
    def draft():
        return catalogue.create_product(world.users["bank_with_consent"],
                                        product_data(jurisdiction_id=world.jurisdictions["440305"].pk))  # fmt: skip

    check_write_matrix(world, ["bank_with_consent"], prepare=draft,
                       send=lambda c, p: c.post(f"{API}/products/{p.pk}/submit"),
                       observe=lambda p: Product.objects.get(pk=p.pk).status, expected_after="submitted")  # fmt: skip


def test_disbursing_is_for_the_approving_bank(world):
    market(world)

    def approved():
        r = post(world)
        approve(world, r.pk)
        return r

    money = {"amount_fen": 100 * WAN, "paid_on": "2026-03-03", "reference": "API-1"}
    check_write_matrix(world, ["bank_with_consent"], prepare=approved,
                       send=lambda c, r: c.post(f"{API}/requests/{r.pk}/disbursements",
                                                {**money, "reference": f"API-{r.pk}"}, content_type="application/json"),
                       observe=lambda r: FinancingRequest.objects.get(pk=r.pk).disbursed_fen,
                       expected_after=100 * WAN, ok_status=(201,))  # fmt: skip


def test_meetings_and_claimable_loans(world, posted):
    from datetime import date

    from tanxin.matchmaking.services import outcomes

    outcomes.create_meeting(world.users["bureau_officer"], outcomes.MeetingInput(
        world.jurisdictions["440305"].pk, "首次政银企对接会", date(2021, 6, 18),
        bank_ids=(world.orgs["bank_with_consent"].pk,), request_ids=(posted.pk,)))  # fmt: skip
    check_matrix(world, f"{API}/meetings", SIGNED_IN, api=True)
    page = world.client("bank_with_consent").get(f"{API}/meetings").json()
    assert [m["title"] for m in page["items"]] == ["首次政银企对接会"] and page["count"] == 1
    assert world.client("enterprise_b").get(f"{API}/meetings").json() == {"count": 0, "limit": 50, "offset": 0,
                                                                           "items": []}  # fmt: skip
    check_matrix(world, f"{API}/subsidy/loans", ("enterprise_a", "enterprise_b"), api=True,
                 refused=("enterprise_a_member",))  # fmt: skip
    approve(world, posted.pk)
    payout = outcomes.Payout(100 * WAN, date(2026, 3, 3), "X-1", "energy_retrofit")
    outcomes.disburse(world.users["bank_with_consent"], posted.pk, payout)
    loans = world.client("enterprise_a").get(f"{API}/subsidy/loans").json()
    assert [(x["lender"], x["green"]) for x in loans["items"]] == [("有授权银行", True)] and loans["count"] == 1


def test_matches_and_disbursements_answer_pages_of_the_asked_size(world, posted):
    staff = world.client("bureau_officer")
    first = staff.get(f"{API}/requests/{posted.pk}/matches", {"limit": 1}).json()
    assert (first["count"], first["limit"], first["offset"]) == (1, 1, 0)
    assert [m["provider"] for m in first["items"]] == ["有授权银行"]
    beyond = staff.get(f"{API}/requests/{posted.pk}/matches", {"limit": 1, "offset": 1}).json()
    assert (beyond["count"], beyond["items"]) == (1, [])
    approve(world, posted.pk)
    bank = world.client("bank_with_consent")
    for ref, day in (("P-1", "2026-03-04"), ("P-2", "2026-03-03")):
        body = {"amount_fen": 100 * WAN, "paid_on": day, "reference": ref}
        assert bank.post(f"{API}/requests/{posted.pk}/disbursements", body,
                         content_type="application/json").status_code == 201  # fmt: skip
    first = staff.get(f"{API}/requests/{posted.pk}/disbursements", {"limit": 1}).json()
    assert first["count"] == 2 and [d["reference"] for d in first["items"]] == ["P-2"]
    assert staff.get(f"{API}/requests/{posted.pk}/matches", {"limit": 10_000}).status_code == 422


def test_meetings_and_disbursements_sync_by_updated_since(world, posted):
    from datetime import date, timedelta

    from django.utils import timezone

    from tanxin.matchmaking.services import outcomes

    start = (timezone.now() - timedelta(seconds=1)).isoformat()
    outcomes.create_meeting(world.users["bureau_officer"], outcomes.MeetingInput(
        world.jurisdictions["440305"].pk, "首次政银企对接会", date(2021, 6, 18),
        bank_ids=(world.orgs["bank_with_consent"].pk,), request_ids=(posted.pk,)))  # fmt: skip
    approve(world, posted.pk)
    outcomes.disburse(world.users["bank_with_consent"], posted.pk,
                      outcomes.Payout(100 * WAN, date(2026, 3, 3), "X-1", "energy_retrofit"))  # fmt: skip
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    staff = world.client("bureau_officer")
    for path in ("/meetings", f"/requests/{posted.pk}/disbursements"):
        assert staff.get(f"{API}{path}", {"updated_since": start}).json()["count"] == 1, path
        assert staff.get(f"{API}{path}", {"updated_since": tomorrow}).json()["count"] == 0, path
