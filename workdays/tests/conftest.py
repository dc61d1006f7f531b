"""Fixtures of the calendar tests.

The calendar is cached in the process and in Django's cache; pytest-django rolls the
database back after each test without sending post_delete, so every test here starts
with both caches forgotten.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from workdays import calendar as calendar_cache
from workdays.deadlines import Calendar

from .calendars import package_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    calendar_cache.invalidate_calendar()
    yield
    calendar_cache.invalidate_calendar()


@pytest.fixture(scope="session")
def id_calendar() -> Calendar:
    """Indonesia 2023-2029 straight from the holidays package: pure, no database."""
    return package_calendar(2023, 2029)
