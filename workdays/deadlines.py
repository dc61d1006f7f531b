"""Working-day arithmetic for every deadline of the service standard (SPEC.md).

Pure functions over an immutable :class:`~workdays.values.Calendar`; nothing here
touches the database. Each function takes an optional ``calendar``; when it is omitted
the current calendar is loaded from the cache (``workdays.calendar.get_calendar``: one
query at most, then cached), so callers in views and tasks simply leave it out and tests
pass one explicitly. The imports run one way: ``values`` <- ``calendar`` <- ``deadlines``.

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

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from .calendar import get_calendar
from .values import Calendar, require_date, require_days

__all__ = [
    "AT_RISK_HOURLY",
    "AT_RISK_WORKING_DAYS",
    "WIB",
    "Calendar",
    "DeadlineState",
    "add_hours",
    "add_working_days",
    "deadline_state",
    "end_of_day",
    "is_working_day",
    "wib_date",
    "working_days_left",
]

# The one definition of the project's time zone: workdays is the lowest layer, and
# everything else takes it from ``core.time``, which re-exports it.
WIB = ZoneInfo("Asia/Jakarta")
END_OF_DAY = time(23, 59, 59)
# "At risk" thresholds of SPEC.md: 1 working day for day deadlines, 15 minutes for walk-in.
AT_RISK_WORKING_DAYS = 1
AT_RISK_HOURLY = timedelta(minutes=15)


class DeadlineState(models.TextChoices):
    ON_TIME = "on_time", _("Tepat waktu")
    AT_RISK = "at_risk", _("Berisiko terlambat")
    LATE = "late", _("Terlambat")


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")


def _resolve(calendar: Calendar | None) -> Calendar:
    return calendar if calendar is not None else get_calendar()


def wib_date(moment: datetime) -> date:
    """The calendar date of an aware datetime in Asia/Jakarta."""
    _require_aware(moment, "moment")
    return moment.astimezone(WIB).date()


def end_of_day(day: date) -> datetime:
    """23:59:59 WIB of ``day``, timezone-aware."""
    require_date(day)
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
    require_days(days)
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
