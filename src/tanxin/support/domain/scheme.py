"""A yearly scheme: money, window, criteria, allocation rule; and the guards that protect them.

Criteria freeze when applications open: an enterprise must be scored by the rules it applied under,
so after ``open`` neither the tree nor its fingerprint may change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from .allocation import AllocationRule
from .automatic import AutoScoringConfig
from .criteria import CriteriaTree, EnterpriseType, criteria_fingerprint, validate_criteria
from .eligibility import EligibilityRule, RuleKind
from .errors import support_error
from .workflow import SchemeStatus

DEFAULT_CAP_FEN = 50_000_000  # 500,000 CNY per enterprise, the 2023 Nanshan figure (RULES.md §7, V)
DEFAULT_PUBLICITY_WORKDAYS = 5  # M: a common 公示 length; configurable per scheme
DEFAULT_SPREAD_THRESHOLD = Decimal(20)  # M: points between highest and lowest expert total


@dataclass(frozen=True)
class SchemeConfig:
    code: str
    year: int
    version: int
    budget_fen: int
    window_opens: datetime
    window_closes: datetime
    criteria: CriteriaTree
    allocation: AllocationRule
    eligibility: tuple[EligibilityRule, ...] = ()
    auto_scoring: AutoScoringConfig = field(default_factory=AutoScoringConfig)
    per_enterprise_cap_fen: int = DEFAULT_CAP_FEN
    publicity_workdays: int = DEFAULT_PUBLICITY_WORKDAYS
    spread_threshold: Decimal = DEFAULT_SPREAD_THRESHOLD


def scheme_problems(scheme: SchemeConfig) -> list[dict[str, str]]:
    """Configuration problems outside the criteria tree (which ``validate_criteria`` checks)."""
    out: list[dict[str, str]] = []
    if scheme.budget_fen <= 0:
        out.append({"problem": "budget_not_positive"})
    if scheme.per_enterprise_cap_fen <= 0:
        out.append({"problem": "cap_not_positive"})
    if scheme.window_closes <= scheme.window_opens:
        out.append({"problem": "window_closes_before_it_opens"})
    if scheme.publicity_workdays < 1:
        out.append({"problem": "publicity_too_short"})
    if scheme.spread_threshold < 0:
        out.append({"problem": "spread_threshold_negative"})
    return out


def admitted_types(scheme: SchemeConfig) -> frozenset[EnterpriseType]:
    """Enterprise types the eligibility rules let in (an ``in`` rule on ``enterprise_type``)."""
    admitted = frozenset(EnterpriseType)
    for rule in scheme.eligibility:
        if rule.fact == "enterprise_type" and rule.kind is RuleKind.IN:
            admitted &= frozenset(t for t in EnterpriseType if t.value in rule.values)
    return admitted


def validate_scheme(scheme: SchemeConfig) -> None:
    validate_criteria(scheme.criteria, admitted_types(scheme))
    problems = scheme_problems(scheme)
    if problems:
        raise support_error("invalid_criteria", problems=problems)


def ensure_criteria_editable(status: SchemeStatus) -> None:
    """Only a draft scheme's criteria may be edited."""
    if status is not SchemeStatus.DRAFT:
        raise support_error("criteria_frozen", status=status.value)


def ensure_criteria_unchanged(frozen_fingerprint: str, tree: CriteriaTree) -> None:
    """Defence in depth: the service re-checks the stored fingerprint before scoring."""
    actual = criteria_fingerprint(tree)
    if actual != frozen_fingerprint:
        raise support_error("criteria_frozen", expected=frozen_fingerprint, actual=actual)


def in_window(scheme: SchemeConfig, at: datetime) -> bool:
    """The window is [opens, closes): an application at the closing instant is late."""
    return scheme.window_opens <= at < scheme.window_closes


def ensure_in_window(scheme: SchemeConfig, at: datetime) -> None:
    if not in_window(scheme, at):
        raise support_error(
            "outside_window",
            at=at.isoformat(),
            opens=scheme.window_opens.isoformat(),
            closes=scheme.window_closes.isoformat(),
        )


# What an enterprise relied on when it applied: fixed from ``open`` on. Money, deadlines and the
# allocation rule may still be revised (a budget top-up, an extended deadline), as a new version.
FROZEN_ON_OPEN = frozenset({"criteria", "eligibility", "auto_scoring", "window_opens", "code", "year"})


def revise_scheme(scheme: SchemeConfig, status: SchemeStatus, **changes: Any) -> SchemeConfig:
    """A new version of the scheme with ``changes``; frozen fields refuse to change after draft."""
    unknown = set(changes) - set(SchemeConfig.__dataclass_fields__) | ({"version"} & set(changes))
    if unknown:
        raise ValueError(f"cannot revise {sorted(unknown)}")
    touched = sorted(k for k in changes if k in FROZEN_ON_OPEN and changes[k] != getattr(scheme, k))
    if touched and status is not SchemeStatus.DRAFT:
        raise support_error("criteria_frozen", status=status.value, fields=touched)
    revised = replace(scheme, version=scheme.version + 1, **changes)
    validate_scheme(revised)
    return revised
