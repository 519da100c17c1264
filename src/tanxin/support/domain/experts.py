"""Expert review: assignment, conflict of interest, blind scoring and robust aggregation.

Aggregation rule (documented for the bureau and the enterprises):
  * each expert's score for an application is the sum of their item scores (their "sheet");
  * with 5 or more sheets, the single highest and the single lowest sheet are dropped and the rest
    averaged (去掉一个最高分和一个最低分) — one outlier expert cannot move the result much;
  * with fewer than 5 sheets, dropping two would leave too few opinions, so the plain mean is used;
  * the result is rounded half-up to 0.01 point;
  * the spread (highest − lowest sheet, before trimming) above the scheme's threshold is flagged
    for the bureau to look at; the flag never changes the score by itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from .criteria import CriterionItem, ScoringMethod
from .errors import support_error
from .scores import quantize_points

TRIM_FROM = 5  # sheets needed before the highest and lowest are dropped


@dataclass(frozen=True)
class ExpertAssignment:
    application_id: str
    expert_id: str
    coi_declared_at: datetime | None = None  # None: declaration not made yet
    conflicted: bool = False  # declared a conflict: must not score, bureau reassigns


@dataclass(frozen=True)
class ExpertSheet:
    application_id: str
    expert_id: str
    item_scores: Mapping[str, Decimal]
    submitted_at: datetime

    @property
    def total(self) -> Decimal:
        return sum(self.item_scores.values(), Decimal(0))


@dataclass(frozen=True)
class ExpertContribution:
    """Provenance of one expert's part of the score: who, when, how much, and whether it counted."""

    expert_id: str
    total: Decimal
    submitted_at: datetime
    trimmed: bool


@dataclass(frozen=True)
class ExpertAggregate:
    score: Decimal | None  # None: nobody has submitted yet
    method: str  # "trimmed_mean" | "mean" | "none"
    sheet_count: int
    spread: Decimal
    spread_flagged: bool
    dropped: tuple[str, ...]  # expert ids whose sheets were trimmed, for the audit trail
    contributions: tuple[ExpertContribution, ...] = ()  # lowest total first


def declare_conflict_of_interest(assignment: ExpertAssignment, *, conflicted: bool, at: datetime) -> ExpertAssignment:
    """The expert's declaration, made before seeing the application's scores; made once."""
    if assignment.coi_declared_at is not None:
        raise support_error("conflicted", expert=assignment.expert_id, problem="already_declared")
    return replace(assignment, coi_declared_at=at, conflicted=conflicted)


def ensure_can_score(assignment: ExpertAssignment | None, expert_id: str, application_id: str) -> None:
    """Scoring needs an assignment and a declaration of no conflict, in that order."""
    if assignment is None or assignment.expert_id != expert_id or assignment.application_id != application_id:
        raise support_error("not_assigned", expert=expert_id, application=application_id)
    if assignment.coi_declared_at is None:
        raise support_error("conflicted", expert=expert_id, problem="declaration_missing")
    if assignment.conflicted:
        raise support_error("conflicted", expert=expert_id, problem="declared_conflict")


def validate_sheet(items: Iterable[CriterionItem], sheet: ExpertSheet) -> None:
    """Every expert item applicable to the application scored, each inside its range, nothing else."""
    expert_items = {i.code: i for i in items if i.method is ScoringMethod.EXPERT}
    unknown = sorted(set(sheet.item_scores) - set(expert_items))
    if unknown:
        raise support_error("not_applicable", items=unknown)
    missing = sorted(set(expert_items) - set(sheet.item_scores))
    if missing:
        raise support_error("score_out_of_range", items=missing, problem="missing_score")
    for code, points in sorted(sheet.item_scores.items()):
        low, high = expert_items[code].expert_range
        if not low <= points <= high:
            raise support_error("score_out_of_range", item=code, points=str(points), min=str(low), max=str(high))


def visible_sheets(viewer_expert_id: str, sheets: Iterable[ExpertSheet]) -> list[ExpertSheet]:
    """An expert sees only their own sheet until they have submitted it; then the panel's sheets.

    Blind scoring: an expert who has not submitted must not be anchored by colleagues' numbers.
    Bureau staff read sheets through their own query, not this function.
    """
    sheets = list(sheets)
    own = [s for s in sheets if s.expert_id == viewer_expert_id]
    return sheets if own else []


def aggregate_expert_scores(sheets: Iterable[ExpertSheet], spread_threshold: Decimal) -> ExpertAggregate:
    ordered = sorted(sheets, key=lambda s: (s.total, s.expert_id))  # expert id breaks ties: deterministic
    if not ordered:
        return ExpertAggregate(None, "none", 0, Decimal(0), False, ())
    totals = [s.total for s in ordered]
    spread = totals[-1] - totals[0]
    if len(ordered) >= TRIM_FROM:
        kept, dropped = totals[1:-1], (ordered[0].expert_id, ordered[-1].expert_id)
        method = "trimmed_mean"
    else:
        kept, dropped, method = totals, (), "mean"
    score = quantize_points(sum(kept, Decimal(0)) / len(kept))
    trimmed_positions = {0, len(ordered) - 1} if dropped else set()
    contributions = tuple(
        ExpertContribution(s.expert_id, s.total, s.submitted_at, pos in trimmed_positions)
        for pos, s in enumerate(ordered)
    )
    flagged = spread > spread_threshold
    return ExpertAggregate(score, method, len(ordered), spread, flagged, dropped, contributions)


def assign_experts(
    application_id: str,
    pool: Iterable[str],
    count: int,
    excluded: Iterable[str] = (),
    load: Mapping[str, int] | None = None,
) -> list[str]:
    """Pick ``count`` experts, least loaded first, never one known to be conflicted (``excluded``).

    Deterministic (ties by expert id) so a re-run gives the same panel; the service records it.
    """
    load = load or {}
    candidates = sorted(set(pool) - set(excluded), key=lambda e: (load.get(e, 0), e))
    if len(candidates) < count:
        raise support_error("not_assigned", application=application_id, problem="not_enough_experts")
    return candidates[:count]
