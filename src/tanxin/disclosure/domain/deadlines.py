"""Disclosure and ETS deadlines as rule data, and what is due or overdue on a given day.

Dates come from RULES §1 (MEE Order 24, national and Shenzhen ETS rules). They are data: the
service layer may load its own rows (``rules_from_rows``) when a rule changes, without a release.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tanxin.common.workdays import add_workdays
from tanxin.disclosure.domain.errors import DisclosureInputError


class Anchor(StrEnum):
    FOLLOWING_YEAR = "following_year"  # a fixed month/day in the year after the data year
    EVENT_WORKDAYS = "event_workdays"  # N Chinese working days after an event (e.g. a penalty)


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    anchor: Anchor
    applies_to: str  # disclosure (all obliged enterprises), national_ets, shenzhen_ets
    description_en: str
    source: str
    confidence: str
    month: int | None = None
    day: int | None = None
    workdays: int | None = None


DEFAULT_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule("annual_disclosure", Anchor.FOLLOWING_YEAR, "disclosure",
                 "Annual environmental information disclosure report", "MEE Order 24 (2022)", "V",
                 month=3, day=15),
    DeadlineRule("temporary_disclosure", Anchor.EVENT_WORKDAYS, "disclosure",
                 "Temporary disclosure after receiving a relevant legal document", "MEE Order 24 (2022)",
                 "V", workdays=5),
    DeadlineRule("ets_report", Anchor.FOLLOWING_YEAR, "national_ets",
                 "National ETS emission report", "MEE Order 19 (2021)", "V", month=3, day=31),
    DeadlineRule("ets_verification", Anchor.FOLLOWING_YEAR, "national_ets",
                 "National ETS verification completed", "MEE ETS reporting notices", "V", month=6, day=30),
    DeadlineRule("sz_ets_report", Anchor.FOLLOWING_YEAR, "shenzhen_ets",
                 "Shenzhen ETS emission report", "Shenzhen ETS cycle, data year 2021", "V", month=5, day=30),
    DeadlineRule("sz_verification", Anchor.FOLLOWING_YEAR, "shenzhen_ets",
                 "Shenzhen verification and value-added audit reports", "Shenzhen ETS cycle, data year 2021",
                 "V", month=6, day=30),
    DeadlineRule("sz_surrender", Anchor.FOLLOWING_YEAR, "shenzhen_ets",
                 "Shenzhen allowance surrender", "Shenzhen ETS cycle, data year 2021", "V", month=8, day=30),
)


def rules_from_rows(rows: Iterable[Mapping[str, str]]) -> tuple[DeadlineRule, ...]:
    """Build rules from plain rows (a CSV or database table) with the dataclass's field names."""
    def number(row: Mapping[str, str], key: str) -> int | None:
        return int(row[key]) if row.get(key) else None

    return tuple(
        DeadlineRule(
            code=r["code"], anchor=Anchor(r["anchor"]), applies_to=r["applies_to"],
            description_en=r.get("description_en", ""), source=r.get("source", ""),
            confidence=r.get("confidence", "M"), month=number(r, "month"), day=number(r, "day"),
            workdays=number(r, "workdays"),
        )
        for r in rows
    )


def due_date(rule: DeadlineRule, *, data_year: int | None = None, event_date: date | None = None) -> date:
    if rule.anchor is Anchor.FOLLOWING_YEAR:
        if data_year is None or rule.month is None or rule.day is None:
            raise DisclosureInputError("invalid_payload", problem=f"{rule.code} needs a data year")
        return date(data_year + 1, rule.month, rule.day)
    if event_date is None or rule.workdays is None:
        raise DisclosureInputError("invalid_payload", problem=f"{rule.code} needs an event date")
    return add_workdays(event_date, rule.workdays)


@dataclass(frozen=True)
class Obligation:
    """Something an enterprise must file: an annual rule for a data year, or an event-driven one."""

    rule_code: str
    data_year: int | None = None
    event_date: date | None = None
    done_on: date | None = None
    reference: str = ""  # e.g. the penalty decision number that triggered a temporary disclosure


class DueStatus(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"  # within the horizon, not yet late
    DONE_LATE = "done_late"


@dataclass(frozen=True)
class DueItem:
    obligation: Obligation
    rule: DeadlineRule
    due: date
    status: DueStatus
    days_left: int  # negative when overdue


def annual_obligations(
    data_year: int, scopes: Iterable[str], rules: Iterable[DeadlineRule] = DEFAULT_RULES
) -> list[Obligation]:
    """The yearly filings for an enterprise covered by ``scopes`` (e.g. {"disclosure", "shenzhen_ets"})."""
    wanted = set(scopes)
    return [Obligation(r.code, data_year=data_year) for r in rules
            if r.anchor is Anchor.FOLLOWING_YEAR and r.applies_to in wanted]


def list_due(
    obligations: Iterable[Obligation], today: date, *, rules: Iterable[DeadlineRule] = DEFAULT_RULES,
    horizon_days: int = 30, include_done_late: bool = False,
) -> list[DueItem]:
    """Open obligations that are overdue or due within ``horizon_days``, soonest first."""
    by_code = {r.code: r for r in rules}
    items = []
    for ob in obligations:
        rule = by_code.get(ob.rule_code)
        if rule is None:
            raise DisclosureInputError("unknown_deadline_rule", rule=ob.rule_code)
        due = due_date(rule, data_year=ob.data_year, event_date=ob.event_date)
        days_left = (due - today).days
        if ob.done_on is not None:
            if include_done_late and ob.done_on > due:
                items.append(DueItem(ob, rule, due, DueStatus.DONE_LATE, days_left))
            continue
        if days_left < 0:
            items.append(DueItem(ob, rule, due, DueStatus.OVERDUE, days_left))
        elif days_left <= horizon_days:
            items.append(DueItem(ob, rule, due, DueStatus.DUE, days_left))
    return sorted(items, key=lambda i: (i.due, i.rule.code))
