"""The criteria tree of a scheme: categories → items, who each item applies to, how it is scored.

The tree is plain data so the bureau can design a new one each year without a code change; the code
only validates it and answers "which items apply to this enterprise?".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from tanxin.common.hashing import canonical_hash

from .errors import support_error


class EnterpriseType(StrEnum):
    PRODUCTION = "production"
    RD = "rd"
    SERVICE = "service"
    OTHER = "other"


class Category(StrEnum):
    """The four supported categories named in the seed (RULES.md §7)."""

    ENTERPRISE_AND_PRODUCTS = "enterprise_and_products"
    PROJECTS = "projects"
    MANAGEMENT = "management"
    ACTIVITIES = "activities"


class ScoringMethod(StrEnum):
    AUTOMATIC = "automatic"  # computed from platform facts (disclosure, registry, compliance)
    SELF_DECLARED = "self_declared"  # enterprise declares + evidence, bureau verifies
    EXPERT = "expert"  # experts score within [expert_min, expert_max]


class AutoRule(StrEnum):
    """Keys of the automatic scoring functions in ``automatic.py``."""

    DISCLOSURE = "disclosure"
    INTENSITY_REDUCTION = "intensity_reduction"
    COMPLIANCE_ON_TIME = "compliance_on_time"
    SURPLUS_ALLOWANCES = "surplus_allowances"


@dataclass(frozen=True)
class CriterionItem:
    code: str
    category: Category
    name_zh: str
    name_en: str
    max_points: Decimal
    method: ScoringMethod
    # Empty means "every type" / "every industry": most items are general, a few are sector-specific.
    enterprise_types: frozenset[EnterpriseType] = frozenset()
    industries: frozenset[str] = frozenset()
    evidence_required: tuple[str, ...] = ()
    auto_rule: AutoRule | None = None
    # Experts may be told to stay inside a narrower band than 0..max (e.g. 2..8 for "good practice").
    expert_min: Decimal = Decimal(0)
    expert_max: Decimal | None = None

    @property
    def expert_range(self) -> tuple[Decimal, Decimal]:
        return self.expert_min, self.max_points if self.expert_max is None else self.expert_max

    def applies_to(self, enterprise_type: EnterpriseType, industry: str | None) -> bool:
        if self.enterprise_types and enterprise_type not in self.enterprise_types:
            return False
        return not self.industries or industry in self.industries


@dataclass(frozen=True)
class CriteriaTree:
    version: int
    full_marks: Decimal
    items: tuple[CriterionItem, ...] = field(default_factory=tuple)

    def item(self, code: str) -> CriterionItem:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def by_category(self) -> dict[Category, tuple[CriterionItem, ...]]:
        """Items grouped by category in declaration order (the tree the UI shows)."""
        return {c: tuple(i for i in self.items if i.category is c) for c in Category}

    def applicable(self, enterprise_type: EnterpriseType, industry: str | None) -> tuple[CriterionItem, ...]:
        return tuple(i for i in self.items if i.applies_to(enterprise_type, industry))

    def attainable_points(self, enterprise_type: EnterpriseType, industry: str | None) -> Decimal:
        return sum((i.max_points for i in self.applicable(enterprise_type, industry)), Decimal(0))


def criteria_problems(tree: CriteriaTree, admitted: frozenset[EnterpriseType] | None = None) -> list[dict[str, str]]:
    """Every problem in the tree (empty list = valid), so the designer sees them all at once.

    ``admitted``: the enterprise types the scheme's eligibility rules let in (default: all). Only
    those must have items; a scheme for production enterprises need not score R&D ones.
    """
    problems: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in tree.items:
        problems.extend(_item_problems(item))
        if item.code in seen:
            problems.append({"item": item.code, "problem": "duplicate_code"})
        seen.add(item.code)
    problems.extend(_sum_problems(tree, admitted if admitted is not None else frozenset(EnterpriseType)))
    return problems


def _item_problems(item: CriterionItem) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    if item.max_points <= 0:
        out.append({"item": item.code, "problem": "max_points_not_positive"})
    if item.method is ScoringMethod.AUTOMATIC and item.auto_rule is None:
        out.append({"item": item.code, "problem": "automatic_without_rule"})
    if item.method is not ScoringMethod.AUTOMATIC and item.auto_rule is not None:
        out.append({"item": item.code, "problem": "rule_on_non_automatic_item"})
    low, high = item.expert_range
    if not Decimal(0) <= low <= high <= item.max_points:
        out.append({"item": item.code, "problem": "expert_range_outside_0_max"})
    return out


def _sum_problems(tree: CriteriaTree, admitted: frozenset[EnterpriseType]) -> list[dict[str, str]]:
    """No enterprise may be able to score above full marks, and every type must be able to score.

    Industry-specific items are checked per industry (an enterprise has exactly one industry), so
    the check runs over every (type, industry) pair the tree mentions plus "no special industry".
    """
    out: list[dict[str, str]] = []
    industries: list[str | None] = [None, *sorted({ind for i in tree.items for ind in i.industries})]
    for etype in EnterpriseType:
        if etype in admitted and tree.attainable_points(etype, None) <= 0:
            out.append({"enterprise_type": etype.value, "problem": "no_items_for_type"})
        for industry in industries:
            total = tree.attainable_points(etype, industry)
            if total > tree.full_marks:
                out.append(
                    {
                        "enterprise_type": etype.value,
                        "industry": industry or "",
                        "problem": "points_exceed_full_marks",
                        "total": str(total),
                    }
                )
    return out


def validate_criteria(tree: CriteriaTree, admitted: frozenset[EnterpriseType] | None = None) -> None:
    problems = criteria_problems(tree, admitted)
    if problems:
        raise support_error("invalid_criteria", problems=problems)


def criteria_fingerprint(tree: CriteriaTree) -> str:
    """A hash of the tree's content; stored when applications open to prove it never changed."""
    return canonical_hash(
        {
            "version": tree.version,
            "full_marks": tree.full_marks,
            "items": [_item_dict(i) for i in tree.items],
        }
    )


def _item_dict(item: CriterionItem) -> dict[str, object]:
    return {
        "code": item.code,
        "category": item.category.value,
        "name_zh": item.name_zh,
        "name_en": item.name_en,
        "max_points": item.max_points,
        "method": item.method.value,
        "enterprise_types": sorted(t.value for t in item.enterprise_types),
        "industries": sorted(item.industries),
        "evidence_required": list(item.evidence_required),
        "auto_rule": item.auto_rule.value if item.auto_rule else None,
        "expert_range": [str(x) for x in item.expert_range],
    }
