"""The daily mark-to-market failing part-way: the marks, the margin call, its event and the loan's latest mark
are written when notifying the parties fails. Nothing is kept — no mark, call, event, notification, and the
loan's latest mark as before — and the same day's marking then runs whole."""

import pytest
from django.db import DatabaseError
from django.utils import timezone

from tanxin.lending.models import Event, Loan, MarginCall, Mark
from tanxin.lending.services import margin
from tanxin.orgs.models import Notification
from tests.lending.loans_support import build, live_loan, set_prices
from tests.race import fail_on_call

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    return (Mark.objects.count(), MarginCall.objects.count(), Event.objects.count(), Notification.objects.count(),
            sorted(Loan.objects.values_list("pk", "last_mark_on")))  # fmt: skip


def test_marking_failing_while_notifying_keeps_nothing_then_runs_whole(monkeypatch):
    lw = build()
    loan = live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)
    set_prices(last="18.00")  # below the warning line: the marking opens a call and notifies three parties
    today = timezone.localdate()
    before = _state()
    calls = fail_on_call(monkeypatch, margin, "_notify", 1, DatabaseError("connection lost"))
    with pytest.raises(DatabaseError):
        margin.mark_all(today)
    assert calls[0] == 1 and _state() == before
    monkeypatch.undo()
    assert margin.mark_all(today)[0].action == "open"
    assert MarginCall.objects.filter(loan=loan).count() == 1 and Mark.objects.filter(loan=loan, on=today).count() == 1
