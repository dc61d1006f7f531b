"""Calendars built without the database, for the pure tests."""

from __future__ import annotations

from datetime import date

import holidays

from workdays.deadlines import Calendar


def package_calendar(from_year: int, to_year: int) -> Calendar:
    days = holidays.country_holidays(
        "ID", years=range(from_year, to_year + 1), categories=("public", "government")
    )
    return Calendar.of(days.keys(), covered_years=range(from_year, to_year + 1))


# Exactly the days SPEC.md names for its example, nothing from the package: the example
# must hold for the reason the spec gives.
SPEC_EXAMPLE_CALENDAR = Calendar.of(
    [
        date(2025, 3, 28),  # cuti bersama Nyepi
        date(2025, 3, 31),  # Idul Fitri
        date(2025, 4, 1),  # Idul Fitri, second day
        date(2025, 4, 2),  # cuti bersama Idul Fitri
        date(2025, 4, 3),
        date(2025, 4, 4),
        date(2025, 4, 7),
        date(2025, 4, 18),  # Good Friday
    ]
)
