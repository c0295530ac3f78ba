import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps

from casedesk.cases import calendar
from casedesk.cases.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_the_seed_migration_loaded_2004_to_2026():
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    assert calendar.covers(2026)
    assert not calendar.covers(2027)


def test_the_seeded_rows_are_the_package_exceptions():
    _years, days = calendar.seed_rows()
    assert sorted(CalendarDay.objects.values_list("date", "is_working", "name")) == days


def test_seed_rows_keep_only_weekday_holidays_and_weekend_workdays():
    _years, days = calendar.seed_rows()
    assert all((d.weekday() >= 5) == working for d, working, _name in days)


def test_seed_rows_name_every_holiday_in_chinese():
    _years, days = calendar.seed_rows()
    assert {name for _d, _w, name in days} == set(calendar.HOLIDAY_NAMES.values())
    assert (date(2015, 9, 3), False, "抗战胜利70周年纪念日") in days
    assert (date(2026, 2, 14), True, "春节") in days


def test_seed_rows_respect_the_year_range():
    years, days = calendar.seed_rows(2025, 2026)
    assert [year for year, _source in years] == [2025, 2026]
    assert {d.year for d, _w, _n in days} == {2025, 2026}
    assert years[0][1].startswith("chinese-calendar ")


def test_the_seed_migration_reverses_and_reapplies():
    migration = importlib.import_module("casedesk.cases.migrations.0003_seed_calendar")
    migration.unseed(django_apps, None)
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()
    migration.seed(django_apps, None)
    assert CalendarYear.objects.count() == 23


def test_spring_festival_2026_is_skipped():
    assert not calendar.is_working_day(date(2026, 2, 16))  # Monday
    # Thu 12 Feb: Fri 13, Sat 14 (调休), then rest until Mon 23 Feb inclusive.
    assert calendar.add_working_days(date(2026, 2, 12), 3) == (date(2026, 2, 24), False)


def test_national_day_2026_is_skipped():
    assert calendar.add_working_days(date(2026, 9, 30), 1) == (date(2026, 10, 8), False)


def test_a_tiaoxiu_weekend_day_is_a_working_day():
    assert calendar.is_working_day(date(2026, 9, 20))  # Sunday
    assert calendar.is_working_day(date(2026, 10, 10))  # Saturday
    assert not calendar.is_working_day(date(2026, 9, 19))
    assert calendar.add_working_days(date(2026, 10, 9), 1) == (date(2026, 10, 10), False)


def test_a_friday_plus_three_working_days_is_the_next_wednesday():
    assert calendar.add_working_days(date(2026, 3, 6), 3) == (date(2026, 3, 11), False)


def test_a_year_without_a_schedule_counts_weekends_only_and_is_estimated():
    assert calendar.add_working_days(date(2027, 1, 29), 3) == (date(2027, 2, 3), True)


def test_crossing_into_an_unloaded_year_is_estimated():
    # 1 January 2027 is a Friday: counted as a working day without the official schedule.
    assert calendar.add_working_days(date(2026, 12, 30), 3) == (date(2027, 1, 4), True)


def test_rows_of_a_year_not_marked_loaded_are_ignored():
    CalendarDay.objects.create(date=date(2027, 2, 1), is_working=False, name="春节")
    assert calendar.is_working_day(date(2027, 2, 1))


def test_an_edit_in_the_table_counts_at_once():
    assert calendar.add_working_days(date(2026, 3, 6), 1) == (date(2026, 3, 9), False)
    CalendarDay.objects.create(date=date(2026, 3, 9), is_working=False, name="test")
    assert calendar.add_working_days(date(2026, 3, 6), 1) == (date(2026, 3, 10), False)


def test_zero_working_days_is_the_start():
    assert calendar.add_working_days(date(2026, 3, 7), 0) == (date(2026, 3, 7), False)


def test_a_long_count_crosses_many_holidays():
    due, estimated = calendar.add_working_days(date(2025, 12, 31), 200)
    assert not estimated and due.year == 2026
    assert calendar.working_days_between(date(2025, 12, 31), due) == 200


def test_add_working_days_reads_the_tables_at_most_twice(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        calendar.add_working_days(date(2026, 2, 12), 10)


def test_roll_forward_keeps_a_working_day():
    assert calendar.roll_forward_to_working_day(date(2026, 3, 9)) == (date(2026, 3, 9), False)


def test_roll_forward_skips_a_holiday():
    assert calendar.roll_forward_to_working_day(date(2026, 10, 3)) == (date(2026, 10, 8), False)


def test_roll_forward_in_an_unloaded_year_skips_weekends_only():
    assert calendar.roll_forward_to_working_day(date(2027, 10, 2)) == (date(2027, 10, 4), True)


def test_working_days_between_counts_after_a_up_to_b():
    assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert calendar.working_days_between(date(2026, 3, 6), date(2026, 3, 11)) == 3


def test_working_days_between_is_negative_backwards_and_zero_on_the_same_day():
    assert calendar.working_days_between(date(2026, 3, 11), date(2026, 3, 6)) == -3
    assert calendar.working_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0


def test_working_days_counts_as_working_days_between_however_its_window_grows():
    """The timeline's running totals (one read per window) agree with the per-call function,
    across holidays, 调休 weekends, uncovered years and both directions; the window widens."""
    import random
    from datetime import timedelta

    rng = random.Random(20261126)
    days = calendar.WorkingDays()
    start = date(2026, 1, 15)
    pairs = [(start, start + timedelta(days=n)) for n in (0, 1, 30)]  # a first, small window
    pairs += [(date(2023, 12, 20), date(2028, 1, 10)), (date(2026, 10, 8), date(2026, 9, 28))]
    for _ in range(150):
        a = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 6 * 365))
        pairs.append((a, a + timedelta(days=rng.randrange(-90, 90))))
    windows = set()
    for a, b in pairs:
        assert days.between(a, b) == calendar.working_days_between(a, b), (a, b)
        windows.add((days.first, days.last))
    assert len(windows) > 1  # it did widen
    assert days.between(date(2026, 9, 30), date(2026, 10, 7)) == 0  # 国庆节 2026: 1 to 7 October off
