"""A blocked account: it can neither send nor receive, and no voluntary pledge may be made on it; a court
freeze and the bureau's own moves still reach it. Each direction is its own test."""

from __future__ import annotations

from datetime import date

import pytest

from tanxin.common.errors import DomainError
from tanxin.registry.domain.ledger import PlaceHold, Transfer, decide
from tanxin.registry.domain.model import Account, AccountKind, Hold, HoldKind, TxKind

from .builders import ALICE, BANK, BOB, SZA23, registry


def _blocked(account_id: str) -> dict[str, Account]:
    return {account_id: Account(account_id, AccountKind.HOLDING, blocked=True)}


def _transfer() -> Transfer:
    return Transfer(ALICE, BOB, SZA23, 1, date(2024, 3, 4), "u1")


def _pledge(quantity: int = 10) -> Hold:
    return Hold("p1", ALICE, SZA23, quantity, HoldKind.PLEDGE, pledgee_id=BANK, references={"registration_no": "R1"})


def test_a_blocked_account_cannot_send():
    with pytest.raises(DomainError) as refused:
        decide(registry({(ALICE, SZA23): 10}, **_blocked(ALICE)), _transfer())
    assert refused.value.code == "account_blocked"


def test_a_blocked_account_cannot_receive():
    with pytest.raises(DomainError) as refused:
        decide(registry({(ALICE, SZA23): 10}, **_blocked(BOB)), _transfer())
    assert refused.value.code == "account_blocked"


def test_a_pledge_cannot_be_made_on_a_blocked_account():
    with pytest.raises(DomainError) as refused:
        decide(registry({(ALICE, SZA23): 100}, **_blocked(ALICE)), PlaceHold(_pledge()))
    assert refused.value.code == "account_blocked"


def test_the_same_pledge_on_the_account_unblocked_is_placed():
    assert decide(registry({(ALICE, SZA23): 100}), PlaceHold(_pledge())).kind is TxKind.HOLD


def test_a_pledge_of_exactly_the_available_quantity_is_placed_and_one_more_is_refused():
    snap = registry({(ALICE, SZA23): 100})
    assert decide(snap, PlaceHold(_pledge(100))).kind is TxKind.HOLD
    with pytest.raises(DomainError) as refused:
        decide(snap, PlaceHold(_pledge(101)))
    assert refused.value.code == "insufficient_available"
