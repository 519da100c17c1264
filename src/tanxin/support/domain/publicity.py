"""Publicity (公示) of the approved result, objections, and the move to final.

The period counts Chinese working days (statutory holidays and make-up workdays included) through
``tanxin.common.workdays``. The publicity start day counts as day 1 when it is itself a working day,
the way notices read "公示期：X月X日至Y月Y日（5个工作日）"; a start on a holiday counts from the next
working day. Objections are accepted up to and including the end date; the result can become final
only after the end date and once every objection has an answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from tanxin.common.workdays import add_workdays, is_authoritative, is_workday

from .errors import support_error


@dataclass(frozen=True)
class PublicityPeriod:
    start: date
    end: date  # inclusive
    workdays: int
    calendar_authoritative: bool  # False: the year's holidays are not published; Mon–Fri assumed


def publicity_period(start: date, workdays: int) -> PublicityPeriod:
    if workdays < 1:
        raise ValueError("publicity needs at least one working day")
    # add_workdays does not count its start, so begin from the day before when start is a workday.
    end = add_workdays(start, workdays - 1) if is_workday(start) else add_workdays(start, workdays)
    return PublicityPeriod(start, end, workdays, is_authoritative(start) and is_authoritative(end))


@dataclass(frozen=True)
class Objection:
    objection_id: str
    application_id: str | None  # None: about the result as a whole
    filed_by: str
    filed_on: date
    text: str
    answer: str = ""
    answered_by: str = ""
    answered_at: datetime | None = None

    @property
    def answered(self) -> bool:
        return bool(self.answer.strip())


def ensure_objection_in_period(period: PublicityPeriod, filed_on: date) -> None:
    if not period.start <= filed_on <= period.end:
        raise support_error(
            "outside_window",
            filed_on=filed_on.isoformat(),
            start=period.start.isoformat(),
            end=period.end.isoformat(),
        )


def answer_objection(objection: Objection, answer: str, officer: str, at: datetime) -> Objection:
    if not answer.strip():
        raise support_error("reason_required", objection=objection.objection_id)
    return replace(objection, answer=answer, answered_by=officer, answered_at=at)


def ensure_can_finalise(period: PublicityPeriod, today: date, objections: Iterable[Objection]) -> None:
    if today <= period.end:
        raise support_error("publicity_not_over", end=period.end.isoformat())
    open_ids = sorted(o.objection_id for o in objections if not o.answered)
    if open_ids:
        raise support_error("objections_open", objections=open_ids)
