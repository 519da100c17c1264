"""Matchmaking writes on a real database: catalogue check, posting with consent, grab slots, answers,
disbursements within the approval, use of proceeds, meetings; refusals leave nothing behind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tanxin.common.errors import Conflict, DomainError, PermissionDenied
from tanxin.matchmaking import facts
from tanxin.matchmaking.models import Addressee, FinancingRequest, Match, Product, Step
from tanxin.matchmaking.services import catalogue, grab, outcomes
from tanxin.matchmaking.services.grab import Answer
from tanxin.orgs.models import ConsentGrant, Notification, Organisation
from tests.matchmaking.builders import MONDAY, WAN, approve, market, payout, post, product_data, publish
from tests.personas import _org, _user

pytestmark = pytest.mark.django_db


def test_a_product_is_published_only_after_the_bureau_checks_it(world):
    data = product_data(jurisdiction_id=world.jurisdictions["440305"].pk)
    p = catalogue.create_product(world.users["bank_with_consent"], data)
    assert not Product.objects.published().filter(pk=p.pk).exists()
    with pytest.raises(Conflict):
        catalogue.check_product(world.users["bureau_officer"], p.pk, publish=True)
    catalogue.submit_product(world.users["bank_with_consent"], p.pk)
    with pytest.raises(PermissionDenied):
        catalogue.check_product(world.users["bank_with_consent"], p.pk, publish=True)
    catalogue.check_product(world.users["bureau_officer"], p.pk, publish=True)
    assert Product.objects.published().filter(pk=p.pk).exists()


def test_a_product_with_min_above_max_is_refused_in_chinese_and_not_saved(world):
    data = product_data(jurisdiction_id=world.jurisdictions["440305"].pk, min_amount_fen=900 * WAN,
                        max_amount_fen=100 * WAN)  # fmt: skip
    with pytest.raises(DomainError) as caught:
        catalogue.create_product(world.users["bank_with_consent"], data)
    assert caught.value.code == "product_min_above_max"
    assert "最低金额高于最高金额" in str(caught.value.message)
    assert not Product.objects.exists()


def test_posting_matches_ranks_and_reuses_or_creates_consents(world):
    market(world)
    consents = ConsentGrant.objects.count()
    r = post(world, banks=("bank_with_consent", "bank_without_consent"))
    assert r.status == "matched" and r.ref.startswith("RZ2026-")
    # enterprise A already consented to one bank (reused) and now consents to the other (created)
    assert ConsentGrant.objects.count() == consents + 1
    ranked = list(Match.objects.filter(request=r).values_list("product__provider__name_zh", flat=True))
    assert ranked[0] == "有授权银行"  # the pledge product first: the enterprise offers allowances, green purpose
    assert Addressee.objects.filter(request=r).count() == 2
    assert Notification.objects.filter(kind="matchmaking.broadcast").exists()
    assert list(Step.objects.filter(request=r).values_list("action", flat=True)) == ["posted", "matched"]


def test_a_request_out_of_range_is_refused_and_nothing_is_recorded(world):
    market(world)
    with pytest.raises(DomainError) as caught:
        post(world, amount=10)
    assert caught.value.code == "request_amount_range"
    assert not FinancingRequest.objects.exists() and not Step.objects.exists()


def test_a_fourth_bank_is_refused_and_a_lapsed_slot_passes_on_and_alerts_the_bureau(world):
    extra = []
    for i in range(3):
        bank = _org("bank", f"银行{i}", world.jurisdictions["440300"], f"MB9K000{i}")
        world.users[f"bank{i}"] = _user(f"bank{i}", bank, "officer")
        world.orgs[f"bank{i}"] = bank
        publish(world, f"bank{i}")
        extra.append(f"bank{i}")
    publish(world, "bank_with_consent")
    r = post(world, banks=("bank_with_consent", *extra))
    for persona in ("bank0", "bank1", "bank2"):
        grab.accept(world.users[persona], r.pk, today=MONDAY)
    with pytest.raises(Conflict) as caught:
        grab.accept(world.users["bank_with_consent"], r.pk, today=MONDAY)
    assert caught.value.code == "slots_full" and "前 3 家" in str(caught.value.message)
    grab.respond(world.users["bank1"], r.pk, Answer(False, decline_code="weak_cash_flow"), today=MONDAY)
    lapsed = grab.expire_due(date(2026, 3, 10))
    assert sorted(b for _ref, b in lapsed) == sorted([world.orgs["bank0"].pk, world.orgs["bank2"].pk])
    bureau_users = {world.users["bureau_admin"].pk, world.users["bureau_officer"].pk}
    assert bureau_users <= set(Notification.objects.filter(kind="matchmaking.slot_expired")
                               .values_list("user_id", flat=True))  # fmt: skip
    grab.accept(world.users["bank_with_consent"], r.pk, today=date(2026, 3, 10))  # the freed slot
    with pytest.raises(Conflict) as caught:
        grab.accept(world.users["bank0"], r.pk, today=date(2026, 3, 10))
    assert caught.value.code == "slot_expired"


def test_disbursements_never_exceed_the_approval_and_a_replay_is_harmless(world):
    market(world)
    r = post(world)
    approve(world, r.pk, amount=2000 * WAN)
    bank = world.users["bank_with_consent"]
    first = outcomes.disburse(bank, r.pk, payout(1500 * WAN))
    assert outcomes.disburse(bank, r.pk, payout(1500 * WAN)).pk == first.pk
    with pytest.raises(DomainError) as caught:
        outcomes.disburse(bank, r.pk, payout(600 * WAN, "PAY-2"))
    assert caught.value.code == "above_approved" and "5,000,000.00" in str(caught.value.message)
    with pytest.raises(Conflict):
        outcomes.disburse(bank, r.pk, payout(100 * WAN))  # same reference, other content
    r.refresh_from_db()
    assert (r.status, r.disbursed_fen) == ("disbursed", 1500 * WAN)
    totals = facts.station_totals({world.jurisdictions["440305"].pk})
    assert (totals.disbursed_fen, totals.green_fen, totals.enterprises, totals.approved_fen) == (
        1500 * WAN, 1500 * WAN, 1, 2000 * WAN)  # fmt: skip
    assert (totals.requests, totals.matched, totals.accepted, totals.approved, totals.disbursed) == (1, 1, 1, 1, 1)
    assert facts.station_totals({world.jurisdictions["440304"].pk}).disbursed_fen == 0


def test_a_decline_needs_a_reason_code_and_the_timeline_names_each_actor(world):
    market(world)
    r = post(world)
    bank = world.users["bank_with_consent"]
    grab.accept(bank, r.pk, today=MONDAY)
    with pytest.raises(DomainError) as caught:
        grab.respond(bank, r.pk, Answer(False, decline_code="???"), today=MONDAY)
    assert caught.value.details == {"decline_code": [caught.value.message]}
    grab.respond(bank, r.pk, Answer(False, decline_code="credit_history"), today=MONDAY)
    steps = list(Step.objects.filter(request=r).values_list("action", "actor__username", "org__name_zh"))
    bank_steps = [("accepted", "bank_with_consent", "有授权银行"), ("declined", "bank_with_consent", "有授权银行")]
    assert steps[-2:] == bank_steps
    assert FinancingRequest.objects.get(pk=r.pk).status == "declined"


def test_waiting_lists_for_the_bank_and_the_enterprise(world):
    market(world)
    r = post(world)
    bank_id = world.orgs["bank_with_consent"].pk
    assert [x.ref for x in facts.requests_waiting_for_bank(bank_id)] == [r.ref]
    assert facts.requests_waiting_for_bank(world.orgs["bank_without_consent"].pk) == []
    assert [x.status for x in facts.open_requests_for_enterprises([world.orgs["enterprise_a"].pk])] == ["matched"]
    ConsentGrant.objects.filter(grantee_id=bank_id).update(revoked_at=MONDAY.isoformat() + "T00:00:00+08:00")
    assert facts.requests_waiting_for_bank(bank_id) == []


def test_only_the_enterprise_reports_the_use_of_proceeds(world):
    market(world)
    r = post(world)
    approve(world, r.pk)
    d = outcomes.disburse(world.users["bank_with_consent"], r.pk, payout(100 * WAN))
    with pytest.raises(DomainError):
        outcomes.report_use(world.users["bank_with_consent"], d.pk, 50, "进度")
    report = outcomes.report_use(world.users["enterprise_a"], d.pk, 40, "设备已到货", ("invoice.pdf", b"%PDF-1.4 x"))
    assert report.evidence_sha256 and Step.objects.filter(request=r, action="use_reported").exists()


def test_the_bureau_records_a_meeting_with_the_requests_discussed(world):
    market(world)
    r = post(world)
    m = outcomes.create_meeting(world.users["bureau_officer"], outcomes.MeetingInput(
        world.jurisdictions["440305"].pk, "首次政银企对接会", date(2026, 3, 5),
        bank_ids=(world.orgs["bank_with_consent"].pk,), enterprise_ids=(world.orgs["enterprise_a"].pk,),
        request_ids=(r.pk,)))  # fmt: skip
    assert list(m.requests.all()) == [r] and Step.objects.filter(request=r, action="discussed").exists()
    with pytest.raises(PermissionDenied):
        outcomes.create_meeting(world.users["enterprise_a"], outcomes.MeetingInput(
            world.jurisdictions["440305"].pk, "x", date(2026, 3, 5)))  # fmt: skip
    assert Organisation.objects.filter(kind="bank").count() == 2


def test_a_station_loan_is_claimed_for_with_its_facts_filled_in(world):
    from tanxin.matchmaking.services import subsidy as claims
    from tanxin.support.models import FinancingClaim
    from tests.support.test_financing_subsidy import EVIDENCE, make_subsidy_scheme

    market(world)
    r = post(world)
    approve(world, r.pk, amount=2000 * WAN)
    d = outcomes.disburse(world.users["bank_with_consent"], r.pk, payout(2000 * WAN, on=date(2025, 1, 2)))
    scheme = make_subsidy_scheme(world)
    app = claims.claim(world.users["enterprise_a"], scheme.pk, world.orgs["enterprise_a"].pk,
                       [f"matchmaking:{d.pk}"], date(2025, 1, 2), date(2025, 7, 1), EVIDENCE)  # fmt: skip
    line = FinancingClaim.objects.get(application=app)
    # 20,000,000 CNY at 3.90 % for 180 days, actual/360: 390,000 CNY interest; half is claimed
    assert (line.lender, line.principal_fen, line.interest_fen) == ("有授权银行", 2000 * WAN, 390_000_00)
    assert app.requested_fen == 195_000_00


def test_the_daily_task_expires_lapsed_slots(world):
    from tanxin.matchmaking import tasks

    market(world)
    r = post(world)
    grab.accept(world.users["bank_with_consent"], r.pk, today=date(2020, 1, 6))
    assert tasks.expire_slots.call() == 1
    assert Addressee.objects.get(request=r, bank=world.orgs["bank_with_consent"]).slot == "expired"


def test_emissions_before_and_after_are_shown_per_10000_cny_only_with_data(world, monkeypatch):
    from tanxin.accounting.facts import YearTotal
    from tanxin.matchmaking import impact

    market(world)
    r = post(world)
    approve(world, r.pk, amount=2000 * WAN)
    outcomes.disburse(world.users["bank_with_consent"], r.pk, payout(2000 * WAN, on=date(2025, 3, 3)))
    first = impact.impact(r)
    assert (first.green_fen, first.disbursed_fen, first.change_per_wan) == (2000 * WAN, 2000 * WAN, None)
    # accounting's trend stands in for an inventory: 2024 before the money, 2026 after it (kgCO2e)
    trend = (YearTotal(2024, 52_000_000), YearTotal(2026, 48_000_000))
    monkeypatch.setattr(impact.accounting, "emission_trend", lambda enterprise_id, years: trend)
    after = impact.impact(r)
    # −4,000 t over 20,000,000 CNY = 2,000 × 10,000 CNY → −2 t per 10,000 CNY
    assert (after.before_year, after.after_year, after.change_per_wan) == (2024, 2026, Decimal("-2.000"))
