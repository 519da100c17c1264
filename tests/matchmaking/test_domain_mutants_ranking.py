"""The ranking's integer arithmetic worked by hand, the parameter bounds, and the batch path's edges.

Generated mutants (``//`` written as ``/``, a constant moved by one, an inclusive bound made strict) survived
the property tests; these pin exact values.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tanxin.matchmaking.domain import funnel, params, ranking
from tanxin.matchmaking.domain.catalogue import Need, Product, ProductKind
from tanxin.matchmaking.domain.params import MatchParams

WAN = 10_000 * 100  # 10,000 CNY in fen


def product(**kw) -> Product:
    base = dict(min_amount_fen=100 * WAN, max_amount_fen=5000 * WAN, min_term_months=6, max_term_months=36,
                spread_min_bp=30, spread_max_bp=150)  # fmt: skip
    base.update(kw)
    return Product(1, 10, ProductKind.CREDIT_LOAN, **base)


def need(**kw) -> Need:
    base = dict(id=1, enterprise_id=7, amount_fen=3000 * WAN, term_months=12, industry_code="C39", band="B")
    base.update(kw)
    return Need(**base)


def test_the_spread_steps_down_the_bands_in_whole_basis_points():
    # 30..100 bp over three steps: B = 30 + 70 * 1 // 3 = 30 + 23 = 53 (not 53.33), C = 30 + 140 // 3 = 76.
    p = product(spread_max_bp=100)
    assert [ranking.spread_for(p, b) for b in ("A", "B", "C", "D", "")] == [30, 53, 76, 100, 100]
    assert all(isinstance(ranking.spread_for(p, b), int) for b in "ABCD")


def test_a_score_worked_by_hand():
    # Band B: spread 30 + 120 // 3 = 70 bp, rate = 30,000 + 7,000 = 37,000 ppm, not green so no subsidy.
    # cost = (100,000 - 37,000) * 100 // 100,000 = 63; likelihood 750 // 10 = 75;
    # speed = (30 - 5) * 100 // 29 = 86; carbon 0.  40*63 + 30*75 + 15*86 + 15*0 = 2520 + 2250 + 1290 = 6060.
    r = ranking.score_pair(product(), need())
    assert (r.score, r.rate_ppm, r.net_rate_ppm, r.likelihood_permille) == (6060, 37_000, 37_000, 750)
    assert [x.code for x in r.reasons] == ["net_rate", "likelihood", "speed"]


def test_a_green_need_gets_the_subsidy_and_the_green_carbon_score():
    # Net = 37,000 - 37,000 * 500,000 // 1,000,000 = 18,500; cost = 81,500 * 100 // 100,000 = 81; carbon 50.
    # 40*81 + 30*75 + 15*86 + 15*50 = 3240 + 2250 + 1290 + 750 = 7530.
    r = ranking.score_pair(product(), need(green=True))
    assert (r.score, r.net_rate_ppm) == (7530, 18_500)
    assert r.reasons[-1].code == "green_purpose"


def test_the_likelihood_counts_in_whole_percent():
    # 755 per mille -> 75 % (floor), so the likelihood part is 30 * 75 = 2250 as with 750: the score stays 6060.
    p = MatchParams(likelihood_permille=(("B", 755), ("", 150)))
    assert ranking.score_pair(product(), need(), p).score == 6060
    assert ranking.rank_many([need()], ranking.Catalogue([product()], p)) == {1: [(1, 6060)]}


def test_the_batch_path_scores_like_the_single_pair():
    catalogue = ranking.Catalogue([product()])
    assert ranking.rank_many([need(), need(id=2, green=True)], catalogue) == {1: [(1, 6060)], 2: [(1, 7530)]}


def test_the_batch_path_includes_a_need_on_the_products_maximum_amount_and_term():
    catalogue = ranking.Catalogue([product()])
    edge = need(amount_fen=5000 * WAN, term_months=36)
    assert [pid for pid, _ in ranking.rank_many([edge], catalogue)[1]] == [1]
    beyond = need(amount_fen=5000 * WAN + 1)
    assert ranking.rank_many([beyond], catalogue) == {1: []}


def test_an_unknown_collateral_kind_satisfies_no_product_in_the_batch_path():
    # A product accepting allowances (bit 0): a need offering only an unknown kind must not match it.
    catalogue = ranking.Catalogue([product(collateral=frozenset({"allowances"}))])
    assert ranking.rank_many([need(collateral=frozenset({"gold"}))], catalogue) == {1: []}


def test_the_official_grab_defaults_are_three_banks_and_five_working_days():
    # RULES §4 (V): Huzhou's "first three banks, one week"; likelihoods (M) as documented in params.py.
    assert (params.DEFAULTS.slots, params.DEFAULTS.service_workdays) == (3, 5)
    assert [params.DEFAULTS.likelihood(b) for b in ("A", "B", "C", "D", "")] == [900, 750, 500, 300, 150]
    values = {x.key: x.value for x in params.PARAMETERS}
    assert (values["lpr_1y"], values["subsidy_share"]) == (Decimal("0.03"), Decimal("0.5"))


@pytest.mark.parametrize(("field", "ok", "refused"), [("slots", (1, 20), (0, 21)),
                                                      ("service_workdays", (1, 60), (0, 61))])  # fmt: skip
def test_grab_parameters_accept_their_bounds_and_refuse_one_beyond(field, ok, refused):
    for value in ok:
        assert getattr(MatchParams(**{field: value}), field) == value
    for value in refused:
        with pytest.raises(ValueError):
            MatchParams(**{field: value})


def test_the_net_rate_after_the_subsidy_and_the_month_label():
    # 10 % a year, half paid by the district: 100,000 - 100,000 * 500,000 // 1,000,000 = 50,000 ppm.
    assert funnel.net_rate_ppm(100_000, 500_000, True) == 50_000
    assert funnel.net_rate_ppm(100_000, 500_000, False) == 100_000
    assert funnel.month(date(2024, 3, 5)) == "2024-03"


def test_a_product_slower_than_thirty_working_days_scores_no_speed():
    # Speed = max(0, 30 - days) * 100 // 29: 0 at 30 days and at 45 days (not negative, not 1 * 100 // 29 = 3).
    # 40*63 + 30*75 + 15*0 = 4770, in both the single and the batch path.
    for days in (30, 45):
        slow = product(response_workdays=days)
        assert ranking.score_pair(slow, need()).score == 4770
        assert ranking.rank_many([need()], ranking.Catalogue([slow])) == {1: [(1, 4770)]}


def test_one_pledgeable_tonne_earns_the_pledge_score_and_none_does_not():
    # Pledge loan, band B, not green: 2520 + 2250 + 1290 = 6060, plus 15 * 100 = 1500 with a surplus -> 7560.
    pledge = Product(2, 10, ProductKind.PLEDGE_LOAN, min_amount_fen=100 * WAN, max_amount_fen=5000 * WAN,
                     min_term_months=6, max_term_months=36, spread_min_bp=30, spread_max_bp=150)  # fmt: skip
    catalogue = ranking.Catalogue([pledge])
    for tonnes, score in ((0, 6060), (1, 7560)):
        assert ranking.score_pair(pledge, need(pledgeable_t=tonnes)).score == score
        assert ranking.rank_many([need(pledgeable_t=tonnes)], catalogue) == {1: [(2, score)]}
