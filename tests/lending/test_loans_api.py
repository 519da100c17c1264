"""The loan desk API: typed answers, a permission matrix per operation, Idempotency-Key on value-moving writes."""

from datetime import timedelta

import pytest

from tanxin.lending.models import Loan, MarginCall, Mark
from tanxin.lending.services import margin
from tests.lending.loans_support import INSTRUMENT, application, build, live_loan, set_prices
from tests.personas import check_matrix

pytestmark = pytest.mark.django_db

INSIDERS = ["bureau_admin", "bureau_officer", "enterprise_a", "bank_with_consent"]


@pytest.fixture
def lw():
    return build()


def test_a_loan_is_seen_by_its_borrower_its_bank_and_the_bureau_only(lw):
    loan = live_loan(lw)
    check_matrix(lw.world, f"/api/v1/lending/loans/{loan.pk}", INSIDERS, api=True, secret=loan.ref)
    check_matrix(lw.world, "/api/v1/lending/loans", [p for p in INSIDERS] + ["enterprise_b", "bank_without_consent",
                 "verifier_assigned", "verifier_other", "expert"], api=True)  # fmt: skip
    assert lw.world.client("bank_without_consent").get("/api/v1/lending/loans").json()["count"] == 0
    assert loan.ref not in lw.world.client("enterprise_b").get("/api/v1/lending/loans").content.decode()
    detail = lw.world.client("bank_with_consent").get(f"/api/v1/lending/loans/{loan.pk}").json()
    assert detail["state"] == "live" and detail["pledges"][0]["quantity_t"] == 400_000
    assert "repay" in detail["actions"]


def test_applying_through_the_api_refuses_bad_input_with_a_reason(lw):
    client = lw.world.client("enterprise_a")
    body = {"enterprise_id": lw.org("enterprise_a").pk, "bank_id": lw.org("bank_with_consent").pk,
            "amount_fen": 0, "term_months": 12, "purpose": "retrofit", "instrument_code": INSTRUMENT,
            "quantity_t": 100_000}  # fmt: skip
    answer = client.post("/api/v1/lending/loans", body, content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "not_positive" and answer.json()["message"]
    chinese = client.post("/api/v1/lending/loans", body, content_type="application/json",
                          headers={"Accept-Language": "zh-hans"}).json()["message"]  # fmt: skip
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese)
    body["amount_fen"] = 1_000_000_00
    created = client.post("/api/v1/lending/loans", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "applied"
    answer = lw.world.client("bank_without_consent").post("/api/v1/lending/loans", {**body, "bank_id": lw.org(
        "bank_without_consent").pk}, content_type="application/json")  # fmt: skip
    assert answer.status_code == 403 and answer.json()["code"] == "no_consent"


def test_value_moving_writes_need_an_idempotency_key_and_replay_the_first_result(lw):
    loan = live_loan(lw)
    client = lw.world.client("bank_with_consent")
    url = f"/api/v1/lending/loans/{loan.pk}/repayments"
    assert client.post(url, {"amount_fen": 100_00}, content_type="application/json").status_code == 400
    first = client.post(url, {"amount_fen": 100_00}, content_type="application/json", headers={"Idempotency-Key": "k"})
    again = client.post(url, {"amount_fen": 100_00}, content_type="application/json", headers={"Idempotency-Key": "k"})
    assert first.status_code == again.status_code == 200 and again.json()["replayed"] is True
    other = client.post(url, {"amount_fen": 200_00}, content_type="application/json", headers={"Idempotency-Key": "k"})
    assert other.status_code == 409
    assert loan.repayments.count() == 1


def test_only_the_bank_repays_and_releases_and_others_get_refused_without_a_500(lw):
    loan = live_loan(lw)
    # the bank is refused too, but for the step (a live loan is not released), the others do not find the loan
    check_matrix(lw.world, f"/api/v1/lending/loans/{loan.pk}/release", ["bank_with_consent"], ok_status=(400,),
                 method="post", api=True,
                 make_request=lambda c: c.post(f"/api/v1/lending/loans/{loan.pk}/release",
                                               content_type="application/json", headers={"Idempotency-Key": "x"}))
    # the bank may not release a live loan either: it is not at that step
    answer = lw.world.client("bank_with_consent").post(f"/api/v1/lending/loans/{loan.pk}/release",
                                                       headers={"Idempotency-Key": "y"})  # fmt: skip
    assert answer.status_code == 400 and answer.json()["code"] == "wrong_state"


def test_the_portfolio_shows_which_loans_breach_under_a_price_shock(lw):
    live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)
    margin.mark_all()
    check_matrix(lw.world, "/api/v1/lending/portfolio?shock=-35", ["bureau_admin", "bureau_officer",
                 "bank_with_consent", "bank_without_consent"], api=True)  # fmt: skip
    calm = lw.world.client("bank_with_consent").get("/api/v1/lending/portfolio").json()
    shocked = lw.world.client("bank_with_consent").get("/api/v1/lending/portfolio?shock=-60").json()
    assert calm["live"] == 1 and calm["breaching"] == 0
    assert shocked["breaching"] == 1 and shocked["loans"][0]["shocked_zone"] in ("warning", "liquidation")
    assert lw.world.client("bank_without_consent").get("/api/v1/lending/portfolio").json()["live"] == 0


def test_pledge_notices_are_public(lw):
    loan = live_loan(lw)
    answer = lw.world.client("anonymous").get("/api/v1/lending/notices")
    assert answer.status_code == 200 and answer.json()["items"][0]["notice_no"] == loan.notice_no


def test_pledge_notices_sync_by_updated_since(lw):
    loan = live_loan(lw)
    anonymous = lw.world.client("anonymous")
    before = (loan.updated_at - timedelta(seconds=1)).isoformat()
    later = (loan.updated_at + timedelta(days=1)).isoformat()
    assert anonymous.get("/api/v1/lending/notices", {"updated_since": before}).json()["count"] == 1
    assert anonymous.get("/api/v1/lending/notices", {"updated_since": later}).json() == {
        "count": 0, "limit": 50, "offset": 0, "items": []}


def test_the_valuation_answers_both_probabilities_and_the_table(lw):
    loan = application(lw)
    bank = lw.world.client("bank_with_consent")
    bank.post(f"/api/v1/lending/loans/{loan.pk}/screen", {"band": "B"}, content_type="application/json")
    answer = bank.post(f"/api/v1/lending/loans/{loan.pk}/value")
    body = answer.json()
    assert answer.status_code == 200 and body["p_daily"] <= body["p_continuous"]
    assert len(body["table"]) == 9
    assert abs(body["p_monte_carlo"] - body["p_daily"]) < 5 * body["mc_standard_error"] + 1e-3
    assert lw.world.client("enterprise_a").post(f"/api/v1/lending/loans/{loan.pk}/value").status_code == 403


def test_a_cash_cure_through_the_api_after_a_margin_call(lw):
    loan = live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)
    set_prices(last="18.00")
    margin.mark_all()
    answer = lw.world.client("bank_with_consent").post(f"/api/v1/lending/loans/{loan.pk}/cures/cash",
                                                       {"amount_fen": 1_000_000_00}, content_type="application/json",
                                                       headers={"Idempotency-Key": "cure"})  # fmt: skip
    assert answer.status_code == 200 and answer.json()["call_state"] == "cured"
    assert MarginCall.objects.get(loan=loan).state == "cured"
    assert Loan.objects.get(pk=loan.pk).cash_margin_fen == 1_000_000_00


def test_marks_and_the_disposal_simulation_follow_the_loan_permissions(lw):
    loan = live_loan(lw)
    margin.mark_all()
    check_matrix(lw.world, f"/api/v1/lending/loans/{loan.pk}/marks", INSIDERS, api=True)
    page = lw.world.client("enterprise_a").get(f"/api/v1/lending/loans/{loan.pk}/marks").json()
    assert page["count"] == 1 and page["items"][0]["zone"] in ("release", "healthy", "warning", "liquidation")
    check_matrix(lw.world, f"/api/v1/lending/loans/{loan.pk}/disposal-simulation", INSIDERS, api=True)
    sim = lw.world.client("bank_with_consent").get(f"/api/v1/lending/loans/{loan.pk}/disposal-simulation").json()
    assert sim["stressed_recovery_fen"] <= sim["expected_recovery_fen"] and sim["trading_days"] >= 1


def test_screening_takes_the_band_from_the_scorecard_when_the_bank_may_see_the_card(lw):
    from tanxin.lending.services import desk

    loan = application(lw)
    desk.screen(lw.user("bank_with_consent"), loan.pk)
    loan.refresh_from_db()
    assert loan.band_source == "scorecard" and loan.band in "ABCD" and loan.ltv_cap_bp is not None


def test_the_marks_answer_pages_of_the_asked_size_oldest_first(lw):
    loan = live_loan(lw)
    margin.mark_all()
    today = Mark.objects.get(loan=loan)
    for days in (1, 2):
        Mark.objects.create(loan=loan, on=today.on - timedelta(days=days), price_fen=today.price_fen,
                            quantity_t=today.quantity_t, debt_fen=today.debt_fen, coverage_bp=today.coverage_bp,
                            zone=today.zone)  # fmt: skip
    bank = lw.world.client("bank_with_consent")
    first = bank.get(f"/api/v1/lending/loans/{loan.pk}/marks", {"limit": 1}).json()
    assert (first["count"], first["limit"], first["offset"]) == (3, 1, 0)
    assert [m["on"] for m in first["items"]] == [(today.on - timedelta(days=2)).isoformat()]
    last = bank.get(f"/api/v1/lending/loans/{loan.pk}/marks", {"limit": 2, "offset": 2}).json()
    assert [m["on"] for m in last["items"]] == [today.on.isoformat()]
    assert bank.get(f"/api/v1/lending/loans/{loan.pk}/marks", {"limit": 0}).status_code == 422
