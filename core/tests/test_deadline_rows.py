"""core.deadline_rows.DeadlineMemo: a list's rows judged once per shared answer say
exactly what ``deadline_of`` says of each row on its own — on every side of a due
moment, on the due day, across a holiday, for hourly deadlines and stopped clocks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from complaints.models import Complaint
from consultations.channels import Channel
from consultations.models import Consultation
from core.deadline_rows import DeadlineMemo
from core.templatetags.core_tags import deadline_of
from core.time import WIB

pytestmark = pytest.mark.django_db

# Tuesday 22 April 2025, 14:00 WIB (SPEC.md's due day).
NOW = datetime(2025, 4, 22, 14, 0, tzinfo=WIB)


def rows():
    started = NOW - timedelta(days=12)
    offsets = [
        timedelta(minutes=-1), timedelta(minutes=1), timedelta(hours=-13), timedelta(hours=9, minutes=59),
        timedelta(days=-3), timedelta(days=-3, hours=2), timedelta(days=1), timedelta(days=1, hours=3),
        timedelta(days=2), timedelta(days=6), timedelta(days=6, hours=-5), timedelta(days=30),
    ]
    for offset in offsets:
        due = NOW + offset
        yield Consultation(channel=Channel.WEBSITE, clock_started_at=started, due_at=due)
        yield Complaint(clock_started_at=started, due_at=due)
        yield Consultation(channel=Channel.TATAP_MUKA, clock_started_at=NOW - timedelta(hours=1), due_at=due)
        yield Consultation(channel=Channel.WEBSITE, clock_started_at=started, due_at=due,
                           completed_at=NOW - timedelta(hours=1), completed_on_time=offset > timedelta(hours=-1))
    yield Consultation(channel=Channel.WEBSITE, clock_started_at=None, due_at=None)
    yield Consultation(channel=Channel.WEBSITE, clock_started_at=started, due_at=NOW,
                       completed_at=NOW, completed_on_time=None)


def test_each_row_is_judged_as_on_its_own(holidays):
    memo = DeadlineMemo(NOW)
    for row in list(rows()) * 2:  # the second time, every answer comes from the memo
        assert memo(row) == deadline_of(row, NOW), (row.channel if hasattr(row, "channel") else "complaint", row.due_at)
