from decimal import Decimal

import pytest

from tanxin.common.errors import Conflict, DomainError
from tanxin.registry.domain.idempotency import Outcome, StoredRequest, decide, decide_or_raise, request_hash

TRANSFER = {"from": "acct-alice", "to": "acct-bob", "instrument": "SZA-2023", "quantity": 500}


def test_the_request_hash_ignores_key_order():
    reordered = dict(reversed(list(TRANSFER.items())))
    assert request_hash("transfer", TRANSFER) == request_hash("transfer", reordered)


def test_the_request_hash_depends_on_the_operation_and_every_value():
    assert request_hash("transfer", TRANSFER) != request_hash("surrender", TRANSFER)
    assert request_hash("transfer", TRANSFER) != request_hash("transfer", {**TRANSFER, "quantity": 501})


def test_the_request_hash_ignores_how_a_decimal_is_spelled():
    assert request_hash("pay", {"a": Decimal("1.0")}) == request_hash("pay", {"a": Decimal("1.00")})
    assert request_hash("pay", {"a": Decimal("1E+2")}) == request_hash("pay", {"a": Decimal("100")})


def test_an_unseen_key_is_new():
    assert decide("k1", request_hash("transfer", TRANSFER), None).outcome is Outcome.NEW


def test_the_same_key_and_content_replays_the_stored_result():
    h = request_hash("transfer", TRANSFER)
    decision = decide("k1", h, StoredRequest("k1", h, {"tx_id": "tx-9"}))
    assert decision.outcome is Outcome.REPLAY and decision.result == {"tx_id": "tx-9"}


def test_the_same_key_with_different_content_is_a_conflict():
    stored = StoredRequest("k1", request_hash("transfer", TRANSFER), {"tx_id": "tx-9"})
    other = request_hash("transfer", {**TRANSFER, "quantity": 501})
    assert decide("k1", other, stored).outcome is Outcome.CONFLICT
    with pytest.raises(Conflict) as e:
        decide_or_raise("k1", other, stored)
    assert e.value.code == "idempotency_key_reused"


@pytest.mark.parametrize("key", ["", "x" * 201])
def test_an_empty_or_overlong_key_is_refused(key):
    with pytest.raises(DomainError) as e:
        decide(key, "h", None)
    assert e.value.code == "bad_idempotency_key"
