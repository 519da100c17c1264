"""Edges the full mutation run of the matchmaking domain found untested: product bounds, the literal request
bounds, the funnel's defaults and median, the batch path's eligibility edges, net rates and order.

Each number is worked by hand in the comment above its assertion.
"""

from __future__ import annotations

from datetime import date

import pytest

from tanxin.common.errors import DomainError
from tanxin.matchmaking.domain import eligibility, funnel, ranking, slots
from tanxin.matchmaking.domain.catalogue import Reason, check_need, check_product
from tanxin.matchmaking.domain.errors import SlotError, refuse
from tanxin.matchmaking.domain.params import MatchParams

from .domain_builders import WAN, need, product, refused_code

DAY = date(2024, 1, 1)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"min_amount_fen": 0}, "product_amount_range"),  # a product must lend at least one fen
        ({"min_amount_fen": 1, "max_amount_fen": 1}, None),  # one fen, and min == max is a range
        ({"min_amount_fen": WAN, "max_amount_fen": WAN}, None),
        ({"max_amount_fen": 1_000_000_000_000}, None),  # exactly 10 billion CNY
        ({"max_amount_fen": 1_000_000_000_001}, "product_amount_range"),
        ({"min_amount_fen": 2 * WAN, "max_amount_fen": WAN}, "product_min_above_max"),
        ({"spread_min_bp": 0, "spread_max_bp": 0}, None),  # no spread at all
        ({"spread_min_bp": 0, "spread_max_bp": 2000}, None),  # 20 % is the widest spread
        ({"spread_min_bp": 2000, "spread_max_bp": 2000}, None),
        ({"spread_min_bp": -1, "spread_max_bp": 10}, "product_spread_range"),
        ({"spread_min_bp": 0, "spread_max_bp": 2001}, "product_spread_range"),
        ({"spread_min_bp": 50, "spread_max_bp": 40}, "product_spread_range"),
    ],
)
def test_a_products_amount_and_spread_ranges_are_inclusive_and_one_beyond_is_refused(fields, code):
    assert refused_code(check_product, product(**fields)) == code


@pytest.mark.parametrize(
    ("amount_fen", "code"),
    [
        (1_000_000, None),  # 10,000 CNY = 1,000,000 fen: the smallest sane request
        (999_999, "request_amount_range"),
        (1_000_000_000_000, None),  # 10 billion CNY = 10^12 fen: the largest
        (1_000_000_000_001, "request_amount_range"),
    ],
)
def test_a_request_lies_between_ten_thousand_and_ten_billion_yuan(amount_fen, code):
    assert refused_code(check_need, need(amount_fen=amount_fen)) == code


def test_the_amount_refusal_names_its_bounds_in_yuan():
    with pytest.raises(DomainError) as caught:
        check_need(need(amount_fen=999_999))
    assert caught.value.details == {"field": "amount_fen", "low": 10_000, "high": 10_000_000_000}


def test_a_refusal_carries_its_field_and_values_or_nothing():
    assert refuse("c").details is None
    assert refuse("c", low=1).details == {"low": 1}
    assert refuse("c", "amount_fen").details == {"field": "amount_fen"}
    assert refuse("c", "amount_fen", low=1).details == {"field": "amount_fen", "low": 1}
    assert refuse("c").code == "c"


def test_a_reason_is_identified_by_its_code_and_its_values_only_feed_the_label():
    a, b = Reason("net_rate", {"net_ppm": 1}), Reason("net_rate", {"net_ppm": 2})
    assert a == b
    assert len({a, b}) == 1  # hashable, so a ranking's reasons can be collected
    assert Reason("speed") != Reason("likelihood")


@pytest.mark.parametrize(("band", "failed"), [("A", ()), ("B", ()), ("C", ()), ("D", ("band",)), ("", ("band",))])
def test_a_minimum_band_admits_that_band_and_every_better_one(band, failed):
    assert eligibility.failures(product(min_band="C"), need(band=band)) == failed


def test_without_a_minimum_band_every_band_and_no_band_are_admitted():
    for band in ("A", "D", ""):
        assert eligibility.failures(product(), need(band=band)) == ()


def test_an_event_without_an_amount_or_a_green_tag_adds_no_money_and_no_green_money():
    events = [funnel.StageEvent(1, 7, funnel.Stage.APPROVED, DAY),
              funnel.StageEvent(1, 7, funnel.Stage.DISBURSED, DAY, amount_fen=500)]  # fmt: skip
    f = funnel.funnel(events)
    assert (f.approved_fen, f.disbursed_fen, f.green_fen) == (0, 500, 0)


@pytest.mark.parametrize(("values", "expected"), [([], None), ([7], 7), ([9, 1, 5], 5), ([4, 1, 3, 2], 2)])
def test_the_median_is_the_lower_middle_value(values, expected):
    # Sorted [1, 5, 9]: index (3 - 1) // 2 = 1 -> 5; sorted [1, 2, 3, 4]: index (4 - 1) // 2 = 1 -> 2.
    assert funnel.median(values) == expected


def test_time_to_cash_counts_a_requests_first_disbursement():
    # Requested 1 January; paid on 11 January (10 days) and again on 31 January (30 days): 10 days to cash.
    events = [funnel.StageEvent(1, 7, funnel.Stage.DISBURSED, date(2024, 1, 31), 100, requested_on=DAY),
              funnel.StageEvent(1, 7, funnel.Stage.DISBURSED, date(2024, 1, 11), 100, requested_on=DAY)]  # fmt: skip
    f = funnel.funnel(events)
    assert (f.median_days_to_cash, f.disbursed_fen, f.as_of) == (10, 200, date(2024, 1, 31))


def test_groups_come_in_the_order_of_their_keys():
    # February's request (id 1) arrives first; January's (id 2) sorts first by its month label.
    events = [funnel.StageEvent(1, 7, funnel.Stage.REQUESTED, date(2024, 2, 3)),
              funnel.StageEvent(2, 8, funnel.Stage.REQUESTED, date(2024, 1, 9)),
              funnel.StageEvent(3, 8, funnel.Stage.REQUESTED, date(2024, 1, 20))]  # fmt: skip
    groups = funnel.by(events, lambda e: funnel.month(e.on))
    assert list(groups) == ["2024-01", "2024-02"]
    assert (groups["2024-01"].requests, groups["2024-02"].requests) == (2, 1)


def test_the_net_rate_is_floored_to_a_whole_ppm():
    # 30,001 - 30,001 * 500,000 // 1,000,000 = 30,001 - 15,000 = 15,001 (not 15,000.5).
    assert funnel.net_rate_ppm(30_001, 500_000, True) == 15_001


def test_ranking_weights_that_do_not_sum_to_a_hundred_are_refused():
    with pytest.raises(ValueError):
        MatchParams(weight_cost=41)  # 41 + 30 + 15 + 15 = 101
    assert MatchParams(weight_cost=41, weight_carbon=14).weight_cost == 41


def test_a_zero_net_rate_earns_the_full_cost_score():
    # LPR 0, band A, spread 0: rate 0, cost (100,000 - 0) * 100 // 100,000 = 100; likelihood 900 // 10 = 90;
    # speed (30 - 5) * 100 // 29 = 86; carbon 0.  40*100 + 30*90 + 15*86 = 4000 + 2700 + 1290 = 7990.
    p, free = MatchParams(lpr_ppm=0), product(spread_min_bp=0, spread_max_bp=0)
    assert ranking.score_pair(free, need(band="A"), p).score == 7990
    assert ranking.rank_many([need(band="A")], ranking.Catalogue([free], p)) == {1: [(1, 7990)]}


def test_the_subsidy_on_an_odd_rate_is_floored_in_both_paths():
    # LPR 30,001 ppm, band A spread 30 bp: rate 30,001 + 3,000 = 33,001; the district pays
    # 33,001 * 500,000 // 1,000,000 = 16,500, so the net rate is 16,501.
    # cost (100,000 - 16,501) * 100 // 100,000 = 83; 40*83 + 30*90 + 15*86 + 15*50 = 3320 + 2700 + 1290 + 750 = 8060.
    p, green = MatchParams(lpr_ppm=30_001), need(band="A", green=True)
    r = ranking.score_pair(product(), green, p)
    assert (r.rate_ppm, r.net_rate_ppm, r.score) == (33_001, 16_501, 8060)
    catalogue = ranking.Catalogue([product()], p)
    score, net = catalogue.scores(green, catalogue.eligible(green))
    assert ([int(x) for x in score], [int(x) for x in net]) == ([8060], [16_501])


def test_the_batch_path_nets_every_rate_as_the_single_pair_does():
    # Band B, spread 30..100 bp: 30 + 70 * 1 // 3 = 53 bp, rate 35,300 (not 35,333); green: 35,300 - 17,650 = 17,650.
    # Default spread 30..150 bp, band B: 70 bp, rate 37,000; green: 37,000 - 18,500 = 18,500 (a cut of 18,499
    # would follow from dividing by 1,000,001).
    for prod in (product(spread_max_bp=100), product()):
        catalogue = ranking.Catalogue([prod])
        for n in (need(), need(green=True)):
            _, net = catalogue.scores(n, catalogue.eligible(n))
            assert [int(x) for x in net] == [ranking.score_pair(prod, n).net_rate_ppm]
    catalogue = ranking.Catalogue([product(spread_max_bp=100)])
    assert [int(x) for x in catalogue.scores(need(), catalogue.eligible(need()))[1]] == [35_300]
    catalogue = ranking.Catalogue([product()])
    green = need(green=True)
    assert [int(x) for x in catalogue.scores(green, catalogue.eligible(green))[1]] == [18_500]


def test_the_net_rate_reason_says_whether_the_subsidy_applied():
    assert ranking.score_pair(product(), need(green=True)).reasons[0].values["subsidised"] is True
    assert ranking.score_pair(product(), need()).reasons[0].values["subsidised"] is False


def test_the_batch_path_includes_a_need_on_the_products_minimum_amount_and_term():
    catalogue = ranking.Catalogue([product()])
    edge = need(amount_fen=100 * WAN, term_months=6)
    assert [pid for pid, _ in ranking.rank_many([edge], catalogue)[1]] == [1]
    assert ranking.rank_many([need(amount_fen=100 * WAN - 1)], catalogue) == {1: []}
    assert ranking.rank_many([need(term_months=5)], catalogue) == {1: []}


def test_the_batch_path_admits_the_minimum_band_itself_and_not_a_worse_one():
    catalogue = ranking.Catalogue([product(min_band="B")])
    assert [pid for pid, _ in ranking.rank_many([need(band="B")], catalogue)[1]] == [1]
    assert ranking.rank_many([need(band="C")], catalogue) == {1: []}


def test_the_batch_path_serves_a_green_only_product_to_green_needs_only():
    catalogue = ranking.Catalogue([product(green_only=True)])
    assert [pid for pid, _ in ranking.rank_many([need(green=True)], catalogue)[1]] == [1]
    assert ranking.rank_many([need()], catalogue) == {1: []}


def test_the_batch_path_keeps_the_best_five_best_score_first():
    # Product 1: 300..600 bp, band B 300 + 300 // 3 = 400 bp, rate 70,000, cost 30: 1200 + 2250 + 1290 = 4740.
    # Products 2..6: 30..150 bp as in the hand-worked score, 6060 each; ties go to the lower product id.
    catalogue = ranking.Catalogue([product(1, spread_min_bp=300, spread_max_bp=600),
                                   *(product(pid) for pid in range(2, 7))])  # fmt: skip
    best = ranking.rank_many([need()], catalogue)[1]
    assert best == [(2, 6060), (3, 6060), (4, 6060), (5, 6060), (6, 6060)]
    assert ranking.rank_many([need()], catalogue, top=6)[1][-1] == (1, 4740)
    two = ranking.Catalogue([product(1, spread_min_bp=300, spread_max_bp=600), product(2)])
    assert ranking.rank_many([need()], two)[1] == [(2, 6060), (1, 4740)]
    assert [r.product_id for r in ranking.rank(need(), two.products)] == [2, 1]


def test_filter_many_counts_the_eligible_pairs():
    # Product 1 lends up to 50,000,000 CNY, product 2 up to 10,000,000: a need of 30,000,000 fits product 1
    # only, a need of 5,000,000 fits both, a need of 60,000,000 fits neither: 1 + 2 + 0 = 3 pairs.
    catalogue = ranking.Catalogue([product(1), product(2, max_amount_fen=1000 * WAN)])
    needs = [need(id=1), need(id=2, amount_fen=500 * WAN), need(id=3, amount_fen=6000 * WAN)]
    assert ranking.filter_many(needs, catalogue) == 3


def test_a_closed_request_takes_no_more_acceptances():
    with pytest.raises(SlotError) as caught:
        slots.accept(slots.Grab((1,), 3, 5, closed=True), 1, date(2026, 3, 2))
    assert caught.value.code == "request_closed"
