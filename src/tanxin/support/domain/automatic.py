"""Automatic scoring from platform facts; tiers are data, every result carries its provenance.

Facts arrive as a plain dataclass filled by the service layer from their owners (disclosure for
publication/verification and intensity, registry for compliance and surplus), each with a source
reference so a reviewer can click through to the record the points came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from .criteria import AutoRule, CriterionItem
from .scores import Provenance, ProvenanceKind, ScoreLine, quantize_points


@dataclass(frozen=True)
class EnterpriseFacts:
    enterprise_id: str
    disclosure_published: bool = False
    disclosure_verified: bool = False
    intensity_this_year: Decimal | None = None  # e.g. tCO2e per 10^4 CNY output
    intensity_last_year: Decimal | None = None
    compliance_on_time: bool | None = None  # None: not a covered entity / no record
    surplus_t: int | None = None  # allowances left after compliance, whole tonnes
    # fact name -> reference of the record it came from, e.g. "disclosure:report/42"
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Tier:
    """``value > threshold`` earns ``points`` (``>=`` when ``inclusive``). Highest matching tier wins."""

    threshold: Decimal
    points: Decimal
    inclusive: bool = False

    def matches(self, value: Decimal) -> bool:
        return value >= self.threshold if self.inclusive else value > self.threshold


def pick_tier(value: Decimal, tiers: tuple[Tier, ...]) -> Tier | None:
    for tier in sorted(tiers, key=lambda t: (t.threshold, t.inclusive), reverse=True):
        if tier.matches(value):
            return tier
    return None


# Thresholds for surplus are the 2016 Nanshan reward tiers (RULES.md §2, V: >30,000 t, >10,000 t,
# >1,000 t); the points attached to every tier below are M (to be confirmed) and configurable.
DEFAULT_SURPLUS_TIERS = (
    Tier(Decimal(30_000), Decimal(10)),
    Tier(Decimal(10_000), Decimal(7)),
    Tier(Decimal(1_000), Decimal(4)),
)
DEFAULT_INTENSITY_TIERS = (  # reduction as a fraction of last year's intensity
    Tier(Decimal("0.10"), Decimal(10), inclusive=True),
    Tier(Decimal("0.05"), Decimal(6), inclusive=True),
    Tier(Decimal(0), Decimal(3)),
)


@dataclass(frozen=True)
class AutoScoringConfig:
    disclosure_published_points: Decimal = Decimal(5)
    disclosure_verified_points: Decimal = Decimal(10)  # published and third-party verified
    intensity_tiers: tuple[Tier, ...] = DEFAULT_INTENSITY_TIERS
    compliance_on_time_points: Decimal = Decimal(5)
    surplus_tiers: tuple[Tier, ...] = DEFAULT_SURPLUS_TIERS


@dataclass(frozen=True)
class AutoResult:
    points: Decimal
    provenance: Provenance


def _prov(facts: EnterpriseFacts, used: dict[str, object], rule: str) -> Provenance:
    return Provenance(
        kind=ProvenanceKind.AUTOMATIC,
        facts=tuple((k, "" if v is None else str(v)) for k, v in used.items()),
        sources=tuple(facts.sources[k] for k in used if k in facts.sources),
        rule=rule,
    )


def score_disclosure(facts: EnterpriseFacts, cfg: AutoScoringConfig) -> AutoResult:
    used = {
        "disclosure_published": facts.disclosure_published,
        "disclosure_verified": facts.disclosure_verified,
    }
    # Verification without publication earns nothing: the public portal is the point of disclosure.
    if facts.disclosure_published and facts.disclosure_verified:
        return AutoResult(cfg.disclosure_verified_points, _prov(facts, used, "published_and_verified"))
    if facts.disclosure_published:
        return AutoResult(cfg.disclosure_published_points, _prov(facts, used, "published"))
    return AutoResult(Decimal(0), _prov(facts, used, "not_published"))


def intensity_reduction(this_year: Decimal | None, last_year: Decimal | None) -> Decimal | None:
    """(last - this) / last, or None when there is no usable baseline."""
    if this_year is None or last_year is None or last_year <= 0 or this_year < 0:
        return None
    return (last_year - this_year) / last_year


def score_intensity_reduction(facts: EnterpriseFacts, cfg: AutoScoringConfig) -> AutoResult:
    used = {
        "intensity_this_year": facts.intensity_this_year,
        "intensity_last_year": facts.intensity_last_year,
    }
    reduction = intensity_reduction(facts.intensity_this_year, facts.intensity_last_year)
    if reduction is None:
        return AutoResult(Decimal(0), _prov(facts, used, "no_baseline"))
    tier = pick_tier(reduction, cfg.intensity_tiers)
    used["reduction"] = reduction.quantize(Decimal("0.0001"))
    if tier is None:
        return AutoResult(Decimal(0), _prov(facts, used, "below_all_tiers"))
    op = ">=" if tier.inclusive else ">"
    return AutoResult(tier.points, _prov(facts, used, f"reduction {op} {tier.threshold}"))


def score_compliance(facts: EnterpriseFacts, cfg: AutoScoringConfig) -> AutoResult:
    used = {"compliance_on_time": facts.compliance_on_time}
    if facts.compliance_on_time is True:
        return AutoResult(cfg.compliance_on_time_points, _prov(facts, used, "on_time"))
    return AutoResult(Decimal(0), _prov(facts, used, "late_or_no_record"))


def score_surplus(facts: EnterpriseFacts, cfg: AutoScoringConfig) -> AutoResult:
    used = {"surplus_t": facts.surplus_t}
    if facts.surplus_t is None or facts.surplus_t <= 0:
        return AutoResult(Decimal(0), _prov(facts, used, "no_surplus"))
    tier = pick_tier(Decimal(facts.surplus_t), cfg.surplus_tiers)
    if tier is None:
        return AutoResult(Decimal(0), _prov(facts, used, "below_all_tiers"))
    op = ">=" if tier.inclusive else ">"
    return AutoResult(tier.points, _prov(facts, used, f"surplus_t {op} {tier.threshold}"))


AUTO_RULES: dict[AutoRule, Callable[[EnterpriseFacts, AutoScoringConfig], AutoResult]] = {
    AutoRule.DISCLOSURE: score_disclosure,
    AutoRule.INTENSITY_REDUCTION: score_intensity_reduction,
    AutoRule.COMPLIANCE_ON_TIME: score_compliance,
    AutoRule.SURPLUS_ALLOWANCES: score_surplus,
}


def score_automatic_item(item: CriterionItem, facts: EnterpriseFacts, cfg: AutoScoringConfig) -> ScoreLine:
    """Run the item's rule; tier points never exceed the item's maximum (the tree is the contract)."""
    if item.auto_rule is None:
        raise ValueError(f"item {item.code} has no automatic rule")
    result = AUTO_RULES[item.auto_rule](facts, cfg)
    points = min(result.points, item.max_points)
    return ScoreLine(item.code, quantize_points(points), result.provenance)
