"""Working days in Vietnam: weekends, public holidays with Tết and compensatory days from the holidays package,
the government's swaps, and an office's own days off and make-up Saturdays."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocop.core.workdays import (NATIONAL, WorkCalendar, add_working_days, is_working_day, public_holidays,
                                working_days_between)

D = dt.date


def test_what_the_holidays_package_gives_for_tet_2026_and_2027():
    tet_2026 = [d for d, name in public_holidays(2026).items() if "Tết Nguyên Đán" in name]
    assert tet_2026 == [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)]
    tet_2027 = [d for d, name in public_holidays(2027).items() if "Tết" in name and d.month == 2]
    assert tet_2027 == [D(2027, 2, d) for d in range(4, 11)]  # Thu 4 to Wed 10: the weekend Tết days moved out
    assert public_holidays(2027)[D(2027, 2, 4)] == "29 Tết" and public_holidays(2027)[D(2027, 2, 10)] == "Mùng năm Tết Nguyên Đán"


def test_tet_and_weekends_are_not_working_days():
    assert is_working_day(D(2026, 2, 13))  # Friday before Tết 2026
    assert not any(is_working_day(D(2026, 2, d)) for d in range(14, 23))  # Sat 14 to Sun 22 February
    assert is_working_day(D(2026, 2, 23))
    assert not is_working_day(D(2027, 2, 4)) and not is_working_day(D(2027, 2, 10)) and is_working_day(D(2027, 2, 11))


def test_compensatory_days_swaps_and_the_new_culture_day():
    assert not is_working_day(D(2026, 4, 27))  # Hùng Kings on Sunday 26/4 → Monday off
    assert not is_working_day(D(2027, 5, 3))  # 1/5/2027 is a Saturday → Monday off
    assert not is_working_day(D(2026, 8, 31)) and is_working_day(D(2026, 8, 22))  # Saturday 22/8 worked instead
    assert not is_working_day(D(2026, 11, 24)) and is_working_day(D(2025, 11, 24))  # Culture Day from 2026


def test_fifteen_working_days_across_tet_2027():
    assert add_working_days(D(2027, 2, 3), 15) == D(2027, 3, 3)  # a week later than without Tết
    assert working_days_between(D(2027, 2, 3), D(2027, 3, 3)) == 15
    assert working_days_between(D(2027, 2, 3), D(2027, 2, 10)) == 0


def test_across_the_year_end_and_weekends():
    assert add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 5)  # Thu 31, (Fri 1/1 off), Mon 4, Tue 5
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Friday + 1 → Monday
    assert add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)  # from a Saturday
    assert add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 7)
    assert add_working_days(D(2026, 3, 9), -1) == D(2026, 3, 6)
    assert add_working_days(dt.datetime(2026, 3, 6, 16, 30), 1) == D(2026, 3, 9)
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 6)) == -1
    # 2026: 104 weekend days, 13 holidays on weekdays (1/1, five of Tết, 27/4, 30/4, 1/5, 31/8, 1-2/9, 24/11), Sat 22/8 worked
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 365 - 104 - 13 + 1


def test_an_office_adds_days_off_and_make_up_saturdays():
    office = WorkCalendar(days_off=[D(2026, 3, 10)], working_days=[D(2026, 3, 14), D(2026, 2, 17)])
    assert not is_working_day(D(2026, 3, 10), office) and is_working_day(D(2026, 3, 10))
    assert is_working_day(D(2026, 3, 14), office) and not is_working_day(D(2026, 3, 14))
    assert is_working_day(D(2026, 2, 17), office)  # an office may even work on a holiday
    assert add_working_days(D(2026, 3, 9), 2, office) == D(2026, 3, 12)
    assert add_working_days(D(2026, 3, 13), 1, office) == D(2026, 3, 14)
    with pytest.raises(ValueError):
        WorkCalendar(days_off=[D(2026, 3, 14)], working_days=[D(2026, 3, 14)])


def test_any_object_with_is_working_day_is_a_calendar_and_a_calendar_without_work_is_refused():
    class FourDayWeek:
        def is_working_day(self, day):
            return day.weekday() < 4 and NATIONAL.is_working_day(day)

    assert add_working_days(D(2026, 3, 12), 1, FourDayWeek()) == D(2026, 3, 16)  # Thursday → Monday

    class Never:
        def is_working_day(self, day):
            return False

    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 1), 1, Never())


days = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))
offices = st.builds(WorkCalendar, days_off=st.sets(st.dates(min_value=D(2024, 1, 1), max_value=D(2029, 12, 31)), max_size=20))


@settings(max_examples=150, deadline=None)
@given(day=days, n=st.integers(min_value=0, max_value=260), office=offices)
def test_adding_n_working_days_then_counting_back_gives_n(day, n, office):
    later = add_working_days(day, n, office)
    assert working_days_between(day, later, office) == n
    assert working_days_between(later, day, office) == -n
    if n:
        assert is_working_day(later, office) and later > day
    if is_working_day(day, office):
        assert add_working_days(later, -n, office) == day
