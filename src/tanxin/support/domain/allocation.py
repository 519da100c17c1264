"""Turning a ranking into money: banded or proportional awards, within cap and budget, in fen.

Both rules first choose the awardees: ranked applications scoring at least ``min_score``, and at most
``max_awardees`` of them when the scheme limits the number. Then:
  * banded: each awardee gets its band's fixed amount (capped). If the bands together ask for more
    than the budget, every award is cut in the same proportion (按比例核减), largest remainder in fen;
  * proportional: the budget is shared in proportion to total score, no one above the cap, excess
    from capped awardees re-shared among the others.
Σ awards never exceeds the budget; any award is never above min(per-enterprise cap, amount requested).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from .apportion import apportion_fen
from .errors import support_error
from .ranking import Ranked


@dataclass(frozen=True)
class Band:
    min_score: Decimal  # inclusive: a total of exactly 90 is in the ">= 90" band
    amount_fen: int
    label: str = ""


@dataclass(frozen=True)
class BandedRule:
    bands: tuple[Band, ...]
    min_score: Decimal = Decimal(0)
    max_awardees: int | None = None


@dataclass(frozen=True)
class ProportionalRule:
    min_score: Decimal = Decimal(0)
    max_awardees: int | None = None


AllocationRule = BandedRule | ProportionalRule


@dataclass(frozen=True)
class Award:
    application_id: str
    rank: int
    amount_fen: int
    cap_fen: int  # min(per-enterprise cap, requested amount)
    basis: str  # band label | "proportional" | "below_min_score" | "beyond_max_awardees" | "no_band"
    scaled: bool = False  # banded amount cut because the bands exceeded the budget
    capped: bool = False  # would have been more without the cap


@dataclass(frozen=True)
class AwardAdjustment:
    application_id: str
    old_fen: int
    new_fen: int
    actor: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class AllocationDraft:
    budget_fen: int
    awards: tuple[Award, ...]  # in rank order, including zero awards with their reason
    adjustments: tuple[AwardAdjustment, ...] = ()

    @property
    def total_fen(self) -> int:
        return sum(a.amount_fen for a in self.awards)

    @property
    def unallocated_fen(self) -> int:
        return self.budget_fen - self.total_fen

    def award(self, application_id: str) -> Award:
        for a in self.awards:
            if a.application_id == application_id:
                return a
        raise KeyError(application_id)


def allocation_problems(rule: AllocationRule) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    if rule.max_awardees is not None and rule.max_awardees < 1:
        out.append({"problem": "max_awardees_below_1"})
    if isinstance(rule, BandedRule):
        if not rule.bands:
            out.append({"problem": "no_bands"})
        if len({b.min_score for b in rule.bands}) != len(rule.bands):
            out.append({"problem": "duplicate_band_score"})
        out += [{"problem": "band_amount_not_positive", "band": b.label} for b in rule.bands if b.amount_fen <= 0]
    return out


def allocate(
    ranking: Sequence[Ranked],
    rule: AllocationRule,
    budget_fen: int,
    cap_fen: int,
    requested_fen: Mapping[str, int] | None = None,
) -> AllocationDraft:
    problems = allocation_problems(rule)
    if problems or budget_fen < 0 or cap_fen < 0:
        raise support_error("invalid_allocation", problems=problems)
    requested_fen = requested_fen or {}
    negative = sorted(app for app, fen in requested_fen.items() if fen < 0)
    if negative:
        raise support_error("invalid_allocation", problems=[{"problem": "negative_request", "apps": negative}])
    ordered = sorted(ranking, key=lambda r: r.rank)
    caps = [min(cap_fen, requested_fen.get(r.entry.application_id, cap_fen)) for r in ordered]
    chosen = _choose(ordered, rule)
    if isinstance(rule, BandedRule):
        awards = _banded(ordered, caps, chosen, rule, budget_fen)
    else:
        awards = _proportional(ordered, caps, chosen, budget_fen)
    return AllocationDraft(budget_fen, tuple(awards))


def _choose(ordered: Sequence[Ranked], rule: AllocationRule) -> dict[int, str]:
    """Position → reason it is NOT an awardee; positions absent from the dict are awardees."""
    out: dict[int, str] = {}
    taken = 0
    for pos, r in enumerate(ordered):
        if r.entry.total < rule.min_score:
            out[pos] = "below_min_score"
        elif rule.max_awardees is not None and taken >= rule.max_awardees:
            out[pos] = "beyond_max_awardees"
        else:
            taken += 1
    return out


def _band_for(total: Decimal, bands: tuple[Band, ...]) -> Band | None:
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if total >= band.min_score:
            return band
    return None


def _band_basis(band: Band | None) -> str:
    if band is None:
        return "no_band"
    return band.label or f">={band.min_score}"


def _banded(
    ordered: Sequence[Ranked], caps: list[int], excluded: dict[int, str], rule: BandedRule, budget: int
) -> list[Award]:
    targets, bases, capped = [], [], []
    for pos, r in enumerate(ordered):
        band = None if pos in excluded else _band_for(r.entry.total, rule.bands)
        want = band.amount_fen if band else 0
        targets.append(min(want, caps[pos]))
        capped.append(want > caps[pos])
        bases.append(excluded.get(pos) or _band_basis(band))
    scaled = sum(targets) > budget
    # Over budget: cut all in proportion; each target is its own cap so nobody gains from scaling.
    amounts = apportion_fen(budget, targets, targets) if scaled else targets
    return [
        Award(
            r.entry.application_id,
            r.rank,
            amounts[p],
            caps[p],
            bases[p],
            scaled and targets[p] > 0,
            capped[p],
        )
        for p, r in enumerate(ordered)
    ]


def _proportional(ordered: Sequence[Ranked], caps: list[int], excluded: dict[int, str], budget: int) -> list[Award]:
    weights = [Decimal(0) if p in excluded else r.entry.total for p, r in enumerate(ordered)]
    amounts = apportion_fen(budget, weights, caps)
    total_w = sum(weights, Decimal(0))
    awards = []
    for p, r in enumerate(ordered):
        uncapped_share = budget * weights[p] / total_w if total_w else Decimal(0)
        awards.append(
            Award(
                r.entry.application_id,
                r.rank,
                amounts[p],
                caps[p],
                excluded.get(p, "proportional"),
                capped=uncapped_share > caps[p],
            )
        )
    return awards


def adjust_award(
    draft: AllocationDraft, application_id: str, new_fen: int, actor: str, at: datetime, reason: str
) -> AllocationDraft:
    """The bureau changes one award in the draft; the reason is recorded and limits still hold."""
    if not reason.strip():
        raise support_error("reason_required", application=application_id)
    old = draft.award(application_id)
    if new_fen < 0:
        raise support_error("invalid_allocation", application=application_id, amount_fen=new_fen)
    if new_fen > old.cap_fen:
        raise support_error("over_cap", application=application_id, amount_fen=new_fen, cap_fen=old.cap_fen)
    new_total = draft.total_fen - old.amount_fen + new_fen
    if new_total > draft.budget_fen:
        raise support_error("over_budget", total_fen=new_total, budget_fen=draft.budget_fen)
    awards = tuple(
        replace(a, amount_fen=new_fen, basis="adjusted") if a.application_id == application_id else a
        for a in draft.awards
    )
    adj = AwardAdjustment(application_id, old.amount_fen, new_fen, actor, at, reason)
    return replace(draft, awards=awards, adjustments=(*draft.adjustments, adj))


def ensure_within_limits(draft: AllocationDraft) -> None:
    """Checked again at approval: whatever path built the draft, cap and budget must hold."""
    for a in draft.awards:
        if a.amount_fen > a.cap_fen:
            raise support_error("over_cap", application=a.application_id, amount_fen=a.amount_fen)
    if draft.total_fen > draft.budget_fen:
        raise support_error("over_budget", total_fen=draft.total_fen, budget_fen=draft.budget_fen)
