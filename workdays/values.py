"""The working-day calendar as an immutable value, and the checks its arithmetic shares.

:class:`Calendar` knows the non-working weekdays and does day arithmetic on dates. It is
built by ``workdays.calendar`` (from the holiday table, cached) or by hand in tests, and
used by ``workdays.deadlines``. Both import it from here, so neither imports the other
backwards: ``values`` <- ``calendar`` <- ``deadlines``.
"""

from __future__ import annotations

import functools
import logging
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Warnings keep the logger name callers have filtered on since the class lived there.
logger = logging.getLogger("workdays.deadlines")

ONE_DAY = timedelta(days=1)


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

    def covers(self, year: int) -> bool:
        """Whether the holiday table holds ``year`` (a calendar built by hand: always)."""
        return self.covered_years is None or year in self.covered_years

    def is_working_day(self, day: date) -> bool:
        require_date(day)
        return day.weekday() < 5 and day not in self.holidays

    def last_working_day_on_or_before(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def add_working_days_to_date(self, day: date, days: int) -> date:
        """The ``days``-th working day after ``day`` (after moving ``day`` back to a working day)."""
        require_days(days)
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
        require_date(after)
        require_date(up_to)
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


def require_date(day: date) -> None:
    # datetime is a subclass of date but never equals one, so a datetime would silently
    # miss every holiday; make the caller choose the WIB date explicitly.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a date, got {type(day).__name__}; use wib_date() for datetimes")


def require_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"days must be an int, got {type(days).__name__}")
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
