"""The working days a stopped clock took, as the dashboard's median reads them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.deadlines import working_days_taken
from core.time import WIB
from workdays.deadlines import add_working_days
from workdays.values import Calendar

# Thursday 27 March 2025, with a long holiday after it (1-7 April) and Good Friday.
HOLIDAYS = [date(2025, 3, 31), date(2025, 4, 1), date(2025, 4, 2), date(2025, 4, 3), date(2025, 4, 4),
            date(2025, 4, 7), date(2025, 4, 18)]
CAL = Calendar.of(HOLIDAYS)
THURSDAY = datetime(2025, 3, 27, 9, 0, tzinfo=WIB)


def test_same_day_is_zero_and_the_due_day_is_the_rule():
    assert working_days_taken(THURSDAY, THURSDAY + timedelta(minutes=40), CAL) == 0
    for days in (1, 2, 10, 15):
        assert working_days_taken(THURSDAY, add_working_days(THURSDAY, days, CAL), CAL) == days
    assert working_days_taken(THURSDAY, datetime(2025, 3, 28, 8, 0, tzinfo=WIB), CAL) == 1


def test_a_weekend_start_counts_from_the_working_day_before():
    saturday = datetime(2025, 3, 29, 10, 0, tzinfo=WIB)
    assert working_days_taken(saturday, datetime(2025, 3, 30, 10, 0, tzinfo=WIB), CAL) == 0
    assert working_days_taken(saturday, datetime(2025, 4, 8, 10, 0, tzinfo=WIB), CAL) == 1


def test_no_start_no_count():
    assert working_days_taken(None, THURSDAY, CAL) is None
