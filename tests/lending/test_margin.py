"""Daily mark-to-market: calls open with a cure window in trading days, notify three parties, cure or escalate."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tanxin.common.errors import DomainError
from tanxin.lending.models import Event, MarginCall, Mark, Pledge
from tanxin.lending.services import margin, servicing
from tanxin.lending.tasks import mark_to_market
from tanxin.market.domain.calendar import add_trading_days
from tanxin.orgs.models import Notification
from tanxin.registry.models import Hold
from tests.lending.loans_support import build, live_loan, set_prices

pytestmark = pytest.mark.django_db


@pytest.fixture
def lw():
    return build()


def small_loan(lw):
    return live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)


def test_a_price_fall_opens_a_warning_call_with_a_window_of_five_trading_days_and_notifies_everyone(lw):
    loan = small_loan(lw)
    today = timezone.localdate()
    assert margin.mark_all(today)[0].action == "none"
    set_prices(last="18.00")  # 150,000 t × 18 / 2 M ≈ 1.35: below the warning line, above liquidation
    Mark.objects.all().delete()
    outcome = margin.mark_all(today)[0]
    assert (outcome.zone, outcome.action) == ("warning", "open")
    call = MarginCall.objects.get(loan=loan)
    assert call.state == "open" and call.deadline == add_trading_days(today, 5)
    notified = set(Notification.objects.filter(kind="lending.margin_open").values_list("user__username", flat=True))
    assert {"enterprise_a", "bank_with_consent", "bureau_officer", "bureau_admin"} <= notified
    assert "bank_without_consent" not in notified and "enterprise_b" not in notified


def test_marking_the_same_day_twice_writes_one_mark_and_one_call(lw):
    loan = small_loan(lw)
    set_prices(last="18.00")
    today = timezone.localdate()
    margin.mark_all(today)
    margin.mark_all(today)
    assert Mark.objects.filter(loan=loan, on=today).count() == 1
    assert MarginCall.objects.filter(loan=loan).count() == 1
    assert Event.objects.filter(loan=loan, action="margin_open").count() == 1


def test_a_cash_top_up_within_the_window_cures_the_call(lw):
    loan = small_loan(lw)
    set_prices(last="18.00")
    margin.mark_all(timezone.localdate())
    result = margin.cure_cash(lw.user("bank_with_consent"), loan.pk, 1_000_000_00, key="cash-1")
    assert result["call_state"] == "cured"
    assert MarginCall.objects.get(loan=loan).cures.get().kind == "cash"


def test_extra_allowances_are_an_extra_hold_that_cures_the_call(lw):
    loan = small_loan(lw)
    set_prices(last="18.00")
    margin.mark_all(timezone.localdate())
    with pytest.raises(DomainError):  # the bank cannot pledge the enterprise's allowances
        margin.cure_allowances(lw.user("bank_with_consent"), loan.pk, 50_000)
    result = margin.cure_allowances(lw.user("enterprise_a"), loan.pk, 50_000, key="top")
    assert result["call_state"] == "cured"
    top_up = Pledge.objects.get(loan=loan, purpose="top_up")
    assert Hold.objects.get(ref=top_up.hold_ref).quantity == 50_000


def test_a_top_up_after_the_cure_window_is_refused_and_the_call_escalates(lw):
    loan = small_loan(lw)
    set_prices(last="18.00")
    today = timezone.localdate()
    margin.mark_all(today)
    call = MarginCall.objects.get(loan=loan)
    MarginCall.objects.filter(pk=call.pk).update(deadline=today - timedelta(days=1))
    with pytest.raises(DomainError) as err:
        margin.cure_cash(lw.user("bank_with_consent"), loan.pk, 1_000_000_00)
    assert err.value.code == "cure_window_closed"
    loan.refresh_from_db()
    assert loan.cash_margin_fen == 0
    Mark.objects.all().delete()
    assert margin.mark_all(today)[0].action == "expire"
    assert MarginCall.objects.get(pk=call.pk).state == "escalated"
    with pytest.raises(DomainError) as err:
        margin.cure_cash(lw.user("bank_with_consent"), loan.pk, 1_000_000_00)
    assert err.value.code == "cure_window_closed"


def test_falling_below_the_liquidation_line_deepens_the_call_and_shortens_the_window(lw):
    loan = small_loan(lw)
    today = timezone.localdate()
    set_prices(last="18.00")
    margin.mark_all(today)
    set_prices(last="14.00")
    Mark.objects.all().delete()
    assert margin.mark_all(today)[0].action == "deepen"
    call = MarginCall.objects.get(loan=loan)
    assert call.level == "liquidation" and call.deadline == add_trading_days(today, 2)


def test_a_partial_repayment_during_a_call_counts_as_a_cure(lw):
    loan = small_loan(lw)
    set_prices(last="18.00")
    margin.mark_all(timezone.localdate())
    servicing.repay(lw.user("bank_with_consent"), loan.pk, 800_000_00, key="part")
    call = MarginCall.objects.get(loan=loan)
    assert call.state == "cured" and call.cures.get().kind == "repayment"


def test_the_daily_task_marks_live_loans(lw):
    loan = small_loan(lw)
    assert mark_to_market.call() == 1
    assert Mark.objects.filter(loan=loan).exists()


def test_a_partial_release_against_substitute_cash_keeps_coverage_above_the_warning_line(lw):
    loan = small_loan(lw)
    bank = lw.user("bank_with_consent")
    with pytest.raises(DomainError) as err:
        servicing.partial_release(bank, loan.pk, 140_000, "cash", 1_00)
    assert err.value.code == "release_breaches_line"
    result = servicing.partial_release(bank, loan.pk, 50_000, "cash", 2_000_000_00, key="pr")
    hold = Hold.objects.get(ref=loan.pledges.get().hold_ref)
    assert hold.quantity == 100_000 and result["released"][0]["quantity_t"] == 50_000
    loan.refresh_from_db()
    assert loan.cash_margin_fen == 2_000_000_00 and loan.quantity_t == 100_000
