from datetime import date

import pytest

from tanxin.disclosure.domain.deadlines import (
    DEFAULT_RULES,
    DueStatus,
    Obligation,
    annual_obligations,
    due_date,
    list_due,
    rules_from_rows,
)
from tanxin.disclosure.domain.errors import DisclosureInputError

RULES = {r.code: r for r in DEFAULT_RULES}


def test_annual_disclosure_is_due_on_15_march_of_the_following_year():
    assert due_date(RULES["annual_disclosure"], data_year=2025) == date(2026, 3, 15)


def test_ets_report_and_verification_fall_on_31_march_and_30_june():
    assert due_date(RULES["ets_report"], data_year=2025) == date(2026, 3, 31)
    assert due_date(RULES["ets_verification"], data_year=2025) == date(2026, 6, 30)


def test_temporary_disclosure_counts_five_chinese_working_days():
    # Penalty received Thursday 2024-09-26; 1 October holiday (1–7 Oct), Sunday 29 Sep is a workday:
    # 27 (Fri), 29 (Sun, adjusted workday), 30 (Mon), 8 Oct (Tue), 9 Oct (Wed)
    assert due_date(RULES["temporary_disclosure"], event_date=date(2024, 9, 26)) == date(2024, 10, 9)


def test_an_annual_rule_without_a_data_year_is_refused():
    with pytest.raises(DisclosureInputError):
        due_date(RULES["annual_disclosure"])


def test_obligations_follow_the_enterprise_coverage():
    codes = [o.rule_code for o in annual_obligations(2025, {"disclosure", "national_ets"})]
    assert codes == ["annual_disclosure", "ets_report", "ets_verification"]


def test_due_and_overdue_items_on_a_given_day():
    obligations = [
        *annual_obligations(2025, {"disclosure", "national_ets"}),
        Obligation("temporary_disclosure", event_date=date(2026, 3, 2), reference="penalty 2026-001"),
    ]
    items = list_due(obligations, date(2026, 3, 20), horizon_days=30)
    # temporary: 2026-03-09 (overdue); annual: 03-15 (overdue); ETS report 03-31 (due in 11 days);
    # verification 06-30 is beyond the 30-day horizon
    assert [(i.rule.code, i.status, i.days_left) for i in items] == [
        ("temporary_disclosure", DueStatus.OVERDUE, -11),
        ("annual_disclosure", DueStatus.OVERDUE, -5),
        ("ets_report", DueStatus.DUE, 11),
    ]


def test_done_obligations_drop_off_unless_late_filings_are_asked_for():
    late = Obligation("annual_disclosure", data_year=2025, done_on=date(2026, 3, 18))
    assert list_due([late], date(2026, 3, 20)) == []
    [item] = list_due([late], date(2026, 3, 20), include_done_late=True)
    assert item.status is DueStatus.DONE_LATE


def test_rules_are_data_that_can_be_replaced():
    rules = rules_from_rows([{"code": "annual_disclosure", "anchor": "following_year",
                              "applies_to": "disclosure", "month": "4", "day": "30"}])
    [item] = list_due([Obligation("annual_disclosure", data_year=2025)], date(2026, 4, 20), rules=rules)
    assert item.due == date(2026, 4, 30)


def test_an_obligation_for_an_unknown_rule_is_refused():
    with pytest.raises(DisclosureInputError) as err:
        list_due([Obligation("nonexistent", data_year=2025)], date(2026, 1, 1))
    assert err.value.code == "unknown_deadline_rule"
