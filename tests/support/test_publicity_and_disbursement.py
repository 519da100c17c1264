from __future__ import annotations

from datetime import date

import pytest

from tanxin.support.domain import (
    Disbursement,
    Objection,
    SchemeStatus,
    SupportError,
    answer_objection,
    ensure_can_finalise,
    ensure_disbursement_allowed,
    ensure_objection_in_period,
    publicity_period,
)

from .builders import T0


def test_a_publicity_starting_on_a_holiday_counts_from_the_next_working_day():
    # 1 Oct 2023 is a holiday; working days 7, 8, 9 Oct → 3 days end on 9 Oct.
    assert publicity_period(date(2023, 10, 1), 3).end == date(2023, 10, 9)


def test_a_one_day_publicity_on_a_working_day_ends_that_day():
    assert publicity_period(date(2023, 11, 1), 1).end == date(2023, 11, 1)


def test_a_publicity_of_zero_days_is_refused():
    with pytest.raises(ValueError):
        publicity_period(date(2023, 11, 1), 0)


PERIOD = publicity_period(date(2023, 11, 1), 5)  # Wed 1 Nov → Tue 7 Nov 2023


def test_objections_are_accepted_up_to_and_including_the_last_day():
    assert PERIOD.end == date(2023, 11, 7)
    ensure_objection_in_period(PERIOD, date(2023, 11, 7))
    with pytest.raises(SupportError) as exc:
        ensure_objection_in_period(PERIOD, date(2023, 11, 8))
    assert exc.value.code == "outside_window"


def _objection(answered: bool = False) -> Objection:
    o = Objection("O1", "A1", "enterprise_b", date(2023, 11, 2), "A1's surplus figure looks wrong")
    return answer_objection(o, "checked against the registry: correct", "officer", T0) if answered else o


def test_the_result_cannot_be_final_while_publicity_runs():
    with pytest.raises(SupportError) as exc:
        ensure_can_finalise(PERIOD, date(2023, 11, 7), [])
    assert exc.value.code == "publicity_not_over"


def test_the_result_cannot_be_final_while_an_objection_is_unanswered():
    with pytest.raises(SupportError) as exc:
        ensure_can_finalise(PERIOD, date(2023, 11, 8), [_objection()])
    assert (exc.value.code, exc.value.details["objections"]) == ("objections_open", ["O1"])
    ensure_can_finalise(PERIOD, date(2023, 11, 8), [_objection(answered=True)])


def test_an_objection_answer_must_say_something():
    with pytest.raises(SupportError) as exc:
        answer_objection(_objection(), " ", "officer", T0)
    assert exc.value.code == "reason_required"


def _pay(amount: int) -> Disbursement:
    return Disbursement("A1", amount, date(2023, 11, 20), "GK-2023-001", "officer")


def test_awards_are_paid_only_after_the_result_is_final():
    with pytest.raises(SupportError) as exc:
        ensure_disbursement_allowed(SchemeStatus.PUBLICITY, 100, [], _pay(100))
    assert exc.value.code == "invalid_transition"
    ensure_disbursement_allowed(SchemeStatus.FINAL, 100, [], _pay(100))


def test_instalments_may_not_add_up_to_more_than_the_award():
    ensure_disbursement_allowed(SchemeStatus.FINAL, 100, [_pay(60)], _pay(40))
    with pytest.raises(SupportError) as exc:
        ensure_disbursement_allowed(SchemeStatus.FINAL, 100, [_pay(60)], _pay(41))
    assert exc.value.code == "over_cap"
    with pytest.raises(SupportError):
        ensure_disbursement_allowed(SchemeStatus.FINAL, 100, [], _pay(0))
