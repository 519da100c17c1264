"""Scorecard rules the full mutation run of the lending domain found untested: factor and card defaults,
knock-out thresholds, pillar contributions, and the problems a card document can have, each by hand."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from tanxin.lending.domain import scorecard

D = Decimal


def test_a_factor_without_missing_points_earns_nothing_for_a_missing_or_unmatched_value():
    numeric = scorecard.Factor("debt_ratio", scorecard.Pillar.FINANCE, D(100), "numeric", "lower",
                               bins=(scorecard.Bin(D("0.5"), D(100)),))  # no catch-all bin
    assert numeric.score(None) == (D(0), "missing")
    assert numeric.score(D("0.4")) == (D(100), "≤ 0.5")
    assert numeric.score(D("0.9")) == (D(0), "unknown")
    colour = scorecard.Factor("env_credit_colour", scorecard.Pillar.CREDIT, D(100), "category",
                              mapping=(("green", D(100)),), missing_points=D(20))  # fmt: skip
    assert colour.score("purple") == (D(20), "unknown")


def test_a_card_built_by_hand_is_unconfirmed_and_a_pillar_it_does_not_weigh_counts_zero():
    card = scorecard.Scorecard(1, ((scorecard.Pillar.CARBON, D(100)),), (), (), frozenset())
    assert card.unconfirmed is True
    assert (card.pillar_weight(scorecard.Pillar.CARBON), card.pillar_weight(scorecard.Pillar.NEED)) == (D(100), D(0))


CARD = scorecard.parse(scorecard.DEFAULT_CONFIG, 1)
DAY = date(2025, 6, 30)


def test_a_single_tonne_of_unresolved_shortfall_knocks_out():
    hits = scorecard.knockouts(CARD, {"unresolved_shortfall_t": scorecard.Fact(1, "registry", DAY)})
    assert [h.code for h in hits] == [scorecard.KnockOut.COMPLIANCE_SHORTFALL]
    assert scorecard.knockouts(CARD, {"unresolved_shortfall_t": scorecard.Fact(0, "registry", DAY)}) == ()


def strong() -> dict[str, scorecard.Fact]:
    """An enterprise that earns full points on every factor of the default card."""
    f = lambda v: scorecard.Fact(v, "registry", DAY)  # noqa: E731
    return {"surplus_ratio": f(D("0.25")), "compliance_record": f(D(1)), "emission_trend": f(D("-0.08")),
            "env_credit_colour": f("green"), "tax_credit_grade": f("A"), "overdue_loans": f(0),
            "debt_ratio": f(D("0.40")), "net_margin": f(D("0.12")), "disclosure_status": f("published"),
            "visit_rating": f("good"), "collateral_cover": f(D("2.5")), "green_purpose": f(True)}  # fmt: skip


def test_each_pillar_contributes_its_weight_times_its_score_over_a_hundred():
    # Full marks everywhere: every pillar scores 100 and contributes its own weight (30, 30, 20, 15, 5).
    result = scorecard.score(CARD, strong())
    assert [(p.pillar.value, p.score, p.contribution) for p in result.pillars] == [
        ("carbon", D(100), D(30)), ("credit", D(100), D(30)), ("finance", D(100), D(20)), ("green", D(100), D(15)),
        ("need", D(100), D(5))]  # fmt: skip


def card(**changes) -> dict:
    config = copy.deepcopy(scorecard.DEFAULT_CONFIG)
    config.update(changes)
    return config


def factor(config: dict, code: str) -> dict:
    return next(f for f in config["factors"] if f["code"] == code)


def problems_of(config: dict) -> list[str]:
    return [p["problem"] for p in scorecard.problems(config)]


def test_a_pillar_left_out_of_the_weights_weighs_zero_and_its_factors_need_not_sum_to_a_hundred():
    config = card(pillar_weights={"carbon": 35, "credit": 30, "finance": 20, "green": 15})  # need omitted: 0
    factor(config, "collateral_cover")["weight"] = 60  # need factors now 60 + 30 = 90: not checked at weight 0
    assert problems_of(config) == []
    config["pillar_weights"]["need"] = 0
    assert problems_of(config) == []


def test_a_pillar_of_weight_one_still_needs_its_factors_to_sum_to_a_hundred():
    config = card(pillar_weights={"carbon": 34, "credit": 30, "finance": 20, "green": 15, "need": 1})
    assert problems_of(config) == []
    factor(config, "collateral_cover")["weight"] = 60
    assert problems_of(config) == ["factor_weights_do_not_sum_to_100"]


def test_a_negative_pillar_weight_is_named_as_such():
    config = card(pillar_weights={"carbon": 40, "credit": 30, "finance": 20, "green": 15, "need": -5})
    assert problems_of(config)[0] == "weight_not_a_non_negative_number"


def test_a_factor_without_a_code_is_named_by_its_position():
    config = card()
    config["factors"].append({"weight": 10})
    found = [p for p in scorecard.problems(config) if p["problem"] == "unknown_factor"]
    assert found == [{"where": "factor 13", "problem": "unknown_factor"}]  # the 13th factor of the list


def test_factor_weights_may_be_zero_but_not_negative_or_missing():
    config = card()
    factor(config, "collateral_cover")["weight"], factor(config, "green_purpose")["weight"] = 100, 0
    assert problems_of(config) == []
    factor(config, "green_purpose")["weight"] = -1
    assert "weight_not_a_non_negative_number" in problems_of(config)
    factor(config, "green_purpose")["weight"] = "x"  # unreadable: counted as 0 in the pillar's sum, named once
    assert problems_of(config) == ["weight_not_a_non_negative_number"]


def test_each_malformed_factor_is_named_with_its_own_problem():
    cases = [
        ("debt_ratio", {"direction": "sideways"}, "unknown_direction"),
        ("net_margin", {"bins": [{"threshold": "0.10", "points": 100}, {"threshold": "abc", "points": 50},
                                 {"threshold": None, "points": 0}]}, "threshold_not_a_number"),  # the last one
        ("net_margin", {"bins": [{"threshold": "0.10", "points": 100}, {"threshold": "0.20", "points": 50},
                                 {"threshold": None, "points": 0}]}, "thresholds_out_of_order"),
        ("green_purpose", {"map": {}}, "category_map_empty"),
        ("green_purpose", {"missing_points": 101}, "points_outside_0_100"),
    ]  # fmt: skip
    for code, change, problem in cases:
        config = card()
        factor(config, code).update(change)
        assert scorecard.problems(config) == [{"where": code, "problem": problem}], code


def band_problems(**change) -> list[dict]:
    config = card()
    config["bands"][0].update(change)  # band A
    return [p for p in scorecard.problems(config)]


def test_a_band_may_start_at_a_hundred_but_not_above_and_needs_a_code():
    assert band_problems(min_score=100) == []
    assert band_problems(min_score=101) == [{"where": "A", "problem": "band_min_score_outside_0_100"}]
    assert band_problems(code="") == [{"where": "bands", "problem": "band_min_score_outside_0_100"}]


def test_a_band_ltv_cap_lies_strictly_between_zero_and_one():
    assert band_problems(ltv_cap="0.99") == []
    assert band_problems(ltv_cap="0") == [{"where": "A", "problem": "ltv_cap_outside_0_1"}]
    assert band_problems(ltv_cap="1") == [{"where": "A", "problem": "ltv_cap_outside_0_1"}]
