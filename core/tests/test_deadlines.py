"""The abstract deadline model on a small concrete model of its own (not a case): the
state per row with the default hooks and an hourly rule, and how pages show it.

That the filter (``in_deadline_state``) agrees with the rows is held on real cases, in
consultations/tests/test_views_deadlines.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import models
from django.db.models import Q
from django.template import Context, Template
from django.test.utils import isolate_apps

from core.deadlines import DeadlineModel, DeadlineQuerySet, deadline_constraints
from core.records import AppendOnlyModel, AppendOnlyViolation
from core.templatetags.core_tags import deadline_of
from core.time import WIB
from workdays.deadlines import DeadlineState

# Monday 2 June 2025, 10:00 WIB; the test database has no holidays, so the arithmetic
# counts weekdays only.
MONDAY = datetime(2025, 6, 2, 10, 0, tzinfo=WIB)
FRIDAY_END = datetime(2025, 6, 6, 23, 59, 59, tzinfo=WIB)


@pytest.fixture
def models_():
    with isolate_apps("core"):

        class Errand(DeadlineModel):
            class Meta:
                app_label = "core"

        class Visit(DeadlineModel):
            kind = models.CharField(max_length=10)

            class Meta:
                app_label = "core"

            @property
            def deadline_is_hourly(self) -> bool:
                return self.kind == "walk_in"

            @classmethod
            def hourly_deadline_q(cls) -> Q:
                return Q(kind="walk_in")

            @property
            def deadline_rule_label(self) -> str:
                return "1 jam"

            @property
            def deadline_pending_note(self) -> str:
                return "Menunggu"

        yield Errand, Visit


def test_the_columns_and_their_invariants(models_):
    errand, _ = models_
    fields = {f.name: f for f in errand._meta.fields}
    assert {"clock_started_at", "due_at", "completed_at", "completed_on_time"} <= set(fields)
    assert fields["due_at"].db_index and fields["due_at"].null
    assert isinstance(errand.objects.all(), DeadlineQuerySet)
    assert [c.name for c in deadline_constraints("errand")] == [
        "errand_running_clock_has_deadline",
        "errand_completion_is_judged",
    ]


def test_state_of_a_working_day_row(db, models_):
    errand, _ = models_
    row = errand(clock_started_at=MONDAY, due_at=FRIDAY_END)
    assert row.clock_running and not row.deadline_is_hourly
    assert row.working_days_left(MONDAY) == 4
    assert row.deadline_state(MONDAY) == DeadlineState.ON_TIME
    assert row.deadline_state(MONDAY + timedelta(days=3)) == DeadlineState.AT_RISK
    assert row.deadline_state(FRIDAY_END + timedelta(seconds=1)) == DeadlineState.LATE
    assert row.time_left(MONDAY) == FRIDAY_END - MONDAY


def test_a_stopped_clock_keeps_its_verdict_and_no_clock_has_none(models_):
    errand, _ = models_
    done = errand(clock_started_at=MONDAY, due_at=MONDAY, completed_at=MONDAY + timedelta(days=9), completed_on_time=False)
    assert not done.clock_running
    assert done.deadline_state(MONDAY) == DeadlineState.LATE
    assert done.working_days_left(MONDAY) is None and done.time_left(MONDAY) is None
    waiting = errand()
    assert waiting.deadline_state(MONDAY) is None
    assert deadline_of(waiting, MONDAY).left == ""  # the default hook says nothing


def test_an_hourly_row_counts_minutes(models_):
    _, visit = models_
    row = visit(kind="walk_in", clock_started_at=MONDAY, due_at=MONDAY + timedelta(hours=1))
    assert row.working_days_left(MONDAY) is None
    assert row.deadline_state(MONDAY + timedelta(minutes=44)) == DeadlineState.ON_TIME
    assert row.deadline_state(MONDAY + timedelta(minutes=45)) == DeadlineState.AT_RISK
    assert deadline_of(row, MONDAY + timedelta(minutes=20)).left == "40 menit lagi"
    assert deadline_of(visit(kind="letter"), MONDAY).left == "Menunggu"


def test_the_summary_shows_the_rule_only_when_the_model_has_one(db, models_):
    errand, visit = models_
    template = Template("{% load core_tags %}{% deadline_summary case %}")
    due = MONDAY + timedelta(hours=1)
    with_rule = template.render(Context({"case": visit(kind="walk_in", clock_started_at=MONDAY, due_at=due), "now": MONDAY}))
    assert "1 jam" in with_rule and "Senin, 2 Juni 2025 11.00 WIB" in with_rule
    without = template.render(Context({"case": errand(clock_started_at=MONDAY, due_at=FRIDAY_END), "now": MONDAY}))
    assert "text-body-secondary" not in without and "4 hari kerja lagi" in without


def test_append_only_rows_refuse_changes():
    with isolate_apps("core"):

        class Entry(AppendOnlyModel):
            class Meta:
                app_label = "core"

        entry = Entry(pk=1)
        entry._state.adding = False
        with pytest.raises(AppendOnlyViolation):
            entry.save()
        with pytest.raises(AppendOnlyViolation):
            entry.delete()
        with pytest.raises(AppendOnlyViolation):
            Entry.objects.all().update()
        with pytest.raises(AppendOnlyViolation):
            Entry.objects.all().delete()


def test_the_clock_starts_and_stops_once_judged(models_, db):  # stop_clock reads the calendar
    errand, _ = models_
    row = errand()
    assert row.start_clock(MONDAY, FRIDAY_END) == ["clock_started_at", "due_at"]
    assert row.clock_running and row.due_at == FRIDAY_END
    assert row.stop_clock(FRIDAY_END) == ["completed_at", "completed_on_time", "working_days_taken"]
    assert not row.clock_running and row.completed_on_time is True
    late = errand(clock_started_at=MONDAY, due_at=FRIDAY_END)
    late.stop_clock(FRIDAY_END + timedelta(seconds=1))
    assert late.completed_on_time is False and late.deadline_state(MONDAY) == DeadlineState.LATE
