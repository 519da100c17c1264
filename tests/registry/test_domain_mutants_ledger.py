"""Ledger refusals that generated mutants showed untested: each rule is pinned by a request that breaks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tanxin.common.errors import DomainError
from tanxin.registry.domain.ledger import Clawback, Reverse, Transfer, decide
from tanxin.registry.domain.model import Snapshot, apply

from .builders import ALICE, BOB, MGT, SZA23, registry


def test_a_clawback_goes_only_into_the_management_account():
    snap = registry({(ALICE, SZA23): 100})
    with pytest.raises(DomainError) as caught:
        decide(snap, Clawback(ALICE, BOB, SZA23, 30))
    assert caught.value.code == "wrong_account_kind"
    assert caught.value.details["account"] == BOB
    assert decide(snap, Clawback(ALICE, MGT, SZA23, 30)).postings  # the same clawback into management passes


def test_a_request_the_ledger_does_not_know_is_refused():
    @dataclass(frozen=True)
    class Gift:
        to_account: str

    with pytest.raises(DomainError) as caught:
        decide(registry(), Gift(ALICE))
    assert caught.value.code == "unsupported"


def test_a_reversal_naming_an_account_the_registry_no_longer_has_is_refused_as_unknown():
    snap = registry({(ALICE, SZA23): 10})
    tx = decide(snap, Transfer(ALICE, BOB, SZA23, 4, date(2024, 3, 4), "u1"))
    after = apply(snap, tx)
    without_bob = Snapshot({k: v for k, v in after.accounts.items() if k != BOB}, after.balances, after.holds)
    with pytest.raises(DomainError) as caught:
        decide(without_bob, Reverse("tx-1", tx))
    assert caught.value.code == "unknown_account"
