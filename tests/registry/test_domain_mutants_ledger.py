"""Ledger refusals that generated mutants showed untested: each rule is pinned by a request that breaks it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tanxin.common.errors import DomainError
from tanxin.registry.domain.ledger import Clawback, decide

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
