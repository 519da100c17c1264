"""Securitisation bounds and roundings that generated mutants showed untested, each on both sides."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tanxin.common.errors import DomainError
from tanxin.securitisation.domain import montecarlo, structure, templates
from tanxin.securitisation.domain.errors import StructureError
from tanxin.securitisation.domain.pool import Assumptions, Loan, check_assumptions
from tanxin.securitisation.domain.subsidy import CAP_FEN, subsidy


def test_the_subsidy_is_half_the_cost_rounded_down_and_nothing_for_a_negative_cost():
    # 12,345 fen * 5,000 bp / 10,000 = 6,172.5 -> 6,172 fen (down, not half-up).
    assert subsidy(12_345) == 6_172
    assert subsidy(-100) == 0
    assert subsidy(10**12) == CAP_FEN


def test_a_price_drift_of_exactly_five_is_accepted_and_just_above_is_refused():
    check_assumptions(Assumptions(price_drift=Decimal(5)))
    check_assumptions(Assumptions(price_drift=Decimal(-5)))
    with pytest.raises(DomainError) as caught:
        check_assumptions(Assumptions(price_drift=Decimal("5.0001")))
    assert caught.value.code == "bad_price"


def test_tranches_adding_up_to_exactly_the_pool_are_accepted():
    s = structure.read(templates.standard(100_000), pool_fen=100_000)
    assert s.total_fen == 100_000


def test_without_a_carbon_price_there_is_no_break_even_price():
    # price 0 (the default) or a -100 % shock: the pool's start price is 0, so no price level to solve for.
    loans, s = [Loan("x", 100_000, 10, 3)], structure.read(templates.standard(100_000))
    assert montecarlo.break_even_price(loans, Assumptions(), s, tranche="A") is None
    shocked = Assumptions(price_fen=Decimal(6000), price_shock=Decimal(-1))
    assert montecarlo.break_even_price(loans, shocked, s, tranche="A") is None


def test_a_transfer_into_the_account_it_pays_from_is_refused():
    data = templates.standard(100_000)
    transfer = data["waterfalls"]["normal"]["interest"][-1]
    assert transfer["pay"] == "transfer" and transfer["from"] == "interest"
    transfer["to"] = "interest"
    with pytest.raises(StructureError) as caught:
        structure.read(data)
    assert (caught.value.code, caught.value.details["account"]) == ("unknown_account", "interest")
