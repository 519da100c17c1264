"""Rows ⇄ domain values: the criteria tree (live rows or the frozen JSON), eligibility, allocation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tanxin.support.domain import (
    AutoRule,
    AutoScoringConfig,
    Band,
    BandedRule,
    Category,
    CriteriaTree,
    CriterionItem,
    EligibilityRule,
    EnterpriseType,
    ProportionalRule,
    RuleKind,
    SchemeConfig,
    ScoringMethod,
    Tier,
)
from tanxin.support.domain.workflow import SchemeStatus


def item_to_json(item: CriterionItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "category": item.category.value,
        "name_zh": item.name_zh,
        "name_en": item.name_en,
        "max_points": str(item.max_points),
        "method": item.method.value,
        "enterprise_types": sorted(t.value for t in item.enterprise_types),
        "industries": sorted(item.industries),
        "evidence_required": list(item.evidence_required),
        "auto_rule": item.auto_rule.value if item.auto_rule else None,
        "expert_min": str(item.expert_min),
        "expert_max": None if item.expert_max is None else str(item.expert_max),
    }


def item_from_json(d: dict[str, Any]) -> CriterionItem:
    return CriterionItem(
        code=d["code"],
        category=Category(d["category"]),
        name_zh=d["name_zh"],
        name_en=d.get("name_en", ""),
        max_points=Decimal(d["max_points"]),
        method=ScoringMethod(d["method"]),
        enterprise_types=frozenset(EnterpriseType(t) for t in d.get("enterprise_types", [])),
        industries=frozenset(d.get("industries", [])),
        evidence_required=tuple(d.get("evidence_required", [])),
        auto_rule=AutoRule(d["auto_rule"]) if d.get("auto_rule") else None,
        expert_min=Decimal(d.get("expert_min") or 0),
        expert_max=None if d.get("expert_max") in (None, "") else Decimal(d["expert_max"]),
    )


def item_from_row(row) -> CriterionItem:
    return CriterionItem(
        code=row.code,
        category=Category(row.category),
        name_zh=row.name_zh,
        name_en=row.name_en,
        max_points=Decimal(row.max_points),
        method=ScoringMethod(row.method),
        enterprise_types=frozenset(EnterpriseType(t) for t in row.enterprise_types or []),
        industries=frozenset(row.industries or []),
        evidence_required=tuple(row.evidence_required or []),
        auto_rule=AutoRule(row.auto_rule) if row.auto_rule else None,
        expert_min=Decimal(row.expert_min or 0),
        expert_max=None if row.expert_max is None else Decimal(row.expert_max),
    )


def tree_to_json(tree: CriteriaTree) -> dict[str, Any]:
    return {"version": tree.version, "full_marks": str(tree.full_marks), "items": [item_to_json(i) for i in tree.items]}


def tree_from_json(data: dict[str, Any]) -> CriteriaTree:
    return CriteriaTree(
        version=int(data["version"]),
        full_marks=Decimal(data["full_marks"]),
        items=tuple(item_from_json(d) for d in data["items"]),
    )


def criteria_tree(scheme) -> CriteriaTree:
    """The frozen tree once the scheme opened, else the live rows being designed."""
    if scheme.frozen_criteria:
        return tree_from_json(scheme.frozen_criteria)
    rows = scheme.criteria.all() if scheme.pk else []
    return CriteriaTree(scheme.version, Decimal(scheme.full_marks), tuple(item_from_row(r) for r in rows))


def eligibility_rules(scheme) -> tuple[EligibilityRule, ...]:
    if scheme.frozen_criteria and "eligibility" in scheme.frozen_criteria:
        return tuple(rule_from_json(d) for d in scheme.frozen_criteria["eligibility"])
    rows = scheme.eligibility_rules.all() if scheme.pk else []
    return tuple(rule_from_json(rule_to_json_row(r)) for r in rows)


def rule_to_json_row(row) -> dict[str, Any]:
    return {
        "code": row.code,
        "kind": row.kind,
        "fact": row.fact,
        "values": sorted(str(v) for v in row.values or []),
        "threshold": None if row.threshold is None else str(row.threshold),
    }


def rule_from_json(d: dict[str, Any]) -> EligibilityRule:
    return EligibilityRule(
        code=d["code"],
        kind=RuleKind(d["kind"]),
        fact=d["fact"],
        values=frozenset(d.get("values", [])),
        threshold=None if d.get("threshold") in (None, "") else Decimal(d["threshold"]),
    )


def _tiers(raw: list[dict[str, Any]] | None, default: tuple[Tier, ...]) -> tuple[Tier, ...]:
    if not raw:
        return default
    return tuple(Tier(Decimal(t["threshold"]), Decimal(t["points"]), bool(t.get("inclusive"))) for t in raw)


def auto_config(scheme) -> AutoScoringConfig:
    raw = scheme.auto_scoring or {}
    base = AutoScoringConfig()
    return AutoScoringConfig(
        disclosure_published_points=Decimal(raw.get("disclosure_published_points", base.disclosure_published_points)),
        disclosure_verified_points=Decimal(raw.get("disclosure_verified_points", base.disclosure_verified_points)),
        intensity_tiers=_tiers(raw.get("intensity_tiers"), base.intensity_tiers),
        compliance_on_time_points=Decimal(raw.get("compliance_on_time_points", base.compliance_on_time_points)),
        surplus_tiers=_tiers(raw.get("surplus_tiers"), base.surplus_tiers),
    )


def allocation_rule(scheme) -> BandedRule | ProportionalRule:
    cfg = scheme.allocation_config or {}
    min_score = Decimal(str(cfg.get("min_score") or 0))
    max_awardees = cfg.get("max_awardees") or None
    if scheme.allocation_kind == "banded":
        bands = tuple(
            Band(Decimal(str(b["min_score"])), int(b["amount_fen"]), b.get("label", "")) for b in cfg.get("bands", [])
        )
        return BandedRule(bands, min_score, max_awardees)
    return ProportionalRule(min_score, max_awardees)


def scheme_config(scheme) -> SchemeConfig:
    return SchemeConfig(
        code=scheme.code,
        year=scheme.year,
        version=scheme.version,
        budget_fen=scheme.budget_fen,
        window_opens=scheme.window_opens,
        window_closes=scheme.window_closes,
        criteria=criteria_tree(scheme),
        allocation=allocation_rule(scheme),
        eligibility=eligibility_rules(scheme),
        auto_scoring=auto_config(scheme),
        per_enterprise_cap_fen=scheme.cap_fen,
        publicity_workdays=scheme.publicity_workdays,
        spread_threshold=Decimal(scheme.spread_threshold),
    )


def status(scheme) -> SchemeStatus:
    return SchemeStatus(scheme.status)
