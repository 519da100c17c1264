from __future__ import annotations

import pytest

from tanxin.support.domain import (
    EligibilityRule,
    RuleKind,
    SupportError,
    evaluate_eligibility,
    require_eligible,
)

from .builders import D

RULES = (
    EligibilityRule("registered_in_district", RuleKind.IN, "district", frozenset({"440305"})),
    EligibilityRule("type_supported", RuleKind.IN, "enterprise_type", frozenset({"production", "rd", "service"})),
    EligibilityRule("industry_not_excluded", RuleKind.NOT_IN, "industry", frozenset({"real_estate"})),
    EligibilityRule("disclosure_published", RuleKind.IS_TRUE, "disclosure_published"),
    EligibilityRule("no_major_violation", RuleKind.IS_FALSE, "major_violation_3y"),
    EligibilityRule("operating_one_year", RuleKind.AT_LEAST, "years_operating", threshold=D(1)),
)
GOOD = {
    "district": "440305",
    "enterprise_type": "production",
    "industry": "electronics",
    "disclosure_published": True,
    "major_violation_3y": False,
    "years_operating": 3,
}


def test_an_enterprise_meeting_every_rule_is_eligible():
    result = evaluate_eligibility(RULES, GOOD)
    assert result.eligible and result.reasons == ()
    require_eligible(RULES, GOOD)


def test_every_failing_rule_is_reported_not_just_the_first():
    facts = {**GOOD, "district": "440304", "industry": "real_estate", "major_violation_3y": True}
    result = evaluate_eligibility(RULES, facts)
    assert not result.eligible
    assert [(r.rule, r.problem, r.actual) for r in result.reasons] == [
        ("registered_in_district", "failed", "440304"),
        ("industry_not_excluded", "failed", "real_estate"),
        ("no_major_violation", "failed", "True"),
    ]


def test_a_missing_fact_fails_its_rule_instead_of_being_assumed():
    facts = {k: v for k, v in GOOD.items() if k != "disclosure_published"}
    (reason,) = evaluate_eligibility(RULES, facts).reasons
    assert (reason.rule, reason.problem) == ("disclosure_published", "missing_fact")


@pytest.mark.parametrize("years", [0, "0.5", 0.9, True, "many"])
def test_a_number_below_the_threshold_a_float_a_bool_or_text_does_not_pass_at_least(years):
    result = evaluate_eligibility(RULES, {**GOOD, "years_operating": years})
    assert [r.rule for r in result.reasons] == ["operating_one_year"]


def test_a_truthy_string_is_not_true():
    result = evaluate_eligibility(RULES, {**GOOD, "disclosure_published": "yes"})
    assert [r.rule for r in result.reasons] == ["disclosure_published"]


def test_require_eligible_raises_not_eligible_with_the_reasons_as_details():
    with pytest.raises(SupportError) as exc:
        require_eligible(RULES, {**GOOD, "enterprise_type": "other"})
    assert exc.value.code == "not_eligible"
    assert exc.value.details["reasons"][0]["rule"] == "type_supported"
