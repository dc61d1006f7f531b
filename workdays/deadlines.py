"""Working-day arithmetic for every deadline of the service standard (SPEC.md).

Pure functions over an immutable :class:`Calendar`; nothing here touches the database.
Each function takes an optional ``calendar``; when it is omitted the current calendar is
loaded from the cache (``workdays.calendar.get_calendar``: one query at most, then
cached), so callers in views and tasks simply leave it out and tests pass one explicitly.

Rules (see docs/decisions/working-days.md):

* Time zone: every date is taken in Asia/Jakarta (WIB), whatever zone a datetime has.
  Naive datetimes are refused with ``ValueError``.
* A working day is Monday to Friday and not an active holiday (libur nasional or
  cuti bersama).
* ``add_working_days(start, n)``: the WIB date of ``start`` is day 0; if it is not a
  working day, counting starts as if the clock started on the last working day before
  it. The deadline is 23:59:59 WIB of the n-th working day after day 0. With ``n == 0``
  it is the end of day 0 itself (the adjusted start day).
* ``working_days_left(now, deadline)``: the number of working days after the WIB date of
  ``now`` up to and including the WIB date of ``deadline``. On day 0 of an n-day clock it
  is n; on the due day it is 0; after the due day it is negative (minus the working days
  since the due day, today included). It counts days; whether a case is late is decided
  by :func:`deadline_state` (``now > due_at``), not by the sign.
* :func:`deadline_state`: late when ``now > due_at``; at risk when one working day or
  less is left (for hourly deadlines, i.e. the one-hour walk-in: 15 minutes or less);
  otherwise on time.
"""

from __future__ import annotations

import functools
import logging
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

WIB = ZoneInfo("Asia/Jakarta")
END_OF_DAY = time(23, 59, 59)
ONE_DAY = timedelta(days=1)
# "At risk" thresholds of SPEC.md: 1 working day for day deadlines, 15 minutes for walk-in.
AT_RISK_WORKING_DAYS = 1
AT_RISK_HOURLY = timedelta(minutes=15)


class DeadlineState(models.TextChoices):
    ON_TIME = "on_time", _("Tepat waktu")
    AT_RISK = "at_risk", _("Berisiko terlambat")
    LATE = "late", _("Terlambat")


@dataclass(frozen=True)
class Calendar:
    """The non-working weekdays the arithmetic needs, as an immutable value.

    ``holidays`` holds the active holidays (a weekend date in it changes nothing: weekends
    are always non-working). ``covered_years`` are the years the holiday table has data
    for; a computation that reaches outside them logs a warning, because its weekends are
    right but its holidays may be missing. ``None`` means "not known" and disables the
    warning (a calendar built by hand, e.g. in tests).
    """

    holidays: frozenset[date] = frozenset()
    covered_years: frozenset[int] | None = None

    @classmethod
    def of(cls, holidays: Iterable[date], *, covered_years: Iterable[int] | None = None) -> Calendar:
        return cls(
            holidays=frozenset(holidays),
            covered_years=None if covered_years is None else frozenset(covered_years),
        )

    def is_working_day(self, day: date) -> bool:
        _require_date(day)
        return day.weekday() < 5 and day not in self.holidays

    def last_working_day_on_or_before(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def add_working_days_to_date(self, day: date, days: int) -> date:
        """The ``days``-th working day after ``day`` (after moving ``day`` back to a working day)."""
        _require_days(days)
        current = self.last_working_day_on_or_before(day)
        remaining = days
        while remaining:
            current += ONE_DAY
            if self.is_working_day(current):
                remaining -= 1
        return current

    def count_working_days(self, after: date, up_to: date) -> int:
        """Working days ``d`` with ``after < d <= up_to`` (0 when ``up_to <= after``).

        Arithmetic, not a walk over the days: lists show "working days left" on every
        row, and a case months late would otherwise cost hundreds of steps per row.
        """
        _require_date(after)
        _require_date(up_to)
        if up_to <= after:
            return 0
        first, last = after.toordinal(), up_to.toordinal()
        weekdays = _weekdays_through(last) - _weekdays_through(first)
        holidays = self._weekday_holiday_ordinals
        return weekdays - (bisect_right(holidays, last) - bisect_right(holidays, first))

    @functools.cached_property
    def _weekday_holiday_ordinals(self) -> tuple[int, ...]:
        # cached_property writes the instance __dict__ directly, so it works on a frozen
        # dataclass; the value derives from ``holidays`` alone, which never changes.
        return tuple(sorted(day.toordinal() for day in self.holidays if day.weekday() < 5))

    def check_coverage(self, first: date, last: date) -> None:
        """Log (once per calendar and year) when a computation leaves the known years."""
        if self.covered_years is None:
            return
        for year in range(min(first, last).year, max(first, last).year + 1):
            if year not in self.covered_years:
                _warn_year_not_covered(year, self.covered_years)


@functools.lru_cache(maxsize=256)
def _warn_year_not_covered(year: int, covered_years: frozenset[int]) -> None:
    known = f"{min(covered_years)}–{max(covered_years)}" if covered_years else "none"
    logger.warning(
        "working-day calendar has no holidays for %s (years in the table: %s); only weekends "
        "count as non-working for that year. Run 'manage.py sync_holidays' or add the days "
        "in the admin.",
        year,
        known,
    )


def _weekdays_through(ordinal: int) -> int:
    """Mondays to Fridays among the proleptic ordinals 1..``ordinal`` (day 1 is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _require_date(day: date) -> None:
    # datetime is a subclass of date but never equals one, so a datetime would silently
    # miss every holiday; make the caller choose the WIB date explicitly.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a date, got {type(day).__name__}; use wib_date() for datetimes")


def _require_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"days must be an int, got {type(days).__name__}")
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")


def _resolve(calendar: Calendar | None) -> Calendar:
    if calendar is not None:
        return calendar
    # Imported here so that this module stays importable (and testable) without Django's
    # database machinery being ready.
    from workdays.calendar import get_calendar

    return get_calendar()


def wib_date(moment: datetime) -> date:
    """The calendar date of an aware datetime in Asia/Jakarta."""
    _require_aware(moment, "moment")
    return moment.astimezone(WIB).date()


def end_of_day(day: date) -> datetime:
    """23:59:59 WIB of ``day``, timezone-aware."""
    _require_date(day)
    return datetime.combine(day, END_OF_DAY, tzinfo=WIB)


def is_working_day(day: date, calendar: Calendar | None = None) -> bool:
    """Monday to Friday and not an active holiday. ``day`` is a date, not a datetime."""
    cal = _resolve(calendar)
    cal.check_coverage(day, day)
    return cal.is_working_day(day)


def add_working_days(start: datetime, days: int, calendar: Calendar | None = None) -> datetime:
    """The deadline of a clock started at ``start`` that runs ``days`` working days.

    Returns 23:59:59 WIB of the ``days``-th working day after day 0, where day 0 is the
    WIB date of ``start`` or, when that is not a working day, the last working day before
    it. ``days == 0`` gives the end of day 0. Example (SPEC.md): Thursday 27 March 2025
    + 10 -> Tuesday 22 April 2025 23:59:59 WIB.
    """
    _require_aware(start, "start")
    _require_days(days)
    cal = _resolve(calendar)
    day0 = cal.last_working_day_on_or_before(wib_date(start))
    due = cal.add_working_days_to_date(day0, days)
    cal.check_coverage(day0, due)
    return end_of_day(due)


def working_days_left(now: datetime, deadline: datetime, calendar: Calendar | None = None) -> int:
    """Working days after today (WIB) up to and including the deadline's date (WIB).

    ``working_days_left(start, add_working_days(start, n)) == n`` for every start. It is 0
    on the due day itself, 1 on the working day before, and negative after the due day:
    minus the number of working days from the day after the due day up to today.
    """
    _require_aware(now, "now")
    _require_aware(deadline, "deadline")
    cal = _resolve(calendar)
    today, due = wib_date(now), wib_date(deadline)
    cal.check_coverage(today, due)
    if due >= today:
        return cal.count_working_days(after=today, up_to=due)
    return -cal.count_working_days(after=due, up_to=today)


def deadline_state(
    now: datetime,
    due_at: datetime,
    *,
    hourly: bool = False,
    calendar: Calendar | None = None,
    days_left: int | None = None,
) -> DeadlineState:
    """On time, at risk or late: the one rule every channel and the complaints module use.

    Late when ``now > due_at``. At risk when one working day or less is left
    (:func:`working_days_left` <= 1), or, for ``hourly`` deadlines (the one-hour walk-in),
    when 15 minutes or less are left. Otherwise on time. ``days_left``, when the caller
    has already computed ``working_days_left(now, due_at)``, spares computing it again.
    """
    _require_aware(now, "now")
    _require_aware(due_at, "due_at")
    if now > due_at:
        return DeadlineState.LATE
    if hourly:
        at_risk = due_at - now <= AT_RISK_HOURLY
    else:
        if days_left is None:
            days_left = working_days_left(now, due_at, calendar)
        at_risk = days_left <= AT_RISK_WORKING_DAYS
    return DeadlineState.AT_RISK if at_risk else DeadlineState.ON_TIME


def add_hours(start: datetime, hours: int) -> datetime:
    """Hourly deadlines (walk-in: 1 hour) run on the clock, ignoring the calendar."""
    _require_aware(start, "start")
    if isinstance(hours, bool) or not isinstance(hours, int):
        raise TypeError(f"hours must be an int, got {type(hours).__name__}")
    if hours < 0:
        raise ValueError(f"hours must be >= 0, got {hours}")
    return start + timedelta(hours=hours)
