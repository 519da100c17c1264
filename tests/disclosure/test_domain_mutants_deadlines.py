"""Boundaries of the disclosure deadlines and report diff that generated mutants showed untested.

Each test pins one side and the other of a threshold (the due day itself, the end of the horizon), so a
``<`` written as ``<=`` or a date moved by one day fails here.
"""

from datetime import date

import pytest

from tanxin.disclosure.domain.deadlines import (
    DEFAULT_RULES,
    DueStatus,
    Obligation,
    due_date,
    list_due,
)
from tanxin.disclosure.domain.diff import diff_reports
from tanxin.disclosure.domain.errors import DisclosureInputError

RULES = {r.code: r for r in DEFAULT_RULES}


@pytest.mark.parametrize(
    ("code", "due"),
    [
        ("sz_ets_report", date(2024, 5, 30)),
        ("sz_verification", date(2024, 6, 30)),
        ("sz_surrender", date(2024, 8, 30)),
    ],
)
def test_the_shenzhen_deadlines_fall_on_their_day_of_the_year_after_the_data_year(code, due):
    assert due_date(RULES[code], data_year=2023) == due


def test_an_event_rule_without_an_event_date_is_refused_with_a_reason():
    with pytest.raises(DisclosureInputError) as caught:
        due_date(RULES["temporary_disclosure"], data_year=2023)
    assert caught.value.code == "invalid_payload"
    assert caught.value.details == {"problem": "temporary_disclosure needs an event date"}


def test_the_default_horizon_is_thirty_days_inclusive():
    # Due 2024-03-15. From 2024-02-14: 15 days to 29 Feb (leap year) + 15 = 30 days -> listed as due.
    # From 2024-02-13 it is 31 days -> not yet listed.
    ob = [Obligation("annual_disclosure", data_year=2023)]
    (item,) = list_due(ob, date(2024, 2, 14))
    assert (item.status, item.days_left) == (DueStatus.DUE, 30)
    assert list_due(ob, date(2024, 2, 13)) == []


def test_a_custom_horizon_includes_its_last_day_and_not_the_next():
    ob = [Obligation("annual_disclosure", data_year=2023)]
    assert [i.days_left for i in list_due(ob, date(2024, 3, 5), horizon_days=10)] == [10]
    assert list_due(ob, date(2024, 3, 4), horizon_days=10) == []


def test_on_the_due_day_a_filing_is_due_not_overdue_and_the_day_after_it_is_overdue():
    ob = [Obligation("annual_disclosure", data_year=2023)]
    (on_the_day,) = list_due(ob, date(2024, 3, 15))
    assert (on_the_day.status, on_the_day.days_left) == (DueStatus.DUE, 0)
    (day_after,) = list_due(ob, date(2024, 3, 16))
    assert (day_after.status, day_after.days_left) == (DueStatus.OVERDUE, -1)


def test_a_filing_made_on_the_due_day_is_not_late_and_one_made_a_day_later_is():
    on_time = Obligation("annual_disclosure", data_year=2023, done_on=date(2024, 3, 15))
    late = Obligation("annual_disclosure", data_year=2023, done_on=date(2024, 3, 16))
    assert list_due([on_time], date(2024, 4, 1), include_done_late=True) == []
    (item,) = list_due([late], date(2024, 4, 1), include_done_late=True)
    assert item.status is DueStatus.DONE_LATE


def test_a_diff_with_only_an_added_line_is_not_empty():
    diff = diff_reports({"lines": []}, {"lines": [{"line_id": "L1", "tco2e": "1"}]})
    assert not diff.is_empty
    assert diff_reports({"lines": []}, {"lines": []}).is_empty


def test_a_line_without_a_line_id_is_refused():
    with pytest.raises(DisclosureInputError) as caught:
        diff_reports({"lines": [{"tco2e": "1"}]}, {"lines": []})
    assert caught.value.details == {"problem": "old payload: a line has no line_id"}


def test_a_field_only_the_new_version_of_a_line_has_is_reported_as_changed():
    old = {"lines": [{"line_id": "L1", "tco2e": "1"}]}
    new = {"lines": [{"line_id": "L1", "tco2e": "1", "note": "restated"}]}
    (change,) = diff_reports(old, new).lines_changed
    assert change.fields == {"note": (None, "restated")}
