"""Eligibility rules as data, evaluated against a plain facts dict, with every failing reason.

Facts come from other modules (orgs: type, industry, district; disclosure: published; registry:
compliance) as a flat dict, so this code never reaches into their tables. Every failing rule is
reported, not just the first: the enterprise should fix everything in one round.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tanxin.common.money import to_decimal

from .errors import support_error


class RuleKind(StrEnum):
    IN = "in"  # facts[fact] is one of values
    NOT_IN = "not_in"  # facts[fact] is none of values (e.g. excluded industries)
    IS_TRUE = "is_true"  # facts[fact] is True (e.g. registered in district, disclosure published)
    IS_FALSE = "is_false"  # facts[fact] is False (e.g. major environmental violation in 3 years)
    AT_LEAST = "at_least"  # facts[fact] >= threshold (e.g. years in operation)


@dataclass(frozen=True)
class EligibilityRule:
    code: str  # stable key the UI translates, e.g. "registered_in_district"
    kind: RuleKind
    fact: str
    values: frozenset[str] = frozenset()
    threshold: Decimal | None = None


@dataclass(frozen=True)
class Reason:
    rule: str
    problem: str  # "failed" or "missing_fact"
    fact: str
    actual: str | None = None


@dataclass(frozen=True)
class EligibilityResult:
    eligible: bool
    reasons: tuple[Reason, ...]


_MISSING = object()


def evaluate_eligibility(rules: tuple[EligibilityRule, ...], facts: Mapping[str, Any]) -> EligibilityResult:
    reasons = tuple(r for r in (_check(rule, facts) for rule in rules) if r is not None)
    return EligibilityResult(eligible=not reasons, reasons=reasons)


def require_eligible(rules: tuple[EligibilityRule, ...], facts: Mapping[str, Any]) -> None:
    result = evaluate_eligibility(rules, facts)
    if not result.eligible:
        raise support_error("not_eligible", reasons=[r.__dict__ for r in result.reasons])


def _check(rule: EligibilityRule, facts: Mapping[str, Any]) -> Reason | None:
    value = facts.get(rule.fact, _MISSING)
    # A missing fact never passes: eligibility is proven by facts, not assumed.
    if value is _MISSING or value is None:
        return Reason(rule.code, "missing_fact", rule.fact)
    if _passes(rule, value):
        return None
    return Reason(rule.code, "failed", rule.fact, str(value))


def _passes(rule: EligibilityRule, value: Any) -> bool:
    if rule.kind is RuleKind.IN:
        return str(value) in rule.values
    if rule.kind is RuleKind.NOT_IN:
        return str(value) not in rule.values
    if rule.kind is RuleKind.IS_TRUE:
        return value is True
    if rule.kind is RuleKind.IS_FALSE:
        return value is False
    if rule.kind is RuleKind.AT_LEAST:
        if rule.threshold is None or isinstance(value, float | bool):
            return False  # floats are inexact and bools are not numbers here: refuse, don't guess
        try:
            return to_decimal(value) >= rule.threshold
        except (TypeError, ValueError):
            return False
    raise ValueError(f"unknown rule kind {rule.kind!r}")
