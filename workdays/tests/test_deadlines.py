"""The working-day arithmetic of SPEC.md, with explicit calendars: no database."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workdays.deadlines import (
    WIB,
    Calendar,
    DeadlineState,
    add_hours,
    add_working_days,
    deadline_state,
    end_of_day,
    is_working_day,
    wib_date,
    working_days_left,
)

from .calendars import SPEC_EXAMPLE_CALENDAR

NO_HOLIDAYS = Calendar()


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def eod(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 23, 59, 59, tzinfo=WIB)


# --- the example of SPEC.md ----------------------------------------------------------


def test_spec_example_with_the_days_the_spec_names():
    assert add_working_days(wib(2025, 3, 27, 10, 0), 10, SPEC_EXAMPLE_CALENDAR) == eod(2025, 4, 22)


def test_spec_example_with_the_package_calendar(id_calendar):
    due = add_working_days(wib(2025, 3, 27, 10, 0), 10, id_calendar)
    assert due == eod(2025, 4, 22)
    assert due.tzinfo == WIB and due.utcoffset() == timedelta(hours=7)
    assert due.strftime("%A %H:%M:%S") == "Tuesday 23:59:59"


def test_result_is_23_59_59_wib_even_for_a_start_in_another_zone(id_calendar):
    due = add_working_days(datetime(2025, 3, 27, 3, 0, tzinfo=UTC), 10, id_calendar)
    assert (due.tzinfo, due.hour, due.minute, due.second, due.microsecond) == (WIB, 23, 59, 59, 0)
    assert due.astimezone(UTC) == datetime(2025, 4, 22, 16, 59, 59, tzinfo=UTC)


# --- weekends, holidays, cuti bersama -------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (wib(2025, 1, 6, 9), 4, eod(2025, 1, 10)),  # Monday + 4 = Friday
        (wib(2025, 1, 10, 9), 1, eod(2025, 1, 13)),  # Friday + 1 skips the weekend
        (wib(2025, 1, 10, 9), 5, eod(2025, 1, 17)),  # a full week
        (wib(2025, 1, 10, 9), 15, eod(2025, 1, 31)),  # letters: three weeks
        (wib(2025, 1, 8, 9), 0, eod(2025, 1, 8)),  # 0 days: end of day 0
    ],
)
def test_weekends_are_never_working_days(start, days, due):
    assert add_working_days(start, days, NO_HOLIDAYS) == due


def test_a_national_holiday_is_skipped():
    good_friday = Calendar.of([date(2025, 4, 18)])
    assert add_working_days(wib(2025, 4, 17, 9), 1, good_friday) == eod(2025, 4, 21)
    assert add_working_days(wib(2025, 4, 17, 9), 1, NO_HOLIDAYS) == eod(2025, 4, 18)


def test_a_cuti_bersama_day_is_skipped(id_calendar):
    # Monday 18 August 2025 is cuti bersama after Independence Day (a Sunday).
    assert not is_working_day(date(2025, 8, 18), id_calendar)
    assert add_working_days(wib(2025, 8, 15, 9), 1, id_calendar) == eod(2025, 8, 19)


def test_holiday_and_cuti_bersama_in_a_row(id_calendar):
    # Waisak Monday 12 May 2025 (libur nasional) and Tuesday 13 May (cuti bersama).
    assert add_working_days(wib(2025, 5, 9, 9), 1, id_calendar) == eod(2025, 5, 14)
    # Idul Adha Friday 6 June, cuti bersama Monday 9 June.
    assert add_working_days(wib(2025, 6, 5, 9), 1, id_calendar) == eod(2025, 6, 10)


def test_a_holiday_on_a_weekend_changes_nothing():
    nyepi_on_saturday = Calendar.of([date(2025, 3, 29)])
    assert add_working_days(wib(2025, 3, 27, 9), 2, nyepi_on_saturday) == eod(2025, 3, 31)


def test_an_inactive_holiday_is_simply_absent_from_the_calendar():
    assert not is_working_day(date(2025, 4, 18), Calendar.of([date(2025, 4, 18)]))
    assert is_working_day(date(2025, 4, 18), NO_HOLIDAYS)


# --- year boundaries -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Christmas 25 Dec 2025, cuti bersama 26 Dec, New Year 1 Jan 2026.
        (wib(2025, 12, 24, 9), 1, eod(2025, 12, 29)),
        (wib(2025, 12, 24, 9), 3, eod(2025, 12, 31)),
        (wib(2025, 12, 24, 9), 4, eod(2026, 1, 2)),
        (wib(2025, 12, 24, 9), 10, eod(2026, 1, 12)),
        (wib(2025, 12, 31, 23, 59, 59), 1, eod(2026, 1, 2)),
        # Cuti bersama 24 Dec 2026, Christmas 25 Dec 2026, New Year 1 Jan 2027.
        (wib(2026, 12, 23, 9), 1, eod(2026, 12, 28)),
        (wib(2026, 12, 23, 9), 5, eod(2027, 1, 4)),
        # New Year's Day itself: counting starts from 31 December.
        (wib(2026, 1, 1, 9), 1, eod(2026, 1, 2)),
        (wib(2026, 1, 1, 9), 0, eod(2025, 12, 31)),
    ],
)
def test_year_boundaries(id_calendar, start, days, due):
    assert add_working_days(start, days, id_calendar) == due


# --- the time of day and the time zone of the start -----------------------------------


@pytest.mark.parametrize("moment", [wib(2025, 1, 9, 0, 0, 0), wib(2025, 1, 9, 12, 0), wib(2025, 1, 9, 23, 59, 59)])
def test_any_time_of_the_day_is_the_same_day_0(moment):
    assert add_working_days(moment, 1, NO_HOLIDAYS) == eod(2025, 1, 10)


def test_a_utc_start_that_is_already_the_next_day_in_wib():
    start = datetime(2025, 1, 9, 17, 30, tzinfo=UTC)  # Friday 10 Jan 00:30 WIB
    assert wib_date(start) == date(2025, 1, 10)
    assert add_working_days(start, 1, NO_HOLIDAYS) == eod(2025, 1, 13)


def test_a_utc_start_that_is_still_the_previous_day_in_wib():
    start = datetime(2025, 1, 9, 16, 59, 59, tzinfo=UTC)  # Thursday 9 Jan 23:59:59 WIB
    assert wib_date(start) == date(2025, 1, 9)
    assert add_working_days(start, 1, NO_HOLIDAYS) == eod(2025, 1, 10)


def test_the_spec_example_given_in_utc(id_calendar):
    # 17:30 UTC on Thursday is 00:30 WIB on Friday 28 March, a cuti bersama day: day 0
    # moves back to Thursday 27 March and the deadline stays Tuesday 22 April.
    assert add_working_days(datetime(2025, 3, 27, 17, 30, tzinfo=UTC), 10, id_calendar) == eod(2025, 4, 22)
    # 17:30 UTC on Friday 28 is Saturday 29 March in WIB: still day 0 = Thursday 27.
    assert add_working_days(datetime(2025, 3, 28, 17, 30, tzinfo=UTC), 10, id_calendar) == eod(2025, 4, 22)


def test_other_time_zones_are_converted_to_wib():
    new_york = ZoneInfo("America/New_York")
    start = datetime(2025, 1, 9, 12, 30, tzinfo=new_york)  # Friday 10 Jan 00:30 WIB
    assert add_working_days(start, 1, NO_HOLIDAYS) == eod(2025, 1, 13)


# --- a start that is not a working day ------------------------------------------------


@pytest.mark.parametrize("start", [wib(2025, 1, 11, 10), wib(2025, 1, 12, 23, 59, 59)])
def test_a_weekend_start_counts_from_the_friday_before(start):
    assert add_working_days(start, 0, NO_HOLIDAYS) == eod(2025, 1, 10)
    assert add_working_days(start, 1, NO_HOLIDAYS) == eod(2025, 1, 13)
    assert add_working_days(start, 10, NO_HOLIDAYS) == add_working_days(wib(2025, 1, 10, 8), 10, NO_HOLIDAYS)


def test_a_holiday_start_counts_from_the_last_working_day_before(id_calendar):
    # Monday 31 March 2025 (Idul Fitri): the last working day before is Thursday 27 March.
    assert add_working_days(wib(2025, 3, 31, 9), 10, id_calendar) == eod(2025, 4, 22)
    assert add_working_days(wib(2025, 3, 31, 9), 0, id_calendar) == eod(2025, 3, 27)


# --- refused input --------------------------------------------------------------------


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(datetime(2025, 3, 27, 10, 0), 10, NO_HOLIDAYS)  # noqa: DTZ001


@pytest.mark.parametrize("days", [-1, -10])
def test_negative_days_are_refused(days):
    with pytest.raises(ValueError, match=">= 0"):
        add_working_days(wib(2025, 3, 27), days, NO_HOLIDAYS)


@pytest.mark.parametrize("days", [1.0, True, "2"])
def test_days_must_be_an_int(days):
    with pytest.raises(TypeError):
        add_working_days(wib(2025, 3, 27), days, NO_HOLIDAYS)  # type: ignore[arg-type]


def test_is_working_day_wants_a_date_not_a_datetime():
    with pytest.raises(TypeError, match="wib_date"):
        is_working_day(wib(2025, 1, 9), NO_HOLIDAYS)


def test_naive_datetimes_are_refused_everywhere():
    naive = datetime(2025, 1, 9, 10)  # noqa: DTZ001
    aware = wib(2025, 1, 9, 10)
    for call in (
        lambda: working_days_left(naive, aware, NO_HOLIDAYS),
        lambda: working_days_left(aware, naive, NO_HOLIDAYS),
        lambda: deadline_state(naive, aware, calendar=NO_HOLIDAYS),
        lambda: deadline_state(aware, naive, hourly=True),
        lambda: wib_date(naive),
        lambda: add_hours(naive, 1),
    ):
        with pytest.raises(ValueError):
            call()


# --- working days left and the state shown on every case -------------------------------


def test_working_days_left_through_a_spec_example(id_calendar):
    start = wib(2025, 3, 27, 10)
    due = add_working_days(start, 10, id_calendar)
    assert working_days_left(start, due, id_calendar) == 10  # day 0
    assert working_days_left(wib(2025, 3, 28, 10), due, id_calendar) == 10  # cuti bersama
    assert working_days_left(wib(2025, 4, 8, 10), due, id_calendar) == 9
    assert working_days_left(wib(2025, 4, 17, 10), due, id_calendar) == 2  # Thu; Fri is Good Friday
    assert working_days_left(wib(2025, 4, 19, 10), due, id_calendar) == 2  # Saturday
    assert working_days_left(wib(2025, 4, 21, 10), due, id_calendar) == 1
    assert working_days_left(wib(2025, 4, 22, 0, 0), due, id_calendar) == 0
    assert working_days_left(wib(2025, 4, 23, 0, 0), due, id_calendar) == -1
    assert working_days_left(wib(2025, 4, 28, 9), due, id_calendar) == -4  # 23, 24, 25, 28


def test_working_days_left_uses_wib_dates():
    due = eod(2025, 1, 13)  # Monday
    # Friday 10 Jan 00:30 WIB, given in UTC on Thursday.
    assert working_days_left(datetime(2025, 1, 9, 17, 30, tzinfo=UTC), due, NO_HOLIDAYS) == 1
    assert working_days_left(datetime(2025, 1, 9, 16, 30, tzinfo=UTC), due, NO_HOLIDAYS) == 2


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (wib(2025, 4, 17, 10), DeadlineState.ON_TIME),  # 2 working days left
        (wib(2025, 4, 18, 10), DeadlineState.ON_TIME),  # Good Friday: Mon 21 and Tue 22 left
        (wib(2025, 4, 20, 23, 59, 59), DeadlineState.ON_TIME),  # Sunday night: still 2
        (wib(2025, 4, 21, 10), DeadlineState.AT_RISK),  # 1 working day left
        (wib(2025, 4, 22, 23, 59, 59), DeadlineState.AT_RISK),  # the last second
        (wib(2025, 4, 23, 0, 0, 0), DeadlineState.LATE),
        (datetime(2025, 4, 22, 16, 59, 59, 1, tzinfo=UTC), DeadlineState.LATE),
    ],
)
def test_deadline_state_for_working_day_deadlines(id_calendar, now, state):
    assert deadline_state(now, eod(2025, 4, 22), calendar=id_calendar) == state


@pytest.mark.parametrize(
    ("minutes_left", "state"),
    [(60, DeadlineState.ON_TIME), (16, DeadlineState.ON_TIME), (15, DeadlineState.AT_RISK),
     (0, DeadlineState.AT_RISK), (-1, DeadlineState.LATE)],
)
def test_deadline_state_for_the_one_hour_walk_in(minutes_left, state):
    start = wib(2025, 4, 18, 10)  # a holiday: hourly deadlines ignore the calendar
    due = add_hours(start, 1)
    assert due == wib(2025, 4, 18, 11)
    now = due - timedelta(minutes=minutes_left)
    assert deadline_state(now, due, hourly=True, calendar=NO_HOLIDAYS) == state


def test_deadline_state_labels_are_indonesian():
    assert [str(s.label) for s in DeadlineState] == ["Tepat waktu", "Berisiko terlambat", "Terlambat"]


# --- calendar coverage -----------------------------------------------------------------


def test_a_computation_beyond_the_known_years_warns_but_counts_weekends(caplog):
    calendar = Calendar.of([date(2025, 12, 25)], covered_years=[2025])
    with caplog.at_level(logging.WARNING, logger="workdays.deadlines"):
        assert add_working_days(wib(2025, 12, 24, 9), 1, calendar) == eod(2025, 12, 26)
        assert not caplog.records
        assert add_working_days(wib(2025, 12, 31, 9), 3, calendar) == eod(2026, 1, 5)
    assert [r.getMessage() for r in caplog.records if "2026" in r.getMessage()]


def test_end_of_day_and_is_working_day_basics():
    assert end_of_day(date(2025, 1, 9)) == eod(2025, 1, 9)
    assert is_working_day(date(2025, 1, 10), NO_HOLIDAYS)
    assert not is_working_day(date(2025, 1, 11), NO_HOLIDAYS)
    assert not is_working_day(date(2025, 1, 12), NO_HOLIDAYS)
