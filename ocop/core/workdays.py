"""Working days in Vietnam, for deadlines counted in "ngày làm việc".

A day is a working day unless it is a Saturday or Sunday or a public holiday, as the state offices work:

- public holidays come from the ``holidays`` package (``holidays.VN``, Labour Code 2019 art. 112): New Year,
  Tết (five days around Lunar New Year), Hùng Kings, 30/4, 1/5, National Day (two days), and from 2026 the
  Vietnamese Culture Day (24/11). A holiday on a weekend gives a compensatory day ("nghỉ bù"), and a Tết day on a
  Saturday or Sunday moves to the working day before or after it (``observed`` days, included). The package also
  lists the swaps the government decided (a weekday off against a Saturday worked: in 2026 Monday 31/8 is off and
  Saturday 22/8 is worked), and those make-up Saturdays count as working days here.
  What holidays 0.109 says for Tết: 2026 — Monday 16 to Friday 20 February off (with the weekends, 14 to 22
  February); 2027 — Lunar New Year falls on Saturday 6 February, and the package gives Thursday 4 ("29 Tết") to
  Wednesday 10 February off. The 2027 days are the package's rule, not yet a government notice: when the notice
  differs, an office corrects them with ``days_off`` / ``working_days``.
- an office adds its own non-working days (``days_off``) and days worked that would otherwise be off
  (``working_days``, e.g. a make-up Saturday). Office days win over the national calendar.

Any object with ``is_working_day(day) -> bool`` can stand for a calendar (``Calendar`` protocol), so a caller may
back one with its own storage; ``WorkCalendar`` holds plain sets of dates. Nothing here touches a database.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import holidays

ONE_DAY = dt.timedelta(days=1)
MAX_GAP = 400  # a calendar without a working day for this many days is a mistake, not a long holiday


class Calendar(Protocol):
    def is_working_day(self, day: dt.date) -> bool: ...


@lru_cache(maxsize=64)
def _national(year: int) -> tuple[frozenset, frozenset]:
    """(public holidays and days off, Saturdays or Sundays worked instead) of one year."""
    days = holidays.VN(years=range(year - 1, year + 2))  # a swap may cross the new year (31/12 off, 5/1 worked)
    return (frozenset(d for d in days if d.year == year),
            frozenset(d for d in days.weekend_workdays if d.year == year))


def public_holidays(year: int) -> dict[dt.date, str]:
    """The year's non-working days from the holidays package, with their Vietnamese names."""
    return dict(sorted(holidays.VN(years=year, language="vi").items()))


def national_working_day(day: dt.date) -> bool:
    off, worked = _national(day.year)
    if day in worked:
        return True
    return day.weekday() < 5 and day not in off


@dataclass(frozen=True)
class WorkCalendar:
    """The national calendar with an office's own days: days_off (not worked) and working_days (worked)."""

    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    working_days: frozenset[dt.date] = field(default_factory=frozenset)

    def __init__(self, days_off: Iterable[dt.date] = (), working_days: Iterable[dt.date] = ()):
        object.__setattr__(self, "days_off", frozenset(days_off))
        object.__setattr__(self, "working_days", frozenset(working_days))
        both = self.days_off & self.working_days
        if both:
            raise ValueError(f"a day cannot be both off and worked: {', '.join(sorted(d.isoformat() for d in both))}")

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        return national_working_day(day)


NATIONAL = WorkCalendar()


def _as_date(day) -> dt.date:
    return day.date() if isinstance(day, dt.datetime) else day


def is_working_day(day: dt.date, calendar: Calendar = NATIONAL) -> bool:
    return calendar.is_working_day(_as_date(day))


def add_working_days(day: dt.date, n: int, calendar: Calendar = NATIONAL) -> dt.date:
    """The n-th working day after day (day itself not counted); n < 0 counts back; n = 0 gives day.

    A deadline of 15 working days from a decision dated day is add_working_days(day, 15).
    """
    day = _as_date(day)
    step = ONE_DAY if n >= 0 else -ONE_DAY
    remaining, gap = abs(n), 0
    while remaining:
        day += step
        if calendar.is_working_day(day):
            remaining, gap = remaining - 1, 0
        else:
            gap += 1
            if gap > MAX_GAP:
                raise ValueError(f"no working day for {MAX_GAP} days from {day.isoformat()}: check the calendar")
    return day


def working_days_between(a: dt.date, b: dt.date, calendar: Calendar = NATIONAL) -> int:
    """Working days after a up to and including b (negative when b is before a).

    working_days_between(a, add_working_days(a, n)) == n for every n >= 0.
    """
    a, b = _as_date(a), _as_date(b)
    sign = 1 if b >= a else -1
    start, end = (a, b) if sign > 0 else (b, a)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += calendar.is_working_day(day)
    return sign * count
