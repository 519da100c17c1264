from datetime import date
from decimal import Decimal

import pytest

from tanxin.common.errors import Conflict, DomainError, NotFound, PermissionDenied
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
    Transfer,
    TransferControls,
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
    TxKind,
    apply,
)

from .builders import ALICE, BANK, BOB, CAN, CCER, CEA23, ISS, MGT, SUR, SZA23, SZA24, SZA25, registry

SHENZHEN_2024 = SurrenderRules(
    2024, InstrumentKind.SZA, frozenset({InstrumentKind.CCER}), offset_cap_remaining_t=100
)


def pledge(quantity: int = 400, hold_id: str = "h1") -> Hold:
    return Hold(
        hold_id,
        ALICE,
        SZA23,
        quantity,
        HoldKind.PLEDGE,
        pledgee_id=BANK,
        references={"registration_no": "R1"},
    )


def transfer(quantity: int, **kw) -> Transfer:
    return Transfer(ALICE, BOB, SZA23, quantity, on=date(2024, 3, 4), initiated_by="u1", **kw)


def codes(exc_info: pytest.ExceptionInfo) -> str:
    return exc_info.value.code


# ------------------------------------------------------------------ issuance and allocation


def test_issuance_posts_minus_from_the_issuance_account_so_the_transaction_balances():
    tx = decide(registry(), Issue(ISS, MGT, SZA23, 10_000))
    assert tx.kind is TxKind.ISSUE
    assert set(tx.postings) == {Posting(ISS, SZA23, -10_000), Posting(MGT, SZA23, 10_000)}


def test_issuance_account_may_go_negative_but_a_holding_account_may_not():
    after = apply(registry(), decide(registry(), Issue(ISS, MGT, SZA23, 5)))
    assert after.balance(ISS, SZA23) == -5
    with pytest.raises(DomainError) as e:
        decide(after, Allocate(MGT, ALICE, SZA23, 6))
    assert codes(e) == "insufficient_available"


def test_allocation_only_goes_from_management_to_a_holding_account():
    snap = registry({(MGT, SZA23): 100})
    assert decide(snap, Allocate(MGT, ALICE, SZA23, 100)).kind is TxKind.ALLOCATE
    with pytest.raises(DomainError) as e:
        decide(snap, Allocate(MGT, SUR, SZA23, 1))
    assert codes(e) == "wrong_account_kind"


def test_clawback_works_even_on_a_blocked_account():
    blocked = Account(ALICE, AccountKind.HOLDING, blocked=True)
    snap = registry({(ALICE, SZA23): 100}, **{ALICE: blocked})
    tx = decide(snap, Clawback(ALICE, MGT, SZA23, 30))
    assert Posting(MGT, SZA23, 30) in tx.postings


# ------------------------------------------------------------------ bad quantities


@pytest.mark.parametrize("quantity", [1.5, Decimal("2.5"), "3", True, None])
def test_fractional_or_non_numeric_tonnes_are_refused(quantity):
    with pytest.raises(DomainError) as e:
        decide(registry({(ALICE, SZA23): 10}), transfer(quantity))
    assert codes(e) == "not_whole_tonnes"


@pytest.mark.parametrize("quantity", [0, -1, Decimal("-5")])
def test_zero_or_negative_tonnes_are_refused(quantity):
    with pytest.raises(DomainError) as e:
        decide(registry({(ALICE, SZA23): 10}), transfer(quantity))
    assert codes(e) == "not_positive"


def test_an_integral_decimal_from_a_form_is_accepted_as_whole_tonnes():
    tx = decide(registry({(ALICE, SZA23): 10}), transfer(Decimal("10")))
    assert Posting(BOB, SZA23, 10) in tx.postings


# ------------------------------------------------------------------ transfers and controls


def test_a_transfer_above_what_is_available_is_refused_with_the_available_figure():
    snap = apply(
        registry({(ALICE, SZA23): 1_000}), decide(registry({(ALICE, SZA23): 1_000}), PlaceHold(pledge(400)))
    )
    with pytest.raises(DomainError) as e:
        decide(snap, transfer(601))
    assert codes(e) == "insufficient_available"
    assert e.value.details["available"] == 600
    assert decide(snap, transfer(600)).kind is TxKind.TRANSFER


def test_a_blocked_account_can_neither_send_nor_receive():
    blocked = Account(BOB, AccountKind.HOLDING, blocked=True)
    with pytest.raises(DomainError) as e:
        decide(registry({(ALICE, SZA23): 10}, **{BOB: blocked}), transfer(1))
    assert codes(e) == "account_blocked"


def test_a_transfer_to_the_same_account_is_refused():
    with pytest.raises(DomainError) as e:
        decide(registry({(ALICE, SZA23): 10}), Transfer(ALICE, ALICE, SZA23, 1, date(2024, 3, 4), "u1"))
    assert codes(e) == "same_account"


def test_a_large_transfer_needs_a_second_different_approver():
    snap, controls = registry({(ALICE, SZA23): 50_000}), TransferControls(second_approval_above_t=10_000)
    assert decide(snap, transfer(10_000), controls)
    for approver in (None, "u1"):
        with pytest.raises(PermissionDenied) as e:
            decide(snap, transfer(10_001, approved_by=approver), controls)
        assert codes(e) == "second_approval_required"
    assert decide(snap, transfer(10_001, approved_by="u2"), controls)


def test_a_trusted_counterparty_is_usable_only_after_four_working_days():
    snap, controls = registry({(ALICE, SZA23): 10}), TransferControls(require_trusted_counterparty=True)
    with pytest.raises(PermissionDenied) as e:
        decide(snap, transfer(1), controls)
    assert codes(e) == "untrusted_counterparty"
    # Added Thursday 2024-09-12; Sep 13 is a workday, 14 an adjusted workday (调休), 15–17 Mid-Autumn.
    added = date(2024, 9, 12)
    early = Transfer(ALICE, BOB, SZA23, 1, date(2024, 9, 18), "u1", counterparty_trusted_since=added)
    with pytest.raises(DomainError) as e:
        decide(snap, early, controls)
    assert codes(e) == "counterparty_cooling_off"
    assert e.value.details["usable_from"] == "2024-09-19"
    on_time = Transfer(ALICE, BOB, SZA23, 1, date(2024, 9, 19), "u1", counterparty_trusted_since=added)
    assert decide(snap, on_time, controls)


# ------------------------------------------------------------------ surrender and cancellation


def test_surrendering_a_banked_older_vintage_is_allowed():
    tx = decide(registry({(ALICE, SZA23): 10}), Surrender(ALICE, SUR, SZA23, 10, SHENZHEN_2024))
    assert Posting(SUR, SZA23, 10) in tx.postings


def test_surrendering_a_future_vintage_is_refused_as_wrong_vintage():
    with pytest.raises(DomainError) as e:
        decide(registry({(ALICE, SZA25): 10}), Surrender(ALICE, SUR, SZA25, 10, SHENZHEN_2024))
    assert codes(e) == "wrong_vintage"


def test_national_allowances_do_not_count_for_a_shenzhen_obligation():
    with pytest.raises(DomainError) as e:
        decide(registry({(ALICE, CEA23): 10}), Surrender(ALICE, SUR, CEA23, 10, SHENZHEN_2024))
    assert codes(e) == "instrument_not_eligible"


def test_offsets_beyond_the_remaining_cap_are_refused():
    snap = registry({(ALICE, CCER): 500})
    assert decide(snap, Surrender(ALICE, SUR, CCER, 100, SHENZHEN_2024))
    with pytest.raises(DomainError) as e:
        decide(snap, Surrender(ALICE, SUR, CCER, 101, SHENZHEN_2024))
    assert codes(e) == "offset_cap_exceeded"
    assert e.value.details == {"remaining_cap_t": 100, "quantity": 101}


def test_surrender_goes_only_into_the_surrender_account_and_cancel_only_into_cancellation():
    snap = registry({(ALICE, SZA23): 10})
    with pytest.raises(DomainError):
        decide(snap, Surrender(ALICE, CAN, SZA23, 1, SHENZHEN_2024))
    with pytest.raises(DomainError):
        decide(snap, Cancel(ALICE, SUR, SZA23, 1))
    assert decide(snap, Cancel(ALICE, CAN, SZA23, 1)).kind is TxKind.CANCEL


# ------------------------------------------------------------------ holds


def test_a_pledge_reduces_available_but_not_balance():
    snap = registry({(ALICE, SZA23): 1_000})
    after = apply(snap, decide(snap, PlaceHold(pledge(400))))
    assert (after.balance(ALICE, SZA23), after.held(ALICE, SZA23), after.available(ALICE, SZA23)) == (
        1000,
        400,
        600,
    )


def test_a_hold_larger_than_available_is_refused():
    with pytest.raises(DomainError) as e:
        decide(registry({(ALICE, SZA23): 100}), PlaceHold(pledge(101)))
    assert codes(e) == "insufficient_available"


def test_a_pledge_needs_a_pledgee_and_a_fresh_id():
    snap = registry({(ALICE, SZA23): 1_000})
    with pytest.raises(DomainError) as e:
        decide(snap, PlaceHold(Hold("h9", ALICE, SZA23, 1, HoldKind.PLEDGE)))
    assert codes(e) == "pledgee_required"
    held = apply(snap, decide(snap, PlaceHold(pledge(1))))
    with pytest.raises(Conflict):
        decide(held, PlaceHold(pledge(1)))


def test_a_court_may_freeze_a_blocked_account():
    blocked = Account(ALICE, AccountKind.HOLDING, blocked=True)
    freeze = Hold(
        "f1", ALICE, SZA23, 10, HoldKind.JUDICIAL_FREEZE, references={"ruling": "(2024)粤0305执1号"}
    )
    assert decide(registry({(ALICE, SZA23): 10}, **{ALICE: blocked}), PlaceHold(freeze)).kind is TxKind.HOLD


def _pledged() -> object:
    snap = registry({(ALICE, SZA23): 1_000})
    return apply(snap, decide(snap, PlaceHold(pledge(400))))


def test_only_the_pledgee_may_release_a_pledge():
    with pytest.raises(PermissionDenied) as e:
        decide(_pledged(), Release("h1", Authority.PLEDGEE, requested_by="bank-other"))
    assert codes(e) == "not_pledgee"
    with pytest.raises(PermissionDenied) as e:
        decide(_pledged(), Release("h1", Authority.BUREAU, requested_by=BANK))
    assert codes(e) == "not_pledgee"


def test_a_partial_release_leaves_the_rest_held():
    snap = _pledged()
    after = apply(snap, decide(snap, Release("h1", Authority.PLEDGEE, BANK, quantity=150)))
    assert after.held(ALICE, SZA23) == 250
    with pytest.raises(DomainError) as e:
        decide(after, Release("h1", Authority.PLEDGEE, BANK, quantity=251))
    assert codes(e) == "exceeds_hold"


def test_a_full_release_closes_the_hold():
    snap = _pledged()
    after = apply(snap, decide(snap, Release("h1", Authority.PLEDGEE, BANK)))
    assert after.holds == {} and after.available(ALICE, SZA23) == 1_000
    with pytest.raises(NotFound):
        decide(after, Release("h1", Authority.PLEDGEE, BANK))


def test_enforcement_moves_held_tonnes_to_the_beneficiary_and_shrinks_the_hold():
    snap = _pledged()
    tx = decide(snap, Enforce("h1", 300, BOB, Authority.PLEDGEE, BANK))
    after = apply(snap, tx)
    assert (after.balance(ALICE, SZA23), after.held(ALICE, SZA23), after.balance(BOB, SZA23)) == (
        700,
        100,
        300,
    )


def test_a_judicial_freeze_is_enforced_only_by_the_court():
    snap = registry({(ALICE, SZA23): 10})
    snap = apply(snap, decide(snap, PlaceHold(Hold("f1", ALICE, SZA23, 10, HoldKind.JUDICIAL_FREEZE))))
    with pytest.raises(PermissionDenied) as e:
        decide(snap, Enforce("f1", 10, BOB, Authority.BUREAU, "officer"))
    assert codes(e) == "not_authorised"
    assert decide(snap, Enforce("f1", 10, BOB, Authority.COURT, "court-nanshan")).kind is TxKind.ENFORCE


# ------------------------------------------------------------------ reversal


def test_a_reversal_is_the_mirror_image_and_restores_the_balances():
    snap = registry({(ALICE, SZA23): 10})
    tx = decide(snap, transfer(4))
    after = apply(snap, tx)
    back = decide(after, Reverse("tx-1", tx))
    assert back.kind is TxKind.REVERSAL and back.reverses == "tx-1"
    assert apply(after, back).balance(ALICE, SZA23) == 10 and apply(after, back).balance(BOB, SZA23) == 0


def test_a_reversal_is_refused_when_the_receiver_no_longer_has_the_tonnes_available():
    snap = registry({(ALICE, SZA23): 10})
    tx = decide(snap, transfer(4))
    after = apply(snap, tx)
    after = apply(after, decide(after, Transfer(BOB, ALICE, SZA23, 2, date(2024, 3, 4), "u2")))
    with pytest.raises(DomainError) as e:
        decide(after, Reverse("tx-1", tx))
    assert codes(e) == "insufficient_available"


def test_a_reversal_itself_cannot_be_reversed():
    snap = registry({(ALICE, SZA23): 10})
    tx = decide(snap, transfer(4))
    back = decide(apply(snap, tx), Reverse("tx-1", tx))
    with pytest.raises(DomainError) as e:
        decide(snap, Reverse("tx-2", back))
    assert codes(e) == "cannot_reverse_reversal"


def test_instruments_need_their_identifying_fields_and_round_trip_through_their_code():
    with pytest.raises(DomainError):
        Instrument(InstrumentKind.SZA)
    with pytest.raises(DomainError):
        Instrument(InstrumentKind.CCER, project="P1")
    for instrument in (SZA24, CCER, Instrument(InstrumentKind.PHCER, project="SZ-PH-01", batch="2024Q1")):
        assert Instrument.from_code(instrument.code) == instrument


def test_the_bureau_may_enforce_an_administrative_hold_straight_into_surrender():
    # Shenzhen's forced deduction (强制扣除) for a unit that did not surrender on time.
    snap = registry({(ALICE, SZA23): 500})
    snap = apply(snap, decide(snap, PlaceHold(Hold("a1", ALICE, SZA23, 300, HoldKind.ADMIN_HOLD))))
    tx = decide(snap, Enforce("a1", 300, SUR, Authority.BUREAU, "officer-1"))
    after = apply(snap, tx)
    assert (after.balance(SUR, SZA23), after.balance(ALICE, SZA23), after.holds) == (300, 200, {})


def test_a_pledge_cannot_be_enforced_into_the_surrender_account():
    snap = _pledged()
    with pytest.raises(DomainError) as e:
        decide(snap, Enforce("h1", 10, SUR, Authority.PLEDGEE, BANK))
    assert codes(e) == "wrong_account_kind"
