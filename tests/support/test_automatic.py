from __future__ import annotations

import pytest

from tanxin.support.domain import AutoScoringConfig, EnterpriseFacts, Tier, score_automatic_item
from tanxin.support.domain.automatic import (
    intensity_reduction,
    pick_tier,
    score_compliance,
    score_disclosure,
    score_intensity_reduction,
    score_surplus,
)

from .builders import D, golden_tree

CFG = AutoScoringConfig()


@pytest.mark.parametrize(
    ("published", "verified", "points", "rule"),
    [
        (True, True, 10, "published_and_verified"),
        (True, False, 5, "published"),
        (False, True, 0, "not_published"),  # verified but never published earns nothing
        (False, False, 0, "not_published"),
    ],
)
def test_disclosure_points_follow_publication_then_verification(published, verified, points, rule):
    result = score_disclosure(EnterpriseFacts("E", published, verified), CFG)
    assert (result.points, result.provenance.rule) == (D(points), rule)


@pytest.mark.parametrize(
    ("this", "last", "points"),
    [
        ("0.90", "1.00", 10),  # exactly 10 % reduction: inclusive tier
        ("0.9001", "1.00", 6),  # 9.99 %
        ("0.95", "1.00", 6),  # exactly 5 %
        ("0.9999", "1.00", 3),  # any reduction
        ("1.00", "1.00", 0),  # no change
        ("1.20", "1.00", 0),  # intensity went up
    ],
)
def test_intensity_reduction_tiers_are_inclusive_at_10_and_5_percent(this, last, points):
    facts = EnterpriseFacts("E", intensity_this_year=D(this), intensity_last_year=D(last))
    assert score_intensity_reduction(facts, CFG).points == D(points)


@pytest.mark.parametrize(("this", "last"), [(None, "1"), ("1", None), ("1", "0"), ("-1", "1")])
def test_intensity_without_a_usable_baseline_scores_zero_and_says_so(this, last):
    facts = EnterpriseFacts(
        "E",
        intensity_this_year=None if this is None else D(this),
        intensity_last_year=None if last is None else D(last),
    )
    result = score_intensity_reduction(facts, CFG)
    assert (result.points, result.provenance.rule) == (0, "no_baseline")
    assert intensity_reduction(facts.intensity_this_year, facts.intensity_last_year) is None


@pytest.mark.parametrize(
    ("surplus", "points"),
    [(None, 0), (0, 0), (1_000, 0), (1_001, 4), (10_000, 4), (10_001, 7), (30_000, 7), (30_001, 10)],
)
def test_surplus_tiers_use_the_2016_more_than_thresholds(surplus, points):
    assert score_surplus(EnterpriseFacts("E", surplus_t=surplus), CFG).points == D(points)


@pytest.mark.parametrize(("on_time", "points"), [(True, 5), (False, 0), (None, 0)])
def test_compliance_on_time_earns_its_points_and_late_or_unknown_earns_none(on_time, points):
    assert score_compliance(EnterpriseFacts("E", compliance_on_time=on_time), CFG).points == D(points)


def test_tiers_are_data_so_a_scheme_can_change_them():
    cfg = AutoScoringConfig(surplus_tiers=(Tier(D(500), D(2), inclusive=True),))
    assert score_surplus(EnterpriseFacts("E", surplus_t=500), cfg).points == D(2)


def test_pick_tier_takes_the_highest_matching_tier_whatever_the_order_given():
    tiers = (Tier(D(1), D(1)), Tier(D(10), D(3)), Tier(D(5), D(2)))
    assert pick_tier(D(11), tiers).points == D(3)
    assert pick_tier(D(1), tiers) is None


def test_an_item_never_scores_above_its_maximum_even_if_a_tier_says_more():
    tree = golden_tree()
    m2 = tree.item("M2")  # compliance, max 5
    cfg = AutoScoringConfig(compliance_on_time_points=D(8))
    line = score_automatic_item(m2, EnterpriseFacts("E", compliance_on_time=True), cfg)
    assert line.points == D(5)


def test_an_automatic_line_carries_the_facts_and_their_sources():
    facts = EnterpriseFacts("E", surplus_t=40_000, sources={"surplus_t": "registry:compliance/2023/E"})
    line = score_automatic_item(golden_tree().item("M3"), facts, CFG)
    assert line.provenance.kind == "automatic"
    assert line.provenance.facts == (("surplus_t", "40000"),)
    assert line.provenance.sources == ("registry:compliance/2023/E",)
    assert line.provenance.rule == "surplus_t > 30000"


def test_asking_an_expert_item_for_an_automatic_score_is_a_programming_error():
    with pytest.raises(ValueError):
        score_automatic_item(golden_tree().item("M4"), EnterpriseFacts("E"), CFG)
