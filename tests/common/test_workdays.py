from datetime import date

from tanxin.common.workdays import add_workdays, is_authoritative, is_workday, workdays_between


def test_national_day_holidays_are_skipped():
    # 2025-10-01..08 is the National Day / Mid-Autumn holiday; 2025-10-11 (Saturday) is a make-up workday.
    assert add_workdays(date(2025, 9, 29), 5) == date(2025, 10, 13)


def test_an_adjusted_weekend_workday_counts():
    assert is_workday(date(2025, 9, 28))  # Sunday worked in lieu
    assert not is_workday(date(2025, 10, 1))


def test_unpublished_years_fall_back_to_weekdays_and_say_so():
    assert not is_authoritative(date(2099, 1, 5))
    assert is_workday(date(2099, 1, 5))  # a Monday
    assert not is_workday(date(2099, 1, 4))  # a Sunday


def test_workdays_between_counts_the_end_not_the_start():
    assert workdays_between(date(2025, 9, 29), date(2025, 10, 13)) == 5
