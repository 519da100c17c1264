"""An application's total = automatic + self-declared (as verified) + aggregated expert score.

The breakdown keeps one line per automatic and self-declared item (with provenance) and the expert
aggregate (with the sheets it came from), so the result sheet and the audit can be rebuilt from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .automatic import AutoScoringConfig, EnterpriseFacts, score_automatic_item
from .criteria import CriteriaTree, EnterpriseType, ScoringMethod
from .declarations import SelfDeclaration, declaration_line
from .errors import support_error
from .experts import ExpertAggregate, ExpertSheet, aggregate_expert_scores
from .scores import (
    Provenance,
    ProvenanceKind,
    ScoreAdjustment,
    ScoreLine,
    apply_adjustment,
    quantize_points,
)


@dataclass(frozen=True)
class ScoreBreakdown:
    application_id: str
    automatic: Decimal
    self_declared: Decimal
    expert: ExpertAggregate
    total: Decimal
    lines: tuple[ScoreLine, ...]  # automatic and self-declared lines, adjusted where adjusted
    pending_verification: tuple[str, ...]  # self-declared items not yet verified (count zero)

    @property
    def expert_score(self) -> Decimal:
        return self.expert.score if self.expert.score is not None else Decimal(0)


def compute_total(
    application_id: str,
    tree: CriteriaTree,
    enterprise_type: EnterpriseType,
    industry: str | None,
    facts: EnterpriseFacts,
    declarations: Mapping[str, SelfDeclaration],
    sheets: Iterable[ExpertSheet],
    *,
    auto_cfg: AutoScoringConfig,
    spread_threshold: Decimal,
    adjustments: Iterable[ScoreAdjustment] = (),
) -> ScoreBreakdown:
    items = tree.applicable(enterprise_type, industry)
    auto_lines: dict[str, ScoreLine] = {}
    decl_lines: dict[str, ScoreLine] = {}
    pending: list[str] = []
    for item in items:
        if item.method is ScoringMethod.AUTOMATIC:
            auto_lines[item.code] = score_automatic_item(item, facts, auto_cfg)
        elif item.method is ScoringMethod.SELF_DECLARED:
            decl = declarations.get(item.code)
            if decl is None:
                continue  # nothing declared: zero, and no line to show
            decl_lines[item.code] = declaration_line(decl)
            if decl.verified_points is None:
                pending.append(item.code)
    for adj in adjustments:
        _apply(adj, tree, auto_lines, decl_lines, {i.code for i in items})
    expert = aggregate_expert_scores([s for s in sheets if s.application_id == application_id], spread_threshold)
    automatic = sum((ln.points for ln in auto_lines.values()), Decimal(0))
    declared = sum((ln.points for ln in decl_lines.values()), Decimal(0))
    expert_points = expert.score if expert.score is not None else Decimal(0)
    return ScoreBreakdown(
        application_id=application_id,
        automatic=automatic,
        self_declared=declared,
        expert=expert,
        total=quantize_points(automatic + declared + expert_points),
        lines=tuple(auto_lines.values()) + tuple(decl_lines.values()),
        pending_verification=tuple(pending),
    )


def _apply(
    adj: ScoreAdjustment,
    tree: CriteriaTree,
    auto_lines: dict[str, ScoreLine],
    decl_lines: dict[str, ScoreLine],
    applicable: set[str],
) -> None:
    """Adjustments apply in the order recorded; each keeps the line it replaced in its provenance.

    Expert scores are never adjusted here: the bureau asks the expert to re-score instead, so the
    sheet stays the expert's own. A self-declared item nobody declared may still be granted points.
    """
    if adj.item_code not in applicable:
        raise support_error("not_applicable", item=adj.item_code)
    item = tree.item(adj.item_code)
    if item.method is ScoringMethod.EXPERT:
        raise support_error("not_applicable", item=adj.item_code, method=item.method.value)
    target = auto_lines if item.method is ScoringMethod.AUTOMATIC else decl_lines
    line = target.get(adj.item_code) or ScoreLine(adj.item_code, Decimal(0), _NOT_DECLARED)
    target[adj.item_code] = apply_adjustment(line, adj, item.max_points)


_NOT_DECLARED = Provenance(kind=ProvenanceKind.SELF_DECLARED, rule="not_declared")
