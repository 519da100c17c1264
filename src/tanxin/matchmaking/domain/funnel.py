"""The station's funnel from request events: requests → matched → accepted → approved → disbursed.

A request counts once at every stage it reached (a request approved by two banks is one approved request);
money is summed over the events (two disbursements are two amounts). The totals are the sum of the
disbursement records, nothing else: the headline "X 亿元 to N enterprises" is ``disbursed_fen`` and
``enterprises``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Stage(StrEnum):
    REQUESTED = "requested"
    MATCHED = "matched"
    ACCEPTED = "accepted"
    APPROVED = "approved"
    DISBURSED = "disbursed"


STAGES = tuple(Stage)


@dataclass(frozen=True)
class StageEvent:
    request_id: int
    enterprise_id: int
    stage: Stage
    on: date
    amount_fen: int = 0  # approvals and disbursements
    green: bool = False  # a disbursement tagged to a green project or retrofit
    requested_on: date | None = None  # for time to cash


@dataclass(frozen=True)
class Funnel:
    requests: int
    matched: int
    accepted: int
    approved: int
    disbursed: int
    approved_fen: int
    disbursed_fen: int
    enterprises: int
    green_fen: int
    median_days_to_cash: int | None
    as_of: date | None

    def counts(self) -> tuple[int, ...]:
        return (self.requests, self.matched, self.accepted, self.approved, self.disbursed)


EMPTY = Funnel(0, 0, 0, 0, 0, 0, 0, 0, 0, None, None)


def median(values: list[int]) -> int | None:
    """The lower median (an integer: days), or None when there is nothing."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def funnel(events: Iterable[StageEvent]) -> Funnel:
    reached: dict[Stage, set[int]] = {s: set() for s in STAGES}
    approved_fen = disbursed_fen = green_fen = 0
    enterprises: set[int] = set()
    first_cash: dict[int, int] = {}
    last: date | None = None
    for e in events:
        reached[e.stage].add(e.request_id)
        last = e.on if last is None or e.on > last else last
        if e.stage == Stage.APPROVED:
            approved_fen += e.amount_fen
        elif e.stage == Stage.DISBURSED:
            disbursed_fen += e.amount_fen
            green_fen += e.amount_fen if e.green else 0
            enterprises.add(e.enterprise_id)
            if e.requested_on is not None:
                days = (e.on - e.requested_on).days
                first_cash[e.request_id] = min(days, first_cash.get(e.request_id, days))
    c = [len(reached[s]) for s in STAGES]
    return Funnel(*c, approved_fen, disbursed_fen, len(enterprises), green_fen, median(list(first_cash.values())),
                  last)  # fmt: skip


def by(events: Iterable[StageEvent], key: Callable[[StageEvent], object]) -> dict[object, Funnel]:
    """The funnel per group (bank, product kind, industry, month): a request counts in each group it reached."""
    groups: dict[object, list[StageEvent]] = defaultdict(list)
    for e in events:
        groups[key(e)].append(e)
    return {k: funnel(v) for k, v in sorted(groups.items(), key=lambda kv: str(kv[0]))}


def month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def net_rate_ppm(rate_ppm: int, subsidy_share_ppm: int, subsidised: bool) -> int:
    """The borrower's rate after the district pays its share of the financing cost."""
    return rate_ppm - rate_ppm * subsidy_share_ppm // 1_000_000 if subsidised else rate_ppm
