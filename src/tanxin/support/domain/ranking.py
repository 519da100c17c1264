"""Ranking with stated, deterministic tie-breaks.

Order: total (high first), then expert score (high first: the panel's judgement outweighs formulae),
then automatic score (high first: verified platform facts), then earlier submission, then application
id. The id makes the order total, so the same applications always rank the same way, whatever order
they arrive in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

TIE_BREAKS = ("total desc", "expert desc", "automatic desc", "submitted_at asc", "application_id asc")


@dataclass(frozen=True)
class RankInput:
    application_id: str
    total: Decimal
    expert: Decimal
    automatic: Decimal
    submitted_at: datetime


@dataclass(frozen=True)
class Ranked:
    rank: int  # 1-based, strictly increasing: tie-breaks leave no shared places
    entry: RankInput
    decided_by: str  # the first tie-break that separated it from the one above ("" for rank 1)


def _key(e: RankInput) -> tuple[Decimal, Decimal, Decimal, datetime, str]:
    return (-e.total, -e.expert, -e.automatic, e.submitted_at, e.application_id)


def rank_applications(entries: Iterable[RankInput]) -> list[Ranked]:
    ordered = sorted(entries, key=_key)
    ids = [e.application_id for e in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("application ids must be unique")
    out: list[Ranked] = []
    for pos, entry in enumerate(ordered):
        decided = _decided_by(ordered[pos - 1], entry) if pos else ""
        out.append(Ranked(pos + 1, entry, decided))
    return out


def _decided_by(above: RankInput, below: RankInput) -> str:
    """Which rule put ``above`` first: shown on the result sheet so ties are explainable."""
    for name, a, b in zip(TIE_BREAKS, _key(above), _key(below), strict=True):
        if a != b:
            return name
    return TIE_BREAKS[-1]
