"""LKPP's service hours (the admin's ``DeskHours``, default Mon-Thu 08:00-16:00 and Fri
08:00-16:30 WIB) on the calendar's working days: when the walk-in desk registers guests
without asking why, and when an online meeting needs no "outside office hours"
confirmation."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from workdays.deadlines import is_working_day, wib_date

from ..models import DEFAULT_DESK_HOURS, DeskHours

__all__ = ["desk_hours", "desk_is_open"]


def desk_hours(weekday: int):
    """(opens, closes) of the desk on a weekday, or None when it is closed."""
    rows = {row.weekday: (row.opens, row.closes) for row in DeskHours.objects.all()}
    table = rows or DEFAULT_DESK_HOURS
    return table.get(weekday)


def desk_is_open(now: datetime) -> bool:
    """Within the admin's hours for the weekday (WIB), on a working day of the calendar."""
    local = timezone.localtime(now)
    if not is_working_day(wib_date(now)):
        return False
    hours = desk_hours(local.weekday())
    return hours is not None and hours[0] <= local.time() < hours[1]
