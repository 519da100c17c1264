"""Every loan-desk write through the API, as every persona: the party that owns the step moves the loan, everybody
else is refused and the loan does not move (the workflow's ownership table, RULES.md §4, checked end to end)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tanxin.lending.models import Loan, MarginCall
from tanxin.lending.services import desk, recovery, servicing
from tests.lending.loans_support import PNG, application, build, live_loan
from tests.personas import PERSONAS, check_matrix, check_write_matrix

pytestmark = pytest.mark.django_db
BANK, BUREAU = ["bank_with_consent"], ["bureau_admin", "bureau_officer"]
_keys = count()


def _applied(lw):
    return application(lw, amount_fen=2_000_000_00, quantity_t=150_000)


def _screened(lw):
    loan = _applied(lw)
    desk.screen(lw.user("bank_with_consent"), loan.pk, band="B")
    return loan


def _valued(lw):
    loan = _screened(lw)
    desk.value(lw.user("bank_with_consent"), loan.pk, mc_paths=500)
    return loan


def _approved(lw):
    loan = _valued(lw)
    desk.approve(lw.user("bank_with_consent"), loan.pk, acknowledge_conflict=True)
    return loan


def _contracted(lw):
    loan = _approved(lw)
    desk.contract(lw.user("bank_with_consent"), loan.pk, ("contract.png", PNG))
    return loan


def _pledged(lw):
    loan = _contracted(lw)
    desk.register_pledge(lw.user("bureau_officer"), loan.pk, registration_no=f"PBOC-{loan.pk}",
                         notice_no=f"N-{loan.pk}", notice_date=timezone.localdate())  # fmt: skip
    return loan


def _live(lw):
    return live_loan(lw, amount_fen=2_000_000_00, quantity_t=150_000)


def _called(lw):
    loan = _live(lw)
    today = timezone.localdate()
    MarginCall.objects.create(loan=loan, state=MarginCall.State.OPEN, level=MarginCall.Level.WARNING, opened_on=today,
                              deadline=today + timedelta(days=7), coverage_bp=13_500)  # fmt: skip
    return loan


def _repaid(lw):
    loan = _live(lw)
    owed = loan.principal_fen + servicing.accrued(loan, timezone.localdate())
    servicing.repay(lw.user("bank_with_consent"), loan.pk, owed, key=f"r{loan.pk}")
    return loan


def _defaulted(lw):
    loan = _live(lw)
    recovery.declare_default(lw.user("bank_with_consent"), loan.pk, "missed payments")
    return loan


def _disposing(lw):
    loan = _defaulted(lw)
    recovery.dispose(lw.user("bank_with_consent"), loan.pk, key=f"d{loan.pk}")
    return loan


def _recovered(lw):
    loan = _disposing(lw)
    recovery.recover(lw.user("bank_with_consent"), loan.pk, 1_000_000_00, key=f"v{loan.pk}")
    return loan


def _held(loan: Loan):
    return sum(loan.pledges.filter(status="open").values_list("quantity_t", flat=True))


def _state(loan: Loan):
    loan.refresh_from_db()
    return loan.state


def _principal(loan: Loan):
    loan.refresh_from_db()
    return loan.principal_fen


def _call(loan: Loan):
    return loan.margin_calls.get().state


def _cash(loan: Loan):
    loan.refresh_from_db()
    return loan.cash_margin_fen


@dataclass(frozen=True)
class Step:
    action: str
    prepare: Callable
    allowed: list[str]
    observe: Callable = _state
    expected: object = None
    payload: dict | None = None


STEPS = [
    Step("screen", _applied, BANK, expected="screened", payload={"band": "B"}),
    Step("value", _screened, BANK, expected="valued"),
    Step("approve", _valued, BANK, expected="approved", payload={"acknowledge_conflict": True}),
    Step("contract", _approved, BANK, expected="contracted"),
    Step("register-pledge", _contracted, BUREAU, expected="pledged",
         payload={"registration_no": "PBOC-X", "notice_no": "N-X", "notice_date": "2026-01-05"}),
    Step("disburse", _pledged, BANK, expected="live", payload={}),
    Step("repayments", _live, BANK, observe=_principal, expected=2_000_000_00 - 1_000_00,
         payload={"amount_fen": 1_000_00}),
    Step("release", _repaid, BANK, expected="released"),
    Step("cures/cash", _called, BANK, observe=_call, expected="cured", payload={"amount_fen": 1_000_000_00}),
    Step("cures/allowances", _called, ["enterprise_a"], observe=_call, expected="cured",
         payload={"quantity_t": 50_000}),
    Step("default", _live, BANK, expected="defaulted", payload={"reason": "missed payments"}),
    Step("dispose", _defaulted, BANK, expected="disposing"),
    Step("recover", _disposing, BANK, expected="recovered", payload={"amount_fen": 1_000_000_00}),
    Step("close", _recovered, BANK, expected="closed", payload={"reason": "shortfall written off"}),
    Step("partial-release", _live, BANK, observe=_held, expected=140_000,
         payload={"quantity_t": 10_000, "substitute_kind": "cash", "substitute_fen": 50_000_000, "reason": "swap"}),
    Step("decline", _applied, BANK, expected="declined", payload={"reason": "outside appetite"}),
    Step("withdraw", _applied, ["enterprise_a"], expected="withdrawn", payload={"reason": "no longer needed"}),
]


@pytest.mark.parametrize("step", STEPS, ids=[s.action for s in STEPS])
def test_each_loan_step_is_taken_by_its_owner_only(step: Step, db):
    lw = build()

    def send(client, loan):
        url = f"/api/v1/lending/loans/{loan.pk}/{step.action}"
        headers = {"HTTP_IDEMPOTENCY_KEY": f"k-{next(_keys)}"}
        if step.action == "contract":
            return client.post(url, {"document": SimpleUploadedFile("contract.png", PNG, "image/png")}, **headers)
        payload = dict(step.payload or {})
        for numbered in ("registration_no", "notice_no"):  # each target is a pledge of its own, with its own numbers
            if numbered in payload:
                payload[numbered] = f"{payload[numbered]}-{loan.pk}"
        return client.post(url, payload, content_type="application/json", **headers)

    check_write_matrix(lw.world, step.allowed, lambda: step.prepare(lw), send, step.observe, step.expected)


def test_applying_is_for_the_borrower_and_its_bank(db):
    lw = build()
    marks = count()

    def prepare():
        return f"Retrofit {next(marks)}"

    def send(client, purpose):
        return client.post("/api/v1/lending/loans", {
            "enterprise_id": lw.org("enterprise_a").pk, "bank_id": lw.org("bank_with_consent").pk,
            "amount_fen": 2_000_000_00, "term_months": 12, "purpose": purpose, "instrument_code": "SZA-2023",
            "quantity_t": 150_000}, content_type="application/json")  # fmt: skip

    check_write_matrix(lw.world, ["enterprise_a", "bank_with_consent"], prepare, send,
                       lambda purpose: Loan.objects.filter(purpose=purpose).count(), 1, ok_status=(201,))  # fmt: skip


def test_the_pledge_notices_are_public_on_the_page_and_in_the_api(db):
    lw = build()
    loan = _live(lw)
    everybody = list(PERSONAS)
    check_matrix(lw.world, "/lending/notices/", everybody)
    statuses = check_matrix(lw.world, "/api/v1/lending/notices", everybody, api=True)
    assert set(statuses.values()) == {200}
    assert loan.notice_no.encode() in lw.world.client("anonymous").get("/api/v1/lending/notices").content


def test_a_step_taken_from_the_loan_page_follows_the_same_ownership(db):
    lw = build()

    def send(client, loan):
        return client.post(f"/lending/loans/{loan.pk}/do/screen/", {"band": "B"})

    check_write_matrix(lw.world, BANK, lambda: _applied(lw), send, _state, "screened", ok_status=(302,), api=False)
