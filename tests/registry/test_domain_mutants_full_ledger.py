"""Ledger rules the full mutation run of the registry domain found untested: the account kinds each request
may use, the vintage of the compliance year itself, offsets a rule pack does not accept, the numbers an
over-release names, reversing a hold, and the safety net's own checks."""

from __future__ import annotations

import pytest

from tanxin.common.errors import DomainError
from tanxin.registry.domain.ledger import (
    Allocate,
    Cancel,
    Clawback,
    Enforce,
    Issue,
    PlaceHold,
    Release,
    Reverse,
    Surrender,
    SurrenderRules,
    _check_result,
    decide,
)
from tanxin.registry.domain.model import (
    Account,
    AccountKind,
    Authority,
    Hold,
    HoldKind,
    Instrument,
    InstrumentKind,
    Posting,
    Snapshot,
    Transaction,
    TxKind,
    apply,
)

from .builders import ALICE, BANK, BOB, CAN, ISS, MGT, SUR, SZA23, SZA24, registry

PHCER = Instrument(InstrumentKind.PHCER, project="GZ01", batch="B1")
RULES_2023 = SurrenderRules(2023, InstrumentKind.SZA, frozenset({InstrumentKind.CCER}), 1_000)


def refusal(snapshot: Snapshot, request) -> DomainError:
    with pytest.raises(DomainError) as caught:
        decide(snapshot, request)
    return caught.value


@pytest.mark.parametrize(
    ("request_", "balances"),
    [
        (Issue(ALICE, BOB, SZA23, 10), {(ALICE, SZA23): 100}),  # only the issuance account issues
        (Issue(ISS, SUR, SZA23, 10), {}),  # issuance lands in management or a holding account, never a sink
        (Allocate(ALICE, BOB, SZA23, 10), {(ALICE, SZA23): 100}),  # allocation comes from management only
        (Clawback(SUR, MGT, SZA23, 10), {(SUR, SZA23): 100}),  # a clawback takes from a holding account only
        (Surrender(MGT, SUR, SZA23, 10, RULES_2023), {(MGT, SZA23): 100}),  # the bureau does not surrender
        (Cancel(MGT, CAN, SZA23, 10), {(MGT, SZA23): 100}),  # nor cancel
    ],
)
def test_each_request_moves_only_between_the_account_kinds_it_names(request_, balances):
    assert refusal(registry(balances), request_).code == "wrong_account_kind"


def test_nothing_is_issued_to_or_surrendered_from_a_blocked_account():
    blocked = Account(BOB, AccountKind.HOLDING, owner_id="bob", blocked=True)
    assert refusal(registry(**{BOB: blocked}), Issue(ISS, BOB, SZA23, 10)).code == "account_blocked"
    snap = registry({(BOB, SZA23): 100}, **{BOB: blocked})
    assert refusal(snap, Surrender(BOB, SUR, SZA23, 10, RULES_2023)).code == "account_blocked"
    assert refusal(snap, Cancel(BOB, CAN, SZA23, 10)).code == "account_blocked"


def test_allowances_of_the_compliance_year_itself_may_be_surrendered():
    tx = decide(registry({(ALICE, SZA23): 100}), Surrender(ALICE, SUR, SZA23, 100, RULES_2023))
    assert tx.postings == (Posting(ALICE, SZA23, -100), Posting(SUR, SZA23, 100))
    assert refusal(registry({(ALICE, SZA24): 100}), Surrender(ALICE, SUR, SZA24, 1, RULES_2023)).code == (
        "wrong_vintage")


def test_a_credit_the_rule_pack_does_not_accept_is_refused_as_an_offset():
    assert refusal(registry({(ALICE, PHCER): 50}), Surrender(ALICE, SUR, PHCER, 5, RULES_2023)).code == (
        "instrument_not_eligible")


def pledge(quantity: int) -> Hold:
    return Hold("h1", ALICE, SZA23, quantity, HoldKind.PLEDGE, pledgee_id=BANK)


def test_releasing_or_enforcing_more_than_the_hold_names_the_held_and_asked_tonnes():
    snap = apply(registry({(ALICE, SZA23): 100}), decide(registry({(ALICE, SZA23): 100}), PlaceHold(pledge(10))))
    for request in (Release("h1", Authority.PLEDGEE, BANK, quantity=15),
                    Enforce("h1", 15, BOB, Authority.PLEDGEE, BANK)):  # fmt: skip
        error = refusal(snap, request)
        assert (error.code, error.details) == ("exceeds_hold", {"held": 10, "quantity": 15})


def test_reversing_a_hold_placement_lifts_the_hold():
    snap = registry({(ALICE, SZA23): 100})
    placed = decide(snap, PlaceHold(pledge(10)))
    held = apply(snap, placed)
    assert held.available(ALICE, SZA23) == 90
    undone = apply(held, decide(held, Reverse("tx-1", placed)))
    assert (undone.holds, undone.available(ALICE, SZA23)) == ({}, 100)


def test_an_unbalanced_transaction_is_a_bug_the_safety_net_stops():
    with pytest.raises(AssertionError):
        _check_result(registry(), Transaction(TxKind.ISSUE, (Posting(ALICE, SZA23, 5),)))


def test_an_emptied_hold_still_listed_is_not_an_over_release():
    # A hold at 0 t (all released, not yet closed) leaves the 100 t available; only a negative hold is refused.
    empty = Hold("h0", ALICE, SZA23, 0, HoldKind.ADMIN_HOLD)
    snap = Snapshot(registry().accounts, {(ALICE, SZA23): 100, (ISS, SZA23): -100}, {"h0": empty})
    assert decide(snap, Cancel(ALICE, CAN, SZA23, 100)).postings == (Posting(ALICE, SZA23, -100),
                                                                     Posting(CAN, SZA23, 100))  # fmt: skip


def test_a_reversal_over_two_vintages_names_the_first_account_short_by_id_then_instrument():
    # The original moved 3 t of 2023 and 2 t of 2024 from Bob to Alice; Alice has since spent both.
    original = Transaction(TxKind.TRANSFER, (Posting(BOB, SZA23, -3), Posting(ALICE, SZA23, 3),
                                             Posting(BOB, SZA24, -2), Posting(ALICE, SZA24, 2)))  # fmt: skip
    error = refusal(registry(), Reverse("tx-9", original))
    assert (error.code, error.details["account"], error.details["instrument"]) == (
        "insufficient_available", ALICE, "SZA-2023")
    snap = registry({(ALICE, SZA23): 3, (ALICE, SZA24): 2})
    assert apply(snap, decide(snap, Reverse("tx-9", original))).balance(BOB, SZA24) == 2


def test_reversing_a_hold_placement_after_the_hold_was_released_is_refused():
    snap = registry({(ALICE, SZA23): 100})
    placed = decide(snap, PlaceHold(pledge(10)))
    held = apply(snap, placed)
    released = apply(held, decide(held, Release("h1", Authority.PLEDGEE, BANK)))
    assert released.holds == {}
    error = refusal(released, Reverse("tx-1", placed))
    assert (error.code, error.details) == ("exceeds_hold", None)
