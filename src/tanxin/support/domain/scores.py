"""Score lines and their provenance: every point on a result sheet can say where it came from.

automatic → the facts and their source; self-declared → evidence and who verified it;
expert → who scored and when; adjusted → who changed it, why, and what it was before.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .errors import support_error

# Points are shown and compared with two decimals; quantising once, in one place, keeps ranking stable.
POINTS_QUANTUM = Decimal("0.01")


def quantize_points(value: Decimal) -> Decimal:
    return value.quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)


class ProvenanceKind(StrEnum):
    AUTOMATIC = "automatic"
    SELF_DECLARED = "self_declared"
    EXPERT = "expert"
    ADJUSTED = "adjusted"


@dataclass(frozen=True)
class Provenance:
    kind: ProvenanceKind
    # automatic: the facts used (as strings, so they serialise) and where each came from
    facts: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()
    rule: str = ""  # e.g. "intensity_reduction: tier >= 0.05"
    actor: str = ""  # expert id, verifying officer or adjusting officer
    at: datetime | None = None
    reason: str = ""
    previous_points: Decimal | None = None  # adjusted: the value before the adjustment
    previous: Provenance | None = None  # adjusted: the provenance it replaced


@dataclass(frozen=True)
class ScoreLine:
    item_code: str
    points: Decimal
    provenance: Provenance


@dataclass(frozen=True)
class ScoreAdjustment:
    """A bureau correction of one automatic or self-declared line; always with who and why."""

    item_code: str
    new_points: Decimal
    actor: str
    at: datetime
    reason: str = field(default="")


def apply_adjustment(line: ScoreLine, adj: ScoreAdjustment, max_points: Decimal) -> ScoreLine:
    if not adj.reason.strip():
        raise support_error("reason_required", item=adj.item_code)
    if not Decimal(0) <= adj.new_points <= max_points:
        raise support_error("score_out_of_range", item=adj.item_code, points=str(adj.new_points), max=str(max_points))
    prov = Provenance(
        kind=ProvenanceKind.ADJUSTED,
        actor=adj.actor,
        at=adj.at,
        reason=adj.reason,
        previous_points=line.points,
        previous=line.provenance,
    )
    return replace(line, points=quantize_points(adj.new_points), provenance=prov)
