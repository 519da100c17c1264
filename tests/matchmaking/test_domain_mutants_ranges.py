"""Both sides of every range check of the matchmaking catalogue and of eligibility.

A bound is inclusive: the value on the bound is accepted and one unit beyond it is refused. Generated mutants
(``<=`` written as ``<``) showed these edges were untested.
"""

from __future__ import annotations

from datetime import date

import pytest

from tanxin.matchmaking.domain import eligibility, funnel, params, slots
from tanxin.matchmaking.domain.catalogue import check_need, check_product

from .domain_builders import WAN, need, product, refused_code


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"min_term_months": 1, "max_term_months": 1}, None),  # 1 month, min == max: both bounds inclusive
        ({"min_term_months": 360, "max_term_months": 360}, None),
        ({"min_term_months": 0}, "product_term_range"),
        ({"max_term_months": 361}, "product_term_range"),
        ({"min_band": "A"}, None),
        ({"min_band": "E"}, "unknown_band"),
        ({"collateral": frozenset({"allowances", "deposit"})}, None),
        ({"collateral": frozenset({"allowances", "gold"})}, "unknown_collateral"),
        ({"response_workdays": 1}, None),
        ({"response_workdays": 60}, None),
        ({"response_workdays": 0}, "product_response_range"),
        ({"response_workdays": 61}, "product_response_range"),
    ],
)
def test_a_product_on_a_bound_is_accepted_and_one_beyond_it_is_refused(fields, code):
    assert refused_code(check_product, product(**fields)) == code


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"amount_fen": params.MIN_AMOUNT_FEN}, None),  # exactly 10,000 CNY
        ({"amount_fen": params.MIN_AMOUNT_FEN - 1}, "request_amount_range"),
        ({"amount_fen": params.MAX_AMOUNT_FEN}, None),  # exactly 10 billion CNY
        ({"amount_fen": params.MAX_AMOUNT_FEN + 1}, "request_amount_range"),
        ({"term_months": 1}, None),
        ({"term_months": 360}, None),
        ({"collateral": frozenset({"property"})}, None),
        ({"collateral": frozenset({"gold"})}, "unknown_collateral"),
        ({"pledgeable_t": 0}, None),
        ({"pledgeable_t": -1}, "negative_position"),
    ],
)
def test_a_request_on_a_bound_is_accepted_and_one_beyond_it_is_refused(fields, code):
    assert refused_code(check_need, need(**fields)) == code


@pytest.mark.parametrize(
    ("fields", "failed"),
    [
        ({"amount_fen": 100 * WAN}, ()),  # the product's minimum amount
        ({"amount_fen": 100 * WAN - 1}, ("amount",)),
        ({"amount_fen": 5000 * WAN}, ()),  # the product's maximum amount
        ({"amount_fen": 5000 * WAN + 1}, ("amount",)),
        ({"term_months": 6}, ()),
        ({"term_months": 5}, ("term",)),
        ({"term_months": 36}, ()),
        ({"term_months": 37}, ("term",)),
    ],
)
def test_a_need_on_the_edge_of_a_products_range_is_eligible_and_one_unit_beyond_is_not(fields, failed):
    assert eligibility.failures(product(), need(**fields)) == failed


def test_eligible_products_keeps_only_the_products_that_pass_every_rule():
    wide, narrow = product(), product(max_amount_fen=1000 * WAN)
    assert eligibility.eligible_products(need(), [wide, narrow]) == [wide]


def test_the_empty_funnel_is_the_funnel_of_no_events():
    assert funnel.funnel([]) == funnel.EMPTY


def test_a_bank_may_respond_on_its_due_day_and_its_slot_lapses_only_the_day_after():
    # Accepted Monday 2 March 2026 with five working days: due Monday 9 March.
    g = slots.accept(slots.Grab((1,), 3, 5), 1, date(2026, 3, 2))
    assert g.slots[0].due_on == date(2026, 3, 9)
    assert slots.respond(g, 1, date(2026, 3, 9)).slots[0].state == slots.SlotState.RESPONDED
    assert slots.expire(g, date(2026, 3, 9))[1] == ()
    assert slots.expire(g, date(2026, 3, 10))[1] == (1,)
