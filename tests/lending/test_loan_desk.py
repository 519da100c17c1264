"""The loan desk end to end on the real registry and market: each step by its owner, all-or-nothing refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tanxin.common.errors import Conflict, DomainError, PermissionDenied
from tanxin.lending.models import Event, Loan, Pledge, Valuation
from tanxin.lending.services import desk, recovery, servicing
from tanxin.registry import facts as registry_facts
from tanxin.registry.models import Hold
from tests.lending.loans_support import INSTRUMENT, application, build, contracted, live_loan, set_prices

pytestmark = pytest.mark.django_db


@pytest.fixture
def lw():
    return build()


def test_an_application_goes_from_screening_to_disbursement_with_a_registry_hold_and_a_public_notice(lw):
    loan = live_loan(lw)
    assert loan.state == "live" and loan.principal_fen == loan.amount_fen
    assert loan.maturity_on is not None and loan.rate_ppm > 0
    pledge = loan.pledges.get()
    hold = Hold.objects.get(ref=pledge.hold_ref)
    assert (hold.kind, hold.quantity, hold.pledgee_id) == ("pledge", 400_000, lw.org("bank_with_consent").pk)
    assert hold.references["pboc_registration"] == f"PBOC-2026-{loan.pk:03d}" == loan.registration_no
    assert Loan.objects.public_notices().filter(pk=loan.pk).exists()
    actions = list(Event.objects.filter(loan=loan).values_list("action", flat=True))
    assert actions == ["apply", "screen", "value", "approve", "contract", "register_pledge", "disburse"]
    assert loan.documents.filter(kind="contract").exists()
    v = Valuation.objects.get(loan=loan)
    assert v.price_fen <= v.close_fen and v.price_fen <= v.vwap_fen and v.max_loan_fen >= loan.amount_fen


def test_repayment_pays_interest_first_then_release_lifts_the_hold_and_the_loan_closes(lw):
    loan = live_loan(lw)
    bank = lw.user("bank_with_consent")
    later = timezone.localdate() + timedelta(days=90)
    due = servicing.accrued(loan, later)
    assert due > 0
    first = servicing.repay(bank, loan.pk, due + 100_000_00, on=later, key="r1")
    assert first["interest_fen"] == due and first["principal_paid_fen"] == 100_000_00
    assert servicing.repay(bank, loan.pk, due + 100_000_00, on=later, key="r1")["replayed"] is True
    loan.refresh_from_db()
    rest = loan.principal_fen
    servicing.repay(bank, loan.pk, rest, on=later, key="r2")
    loan.refresh_from_db()
    assert loan.state == "repaid" and loan.principal_fen == 0
    with pytest.raises(PermissionDenied):
        servicing.release(lw.user("enterprise_a"), loan.pk)  # only the pledgee bank
    servicing.release(bank, loan.pk, key="rel")
    assert Hold.objects.get(ref=loan.pledges.get().hold_ref).status == "released"
    servicing.close(bank, loan.pk)
    loan.refresh_from_db()
    assert loan.state == "closed"


def test_a_pledge_of_more_than_the_free_quantity_is_refused_and_nothing_is_left_behind(lw):
    first = live_loan(lw)
    assert first.quantity_t == 400_000
    bureau = lw.user("bureau_officer")
    second = contracted(lw, amount_fen=1_000_000_00, quantity_t=200_000)
    holds_before = Hold.objects.count()
    with pytest.raises(DomainError) as err:
        desk.register_pledge(bureau, second.pk, registration_no="R2", notice_no="N2", notice_date=timezone.localdate())
    assert err.value.code == "exceeds_free"
    second.refresh_from_db()
    assert second.state == "contracted" and not second.notice_published and second.registration_no == ""
    assert Hold.objects.count() == holds_before and not Pledge.objects.filter(loan=second).exists()


IN_USE = {"registration_no": "该人民银行动产融资登记编号已登记在另一笔贷款上。",
          "notice_no": "该公告编号已用于本辖区的另一笔质押。"}


@pytest.mark.parametrize("field", ["registration_no", "notice_no"])
def test_a_registration_or_notice_number_already_on_another_loan_is_refused_and_nothing_is_placed(lw, field):
    first = live_loan(lw, amount_fen=1_000_000_00, quantity_t=100_000)
    bureau = lw.user("bureau_officer")
    second = contracted(lw, amount_fen=1_000_000_00, quantity_t=100_000)
    numbers = {"registration_no": "PBOC-NEW", "notice_no": "NS-NEW"}
    numbers[field] = getattr(first, field)
    holds_before = Hold.objects.count()
    with pytest.raises(DomainError) as err:
        desk.register_pledge(bureau, second.pk, notice_date=timezone.localdate(), **numbers)
    assert err.value.code == "validation_error" and list(err.value.details) == [field]
    assert str(err.value) == IN_USE[field]  # said in the user's language
    second.refresh_from_db()
    assert second.state == "contracted" and second.registration_no == "" and Hold.objects.count() == holds_before
    desk.register_pledge(bureau, second.pk, registration_no="PBOC-NEW", notice_no="NS-NEW",
                         notice_date=timezone.localdate())  # fmt: skip
    second.refresh_from_db()
    assert second.state == "pledged" and second.registration_no == "PBOC-NEW"


def test_a_pledge_on_a_blocked_account_is_refused_by_the_registry_and_nothing_is_half_done(lw):
    from tanxin.registry.models import Account

    bureau = lw.user("bureau_officer")
    loan = contracted(lw)
    Account.objects.filter(pk=lw.account_id).update(blocked=True)
    with pytest.raises(DomainError) as err:
        desk.register_pledge(bureau, loan.pk, registration_no="R", notice_no="N", notice_date=timezone.localdate())
    assert err.value.code == "account_blocked"
    loan.refresh_from_db()
    assert loan.state == "contracted" and not loan.notice_published and not Hold.objects.exists()


def test_bad_amounts_and_an_instrument_without_prices_are_refused(lw):
    for amount in (0, -5):
        with pytest.raises(DomainError) as err:
            application(lw, amount_fen=amount)
        assert err.value.code == "not_positive"
    with pytest.raises(DomainError) as err:
        desk.apply(lw.user("enterprise_a"), enterprise_id=lw.org("enterprise_a").pk,
                   bank_id=lw.org("bank_with_consent").pk, amount_fen=100, term_months=12, purpose="x",
                   instrument_code="CEA-2023", quantity_t=10)  # fmt: skip
    assert err.value.code == "no_prices"
    assert not Loan.objects.exists()


def test_a_stale_price_is_refused_at_valuation(lw):
    loan = application(lw)
    desk.screen(lw.user("bank_with_consent"), loan.pk, band="B")
    set_prices(end=timezone.localdate() - timedelta(days=30), days=300)
    from tanxin.market.models import PricePoint

    PricePoint.objects.filter(day__gt=timezone.localdate() - timedelta(days=30)).delete()
    with pytest.raises(DomainError) as err:
        desk.value(lw.user("bank_with_consent"), loan.pk, mc_paths=1000)
    assert err.value.code == "stale_old_price"
    assert not Valuation.objects.exists()


def test_a_bank_may_not_apply_for_a_non_consenting_enterprise(lw):
    with pytest.raises(PermissionDenied) as err:
        desk.apply(lw.user("bank_without_consent"), enterprise_id=lw.org("enterprise_a").pk,
                   bank_id=lw.org("bank_without_consent").pk, amount_fen=100, term_months=12, purpose="x",
                   instrument_code=INSTRUMENT, quantity_t=10)  # fmt: skip
    assert err.value.code == "no_consent"
    loan = desk.apply(lw.user("bank_with_consent"), enterprise_id=lw.org("enterprise_a").pk,
                      bank_id=lw.org("bank_with_consent").pk, amount_fen=100, term_months=12, purpose="x",
                      instrument_code=INSTRUMENT, quantity_t=10)  # fmt: skip
    assert loan.state == "applied"


def test_steps_belong_to_their_owner(lw):
    loan = application(lw)
    with pytest.raises(PermissionDenied):
        desk.screen(lw.user("enterprise_a"), loan.pk, band="A")
    with pytest.raises(DomainError):  # another bank does not even find it
        desk.screen(lw.user("bank_without_consent"), loan.pk, band="A")
    with pytest.raises(DomainError) as err:
        desk.approve(lw.user("bank_with_consent"), loan.pk)
    assert err.value.code == "not_valued"


def test_a_loan_past_the_surrender_deadline_needs_the_conflict_acknowledged(lw, monkeypatch):
    from tanxin.lending import inputs

    monkeypatch.setattr(inputs, "surrender_deadline", lambda eid, today: today + timedelta(days=200))
    bank = lw.user("bank_with_consent")
    loan = application(lw)
    desk.screen(bank, loan.pk, band="B")
    desk.value(bank, loan.pk, mc_paths=1000)
    with pytest.raises(DomainError) as err:
        desk.approve(bank, loan.pk)
    assert err.value.code == "conflict_not_acknowledged"
    loan.refresh_from_db()
    assert loan.state == "valued"
    desk.approve(bank, loan.pk, acknowledge_conflict=True)
    loan.refresh_from_db()
    assert loan.conflict and loan.conflict_acknowledged_by == bank


def test_a_loan_larger_than_the_collateral_supports_is_not_approved(lw):
    bank = lw.user("bank_with_consent")
    loan = application(lw, amount_fen=50_000_000_00, quantity_t=100_000)
    desk.screen(bank, loan.pk, band="B")
    desk.value(bank, loan.pk, mc_paths=1000)
    with pytest.raises(DomainError) as err:
        desk.approve(bank, loan.pk, acknowledge_conflict=True)
    assert err.value.code == "exceeds_collateral"


def test_a_guarantee_lets_a_30m_loan_be_part_secured_by_allowances(lw):
    bank = lw.user("bank_with_consent")
    loan = application(lw, amount_fen=30_000_000_00, quantity_t=400_000,
                       collateral=[{"kind": "guarantee", "face_fen": 35_000_000_00}])  # fmt: skip
    desk.screen(bank, loan.pk, band="B")
    _loan, a = desk.value(bank, loan.pk, mc_paths=1000)
    assert a.sizing.other_recognised_fen == 28_000_000_00  # 20 % haircut on the guarantee
    assert a.sizing.max_loan_fen >= 30_000_000_00 > a.sizing.allowance_recognised_fen
    desk.approve(bank, loan.pk, acknowledge_conflict=True)


def test_idempotency_key_reused_with_other_content_is_refused(lw):
    loan = live_loan(lw)
    bank = lw.user("bank_with_consent")
    servicing.repay(bank, loan.pk, 1_000_00, key="same")
    with pytest.raises(Conflict):
        servicing.repay(bank, loan.pk, 2_000_00, key="same")


def test_default_disposal_enforces_the_pledge_to_the_bank_and_recovery_records_the_loss(lw):
    loan = live_loan(lw)
    bank = lw.user("bank_with_consent")
    sim = recovery.simulate(loan)
    assert sim.stressed_recovery_fen <= sim.expected_recovery_fen <= loan.principal_fen + 10**9
    assert Decimal(0) <= sim.expected_lgd <= sim.stressed_lgd
    recovery.declare_default(bank, loan.pk, "missed two instalments")
    recovery.dispose(bank, loan.pk, key="d1")
    assert Hold.objects.get(ref=loan.pledges.get().hold_ref).status == "enforced"
    free = registry_facts.pledgeable_now(lw.org("enterprise_a").pk)
    assert free.pledgeable_t == 100_000  # the 400,000 pledged tonnes left the enterprise
    result = recovery.recover(bank, loan.pk, sim.expected_recovery_fen, key="rec")
    assert result["state"] == "recovered"
    servicing.close(bank, loan.pk)
