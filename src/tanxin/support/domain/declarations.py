"""Self-declared items: the enterprise claims points with evidence, the bureau verifies them.

Only verified points count. A declaration the bureau has not yet looked at counts zero and is listed
as pending, so a result sheet can never silently include an unchecked claim.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from .criteria import CriterionItem, ScoringMethod
from .errors import support_error
from .scores import Provenance, ProvenanceKind, ScoreLine, quantize_points


@dataclass(frozen=True)
class SelfDeclaration:
    item_code: str
    declared_points: Decimal
    evidence_refs: tuple[str, ...] = ()
    verified_points: Decimal | None = None  # None: not yet verified
    verified_by: str = ""
    verified_at: datetime | None = None
    note: str = ""  # the officer's explanation, required when points are cut


def validate_declaration(item: CriterionItem, decl: SelfDeclaration) -> None:
    if item.method is not ScoringMethod.SELF_DECLARED:
        raise support_error("not_applicable", item=item.code, method=item.method.value)
    if not Decimal(0) <= decl.declared_points <= item.max_points:
        raise support_error(
            "score_out_of_range", item=item.code, points=str(decl.declared_points), max=str(item.max_points)
        )
    if item.evidence_required and decl.declared_points > 0 and not decl.evidence_refs:
        raise support_error("evidence_missing", item=item.code, required=list(item.evidence_required))


def verify_declaration(
    item: CriterionItem, decl: SelfDeclaration, points: Decimal, officer: str, at: datetime, note: str = ""
) -> SelfDeclaration:
    """The bureau accepts up to the declared points; cutting them needs a note the enterprise can read."""
    if not Decimal(0) <= points <= decl.declared_points:
        raise support_error("score_out_of_range", item=item.code, points=str(points), max=str(decl.declared_points))
    if points < decl.declared_points and not note.strip():
        raise support_error("reason_required", item=item.code)
    return replace(decl, verified_points=points, verified_by=officer, verified_at=at, note=note)


def declaration_line(decl: SelfDeclaration) -> ScoreLine:
    prov = Provenance(
        kind=ProvenanceKind.SELF_DECLARED,
        facts=(("declared_points", str(decl.declared_points)),),
        sources=decl.evidence_refs,
        rule="verified" if decl.verified_points is not None else "pending_verification",
        actor=decl.verified_by,
        at=decl.verified_at,
        reason=decl.note,
    )
    points = decl.verified_points if decl.verified_points is not None else Decimal(0)
    return ScoreLine(decl.item_code, quantize_points(points), prov)
