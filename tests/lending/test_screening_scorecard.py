"""The screening scorecard (pure): knock-outs with reason codes, weighted scores, bands, validation."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanxin.common.errors import DomainError
from tanxin.lending.domain.scorecard import (
    DEFAULT_CONFIG,
    FACTORS,
    Fact,
    KnockOut,
    Pillar,
    fingerprint,
    parse,
    problems,
    score,
)

DAY = date(2025, 6, 30)
CARD = parse(DEFAULT_CONFIG, 1)


def fact(value, source="registry") -> Fact:
    return Fact(value, source, DAY)


def strong() -> dict[str, Fact]:
    """An enterprise that earns full points on every factor."""
    return {
        "surplus_ratio": fact(Decimal("0.25")), "compliance_record": fact(Decimal(1)),
        "emission_trend": fact(Decimal("-0.08")),
        "env_credit_colour": fact("green", "credit_record"), "tax_credit_grade": fact("A", "credit_record"),
        "overdue_loans": fact(0, "credit_record"), "debt_ratio": fact(Decimal("0.40"), "financial_statement"),
        "net_margin": fact(Decimal("0.12"), "financial_statement"), "disclosure_status": fact("published"),
        "visit_rating": fact("good", "visit"), "collateral_cover": fact(Decimal("2.5"), "loan_application"),
        "green_purpose": fact(True, "loan_application"), "dishonest_debtor": fact(False, "credit_record"),
        "unresolved_shortfall_t": fact(0), "holdings_t": fact(200_000), "encumbered_t": fact(0),
    }  # fmt: skip


def test_the_default_card_is_valid_and_weights_the_pillars_30_30_20_15_5():
    assert problems(DEFAULT_CONFIG) == []
    assert set(DEFAULT_CONFIG["knockouts"]) == set(KnockOut)
    assert dict(CARD.pillar_weights) == {
        Pillar.CARBON: 30, Pillar.CREDIT: 30, Pillar.FINANCE: 20, Pillar.GREEN: 15, Pillar.NEED: 5,
    }  # fmt: skip
    assert CARD.unconfirmed is True
    assert [b.code for b in CARD.bands] == ["A", "B", "C", "D"]


def test_full_marks_everywhere_scores_100_in_band_a_with_its_ltv_cap_and_spread():
    result = score(CARD, strong())
    assert result.total == Decimal("100.00")
    assert not result.knocked_out
    assert (result.band.code, result.band.ltv_cap, result.band.spread_bp) == ("A", Decimal("0.50"), 50)
    assert result.missing == ()


def test_golden_mixed_enterprise_scores_exactly_as_worked_by_hand():
    facts = strong() | {
        "surplus_ratio": fact(Decimal("0.05")),  # 65 points
        "compliance_record": fact(Decimal("0.67")),  # 60
        "emission_trend": fact(Decimal("0.03"), "registry"),  # 40
        "env_credit_colour": fact("blue", "credit_record"),  # 80
        "tax_credit_grade": fact("B", "credit_record"),  # 80
        "overdue_loans": fact(1, "credit_record"),  # 40
        "debt_ratio": fact(Decimal("0.70"), "financial_statement"),  # 40
        "net_margin": fact(Decimal("0.06"), "financial_statement"),  # 75
        "disclosure_status": fact("verified"),  # 70
        "visit_rating": fact("fair", "visit"),  # 60
        "collateral_cover": fact(Decimal("0.8"), "loan_application"),  # 40
        "green_purpose": fact(False, "loan_application"),  # 40
    }
    # carbon = .5×65 + .3×60 + .2×40 = 58.5; credit = .4×80 + .3×80 + .3×40 = 68; finance = .6×40 + .4×75 = 54;
    # green = .4×70 + .6×60 = 64; need = .7×40 + .3×40 = 40
    # total = .30×58.5 + .30×68 + .20×54 + .15×64 + .05×40 = 17.55 + 20.4 + 10.8 + 9.6 + 2 = 60.35 → band C
    result = score(CARD, facts)
    assert {p.pillar: p.score for p in result.pillars} == {
        Pillar.CARBON: Decimal("58.50"), Pillar.CREDIT: Decimal("68.00"), Pillar.FINANCE: Decimal("54.00"),
        Pillar.GREEN: Decimal("64.00"), Pillar.NEED: Decimal("40.00"),
    }  # fmt: skip
    assert result.total == Decimal("60.35")
    assert result.band.code == "C"
    surplus = next(s for s in result.factors if s.code == "surplus_ratio")
    assert (surplus.points, surplus.rule, surplus.fact.source, surplus.fact.as_of) == (
        Decimal(65), "≥ 0", "registry", DAY)
    assert surplus.contribution == Decimal("9.75")  # 30 × 50 × 65 / 10^4


def test_every_score_carries_its_input_source_and_date():
    result = score(CARD, strong())
    assert {s.code for s in result.factors} == set(FACTORS)
    for s in result.factors:
        assert s.fact.source != "none" and s.fact.as_of == DAY


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"dishonest_debtor": fact(True, "credit_record")}, KnockOut.DISHONEST_DEBTOR),
        ({"env_credit_colour": fact("red", "credit_record")}, KnockOut.ENV_CREDIT_RED),
        ({"unresolved_shortfall_t": fact(1_200)}, KnockOut.COMPLIANCE_SHORTFALL),
        ({"encumbered_t": fact(200_000)}, KnockOut.ENCUMBERED),
        ({"holdings_t": fact(0), "encumbered_t": fact(0)}, KnockOut.ENCUMBERED),
    ],
)
def test_each_knock_out_removes_the_band_and_names_its_reason(change, code):
    result = score(CARD, strong() | change)
    assert result.knocked_out
    assert [h.code for h in result.knockouts] == [code]
    assert result.band is None
    assert result.total > 0  # the score is still shown, for the record


def test_several_knock_outs_are_all_listed_in_a_fixed_order():
    facts = strong() | {"encumbered_t": fact(300_000), "dishonest_debtor": fact(True, "credit_record")}
    assert [h.code for h in score(CARD, facts).knockouts] == [KnockOut.DISHONEST_DEBTOR, KnockOut.ENCUMBERED]


def test_a_disabled_knock_out_does_not_fire():
    config = copy.deepcopy(DEFAULT_CONFIG)
    config["knockouts"] = ["dishonest_debtor"]
    card = parse(config, 2)
    assert not score(card, strong() | {"env_credit_colour": fact("red", "credit_record")}).knocked_out


def test_missing_inputs_earn_the_missing_points_and_are_listed_never_knock_out():
    result = score(CARD, {})
    assert not result.knocked_out
    assert set(result.missing) == set(FACTORS)
    # only the emission trend (40) and the visit (50) give points when unknown: .3×.2×40 + .15×.6×50 = 2.4 + 4.5
    assert result.total == Decimal("6.90")
    assert result.band.code == "D"


def test_the_fingerprint_changes_with_any_number_in_the_card():
    changed = copy.deepcopy(DEFAULT_CONFIG)
    changed["bands"][0]["spread_bp"] = 55
    assert fingerprint(changed) != fingerprint(DEFAULT_CONFIG)
    assert parse(DEFAULT_CONFIG, 1).fingerprint == fingerprint(copy.deepcopy(DEFAULT_CONFIG))


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda c: c["pillar_weights"].update(carbon=31), "weights_do_not_sum_to_100"),
        (lambda c: c["pillar_weights"].update(luck=0), "unknown_pillar"),
        (lambda c: c["factors"][0].update(weight=49), "factor_weights_do_not_sum_to_100"),
        (lambda c: c["factors"].append({"code": "horoscope", "weight": 1, "kind": "numeric"}), "unknown_factor"),
        (lambda c: c["factors"].append(copy.deepcopy(c["factors"][0])), "duplicate_factor"),
        (lambda c: c["factors"][0]["bins"].pop(), "bins_need_a_final_catch_all"),
        (lambda c: c["factors"][0]["bins"].reverse(), "bins_need_a_final_catch_all"),
        (lambda c: c["factors"][0]["bins"][0].update(threshold="0.01"), "thresholds_out_of_order"),
        (lambda c: c["factors"][0]["bins"][0].update(points=101), "points_outside_0_100"),
        (lambda c: c["factors"][3]["map"].update(green=-1), "points_outside_0_100"),
        (lambda c: c["factors"][3].update(kind="vibes"), "unknown_kind"),
        (lambda c: c["bands"][0].update(ltv_cap="1.2"), "ltv_cap_outside_0_1"),
        (lambda c: c["bands"][0].update(spread_bp=-5), "spread_outside_0_2000"),
        (lambda c: c["bands"].reverse(), "bands_not_in_descending_order"),
        (lambda c: c["bands"][3].update(min_score=10), "lowest_band_must_start_at_0"),
        (lambda c: c.update(bands=[]), "no_bands"),
        (lambda c: c.update(knockouts=["bad_luck"]), "unknown_knockout"),
    ],
)
def test_an_invalid_card_is_refused_with_the_problem_named(edit, problem):
    config = copy.deepcopy(DEFAULT_CONFIG)
    edit(config)
    assert problem in {p["problem"] for p in problems(config)}
    with pytest.raises(DomainError) as exc:
        parse(config, 9)
    assert exc.value.code == "invalid_scorecard"


# ---------------------------------------------------------------- properties

ratios = st.decimals(min_value=Decimal("-1"), max_value=Decimal("3"), places=3, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    surplus=ratios, record=st.decimals(min_value=0, max_value=1, places=2), trend=ratios,
    colour=st.sampled_from(["green", "blue", "yellow", "red", None]), grade=st.sampled_from(["A", "B", "M", "C", "D"]),
    overdue=st.integers(0, 5), debt=ratios, margin=ratios, cover=ratios,
)  # fmt: skip
def test_the_total_stays_within_0_and_100_and_the_band_matches_its_range(
    surplus, record, trend, colour, grade, overdue, debt, margin, cover
):
    facts = strong() | {
        "surplus_ratio": fact(surplus), "compliance_record": fact(record), "emission_trend": fact(trend),
        "env_credit_colour": fact(colour), "tax_credit_grade": fact(grade), "overdue_loans": fact(overdue),
        "debt_ratio": fact(debt), "net_margin": fact(margin), "collateral_cover": fact(cover),
    }  # fmt: skip
    result = score(CARD, facts)
    assert Decimal(0) <= result.total <= Decimal(100)
    assert result.total == sum((s.contribution for s in result.factors), Decimal(0)).quantize(Decimal("0.01"))
    if not result.knocked_out:
        assert result.band is not None and result.total >= result.band.min_score
        better = [b for b in CARD.bands if b.min_score > result.band.min_score]
        assert all(result.total < b.min_score for b in better)


@settings(max_examples=200, deadline=None)
@given(low=ratios, high=ratios, code=st.sampled_from(["surplus_ratio", "net_margin", "collateral_cover",
                                                      "debt_ratio", "emission_trend"]))
def test_a_better_value_never_lowers_the_score(low, high, code):
    low, high = min(low, high), max(low, high)
    lower_is_better = code in ("debt_ratio", "emission_trend")
    worse, better = (high, low) if lower_is_better else (low, high)
    assert score(CARD, strong() | {code: fact(better)}).total >= score(CARD, strong() | {code: fact(worse)}).total
