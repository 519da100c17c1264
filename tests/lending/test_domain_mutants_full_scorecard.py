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
    assert scorecard.parse(config, 2).pillar_weight(scorecard.Pillar.NEED) == D(0)  # parsed as 0, not guessed
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


def test_a_band_spread_lies_between_zero_and_2000_basis_points():
    assert band_problems(spread_bp=0) == []
    assert band_problems(spread_bp=2000) == []
    for bad in (2001, -1):
        assert band_problems(spread_bp=bad) == [{"where": "A", "problem": "spread_outside_0_2000"}]


def test_a_band_without_a_code_is_named_as_the_bands():
    assert band_problems(code="", ltv_cap="1", spread_bp=2001) == [
        {"where": "bands", "problem": "band_min_score_outside_0_100"},
        {"where": "bands", "problem": "ltv_cap_outside_0_1"},
        {"where": "bands", "problem": "spread_outside_0_2000"}]  # fmt: skip


def test_the_parsed_default_card_keeps_its_knock_outs_and_a_factors_missing_points_default_to_zero():
    assert CARD.knockouts == frozenset(scorecard.KnockOut)
    surplus = next(f for f in CARD.factors if f.code == "surplus_ratio")  # no missing_points in the document
    assert surplus.missing_points == D(0)
    config = card()
    del config["unconfirmed"]
    assert scorecard.parse(config, 2).unconfirmed is True  # a card is "to be confirmed" unless it says otherwise


def test_a_numeric_factor_reads_booleans_as_one_and_zero_and_refuses_floats():
    record = next(f for f in CARD.factors if f.code == "compliance_record")  # >= 1: 100, >= 0.66: 60, else 0
    assert record.score(True) == (D(100), "≥ 1")
    assert record.score(False) == (D(0), "otherwise")
    try:
        record.score(0.9)
    except TypeError:
        pass
    else:
        raise AssertionError("a float input must be refused")


def test_a_float_weight_in_a_card_document_is_not_a_number_the_card_accepts():
    config = card()
    factor(config, "surplus_ratio")["weight"] = 50.0  # refused, so the carbon weights sum to 30 + 20 only
    assert problems_of(config) == ["weight_not_a_non_negative_number", "factor_weights_do_not_sum_to_100"]


def test_the_total_is_rounded_half_up_to_the_cent():
    # One pillar (weight 100), one factor (weight 100) earning 33.335: 100 x 100 x 33.335 / 10,000 = 33.335 -> 33.34.
    one = scorecard.Factor("surplus_ratio", scorecard.Pillar.CARBON, D(100), "numeric",
                           bins=(scorecard.Bin(None, D("33.335")),))  # fmt: skip
    hand = scorecard.Scorecard(1, ((scorecard.Pillar.CARBON, D(100)),), (one,),
                               (scorecard.Band("D", D(0), D("0.30"), 220),), frozenset())  # fmt: skip
    result = scorecard.score(hand, {"surplus_ratio": scorecard.Fact(D(1), "registry", DAY)})
    assert (result.total, result.pillars[0].score) == (D("33.34"), D("33.34"))


DEFAULT_POINTS = [  # (factor, value, points) on and around every bin of the proposed card (RULES.md §4, M)
    ("surplus_ratio", "0.20", 100), ("surplus_ratio", "0.10", 85), ("surplus_ratio", "0", 65),
    ("surplus_ratio", "-0.05", 30), ("surplus_ratio", "-0.06", 0),
    ("compliance_record", "1", 100), ("compliance_record", "0.66", 60), ("compliance_record", "0.65", 0),
    ("emission_trend", "-0.05", 100), ("emission_trend", "0", 70), ("emission_trend", "0.05", 40),
    ("emission_trend", "0.06", 0), ("emission_trend", None, 40),
    ("env_credit_colour", "green", 100), ("env_credit_colour", "blue", 80), ("env_credit_colour", "yellow", 40),
    ("env_credit_colour", "red", 0),
    ("tax_credit_grade", "A", 100), ("tax_credit_grade", "B", 80), ("tax_credit_grade", "M", 60),
    ("tax_credit_grade", "C", 30), ("tax_credit_grade", "D", 0),
    ("overdue_loans", "0", 100), ("overdue_loans", "1", 40), ("overdue_loans", "2", 0),
    ("debt_ratio", "0.50", 100), ("debt_ratio", "0.65", 70), ("debt_ratio", "0.80", 40), ("debt_ratio", "0.81", 0),
    ("net_margin", "0.10", 100), ("net_margin", "0.05", 75), ("net_margin", "0", 50), ("net_margin", "-0.01", 0),
    ("disclosure_status", "published", 100), ("disclosure_status", "verified", 70), ("disclosure_status", "none", 0),
    ("visit_rating", "good", 100), ("visit_rating", "fair", 60), ("visit_rating", "poor", 0),
    ("visit_rating", None, 50),
    ("collateral_cover", "2", 100), ("collateral_cover", "1", 70), ("collateral_cover", "0.5", 40),
    ("collateral_cover", "0.49", 0),
    ("green_purpose", True, 100), ("green_purpose", False, 40),
]  # fmt: skip


def test_the_proposed_cards_bins_give_the_documented_points():
    factors = {f.code: f for f in CARD.factors}
    for code, value, points in DEFAULT_POINTS:
        raw = value if value is None or isinstance(value, bool) else (D(value) if value[0] in "-0123456789" else value)
        assert factors[code].score(raw)[0] == D(points), (code, value)


def test_the_proposed_cards_weights_and_bands():
    assert [(f.code, f.weight) for f in CARD.factors] == [
        ("surplus_ratio", 50), ("compliance_record", 30), ("emission_trend", 20), ("env_credit_colour", 40),
        ("tax_credit_grade", 30), ("overdue_loans", 30), ("debt_ratio", 60), ("net_margin", 40),
        ("disclosure_status", 40), ("visit_rating", 60), ("collateral_cover", 70), ("green_purpose", 30)]  # fmt: skip
    assert [(b.code, b.min_score, b.ltv_cap, b.spread_bp) for b in CARD.bands] == [
        ("A", 80, D("0.50"), 50), ("B", 65, D("0.45"), 90), ("C", 50, D("0.40"), 140), ("D", 0, D("0.30"), 220)]
