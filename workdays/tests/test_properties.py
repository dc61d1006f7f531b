"""Properties of the working-day arithmetic, and a check against an independent model.

Pure: the calendar is Indonesia's from the holidays package (2023-2029), no database.
"""

from __future__ import annotations

import bisect
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workdays.deadlines import WIB, Calendar, add_working_days, deadline_state, working_days_left

from .calendars import package_calendar

CALENDAR = package_calendar(2023, 2029)
ZONES = st.sampled_from([WIB, UTC, ZoneInfo("Asia/Makassar"), ZoneInfo("America/New_York"), ZoneInfo("Pacific/Kiritimati")])

starts = st.datetimes(
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=datetime(2027, 12, 31, 23, 59, 59),  # noqa: DTZ001
    timezones=ZONES,
)
day_counts = st.integers(min_value=0, max_value=60)


def wib_day(moment: datetime) -> date:
    return moment.astimezone(WIB).date()


@given(start=starts, days=day_counts)
def test_the_deadline_is_the_end_of_a_working_day_in_wib(start, days):
    due = add_working_days(start, days, CALENDAR)
    assert due.tzinfo == WIB
    assert due.timetz() == time(23, 59, 59, tzinfo=WIB)
    assert CALENDAR.is_working_day(due.date())
    assert due.date() >= wib_day(start) or not CALENDAR.is_working_day(wib_day(start))


@given(a=starts, b=starts, days=day_counts)
def test_monotone_in_the_start(a, b, days):
    early, late = sorted([a, b])
    assert add_working_days(early, days, CALENDAR) <= add_working_days(late, days, CALENDAR)


@given(start=starts, a=day_counts, b=day_counts)
def test_strictly_monotone_in_the_number_of_days(start, a, b):
    assume(a != b)
    fewer, more = sorted([a, b])
    assert add_working_days(start, fewer, CALENDAR) < add_working_days(start, more, CALENDAR)


@given(start=starts, a=day_counts, b=day_counts)
def test_adding_a_then_b_from_a_working_day_is_adding_a_plus_b(start, a, b):
    assume(CALENDAR.is_working_day(wib_day(start)))
    twice = add_working_days(add_working_days(start, a, CALENDAR), b, CALENDAR)
    assert twice.date() == add_working_days(start, a + b, CALENDAR).date()


@given(start=starts, a=day_counts, b=day_counts)
def test_adding_a_then_b_holds_from_any_start(start, a, b):
    # Day 0 moves back to a working day first, so the composition holds everywhere.
    twice = add_working_days(add_working_days(start, a, CALENDAR), b, CALENDAR)
    assert twice == add_working_days(start, a + b, CALENDAR)


@given(start=starts, days=day_counts)
def test_working_days_left_at_the_start_is_the_number_of_days(start, days):
    due = add_working_days(start, days, CALENDAR)
    assert working_days_left(start, due, CALENDAR) == days


@given(start=starts, days=st.integers(min_value=2, max_value=60), elapsed=st.integers(min_value=0, max_value=24 * 90))
def test_the_state_follows_the_days_left(start, days, elapsed):
    due = add_working_days(start, days, CALENDAR)
    now = start + timedelta(hours=elapsed)
    left = working_days_left(now, due, CALENDAR)
    state = deadline_state(now, due, calendar=CALENDAR)
    if now > due:
        assert state == "late" and left <= 0
    elif left <= 1:
        assert state == "at_risk"
    else:
        assert state == "on_time"


@given(start=starts, days=day_counts.filter(lambda n: n >= 1))
def test_more_holidays_never_bring_a_deadline_earlier(start, days):
    # Not for days=0: a start on a new holiday moves day 0 back to the working day
    # before it (SPEC.md), so "0 working days" can end earlier. Every channel counts >= 1.
    fewer = Calendar.of(d for d in CALENDAR.holidays if d.month % 2)
    assert add_working_days(start, days, fewer) <= add_working_days(start, days, CALENDAR)


# --- an independent model, every day from 2024 to 2027 -------------------------------


def _working_days(first: date, last: date) -> list[date]:
    return [
        first + timedelta(days=i)
        for i in range((last - first).days + 1)
        if (first + timedelta(days=i)).isoweekday() <= 5 and first + timedelta(days=i) not in CALENDAR.holidays
    ]


WORKING_DAYS = _working_days(date(2023, 6, 1), date(2028, 6, 30))


def reference_due_date(day: date, days: int) -> date:
    """SPEC.md by index arithmetic over the sorted working days, not by stepping."""
    day0 = bisect.bisect_right(WORKING_DAYS, day) - 1  # the last working day on or before
    return WORKING_DAYS[day0 + days]


@pytest.mark.parametrize("days", [0, 1, 2, 5, 10, 15])
def test_every_day_from_2024_to_2027_agrees_with_the_reference(days):
    day = date(2024, 1, 1)
    while day <= date(2027, 12, 31):
        for clock in (time(0, 0), time(12, 0), time(23, 59, 59)):
            start = datetime.combine(day, clock, tzinfo=WIB)
            assert add_working_days(start, days, CALENDAR).date() == reference_due_date(day, days), (start, days)
        day += timedelta(days=1)


@settings(max_examples=300)
@given(start=starts, days=day_counts)
def test_random_starts_agree_with_the_reference(start, days):
    assert add_working_days(start, days, CALENDAR).date() == reference_due_date(wib_day(start), days)


def count_by_walking(calendar: Calendar, after: date, up_to: date) -> int:
    """The obvious definition, one day at a time: the reference for the arithmetic."""
    return sum(
        1
        for offset in range(1, (up_to - after).days + 1)
        if calendar.is_working_day(after + timedelta(days=offset))
    )


dates = st.dates(min_value=date(2022, 6, 1), max_value=date(2030, 6, 30))


@settings(max_examples=500)
@given(after=dates, up_to=dates)
def test_counting_working_days_agrees_with_walking_them(after, up_to):
    assert CALENDAR.count_working_days(after, up_to) == count_by_walking(CALENDAR, after, up_to)


@given(after=dates, up_to=dates, extra=st.sets(dates, max_size=20))
def test_counting_honours_holidays_on_any_weekday_and_ignores_weekend_ones(after, up_to, extra):
    calendar = Calendar.of(CALENDAR.holidays | extra)
    assert calendar.count_working_days(after, up_to) == count_by_walking(calendar, after, up_to)
