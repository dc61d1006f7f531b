"""Anything that has a deadline: the abstract model, its state per row and as a filter.

A row's clock starts (``clock_started_at``), runs to ``due_at`` and stops when the
output is delivered (``completed_at``), with the verdict frozen in
``completed_on_time``. The rule that computes ``due_at`` (working days or hours, from
which step) is the concrete model's business; so is whether a row's deadline is
*hourly* (the one-hour walk-in), through two hooks that must agree:

* per row, :attr:`DeadlineModel.deadline_is_hourly`;
* per query, :meth:`DeadlineModel.hourly_deadline_q` (the Q of the hourly rows).

The state (on time, at risk, late: ``workdays.deadlines.deadline_state``) is written
once here and read two ways that agree row by row (a test holds them together):
:meth:`DeadlineModel.deadline_state` for a row in hand, and
:meth:`DeadlineQuerySet.in_deadline_state` for a list filter, which costs no query of
its own (the calendar comes from the cache).

The one lifecycle of every such model — clock, recompute after a calendar change,
at-risk reminder, breach sweep — is :mod:`core.lifecycle`, with each desk's hooks. Two
marks make its sweep safe to run any number of times at once:

* ``breached_at`` — when the row was first seen late (by the sweep, or by the stop of a
  clock that ran over before any sweep saw it). Set once, by a conditional update on
  ``breached_at IS NULL``; final: later calendar edits never take it back (the
  deadline of a breached row is not recomputed).
* ``at_risk_notified_at`` — when the people who must act were told the row is at risk;
  set once, the same way.

:func:`deadline_indexes` gives a concrete model the two partial indexes that keep the
sweep's "anything newly late / newly at risk?" to one short index scan, however many
rows are open.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workdays import deadlines as rules
from workdays.calendar import get_calendar
from workdays.deadlines import AT_RISK_HOURLY, AT_RISK_WORKING_DAYS, DeadlineState

from .time import WIB


class DeadlineQuerySet(models.QuerySet):
    """Reads over deadline-bearing rows; a concrete model's QuerySet subclasses it."""

    def clock_running(self) -> Self:
        return self.filter(clock_started_at__isnull=False, completed_at__isnull=True)

    def overdue(self, now: datetime | None = None) -> Self:
        """Running clocks past their due time."""
        return self.clock_running().filter(due_at__lt=now or timezone.now())

    def in_deadline_state(self, state: DeadlineState | str, now: datetime | None = None) -> Self:
        """The rows whose :meth:`DeadlineModel.deadline_state` at ``now`` is ``state``."""
        return self.filter(self.model.deadline_state_q(state, now or timezone.now()))

    def newly_late(self, now: datetime) -> Self:
        """Running clocks past their due time whose breach is not recorded yet (the
        sweep's work; ``deadline_indexes``' ``…_unbreached_idx`` serves it)."""
        return self.filter(
            clock_started_at__isnull=False, completed_at__isnull=True, breached_at__isnull=True, due_at__lt=now
        )

    def stopped_late_unrecorded(self) -> Self:
        """Clocks that stopped after their deadline with no breach on record: a stop
        records its breach itself, so these are rows from before breaches were recorded
        (``…_late_unrecorded_idx``); the sweep records them too."""
        return self.filter(completed_on_time=False, breached_at__isnull=True)

    def newly_at_risk(self, now: datetime) -> Self:
        """Running clocks at risk at ``now`` (:meth:`DeadlineModel.deadline_state`), not
        late yet, whose people have not been told (``…_risk_unnotified_idx``)."""
        return self.filter(
            self.model.deadline_state_q(DeadlineState.AT_RISK, now),
            clock_started_at__isnull=False,
            breached_at__isnull=True,
            at_risk_notified_at__isnull=True,
        )


class DeadlineModel(models.Model):
    """Abstract: the four deadline columns and everything derived from them.

    Concrete models add the two check constraints of :func:`deadline_constraints` and
    may override the hooks :attr:`deadline_is_hourly`, :meth:`hourly_deadline_q`,
    :attr:`deadline_rule_label` and :attr:`deadline_pending_note`.
    """

    clock_started_at = models.DateTimeField(_("waktu mulai dihitung"), null=True, blank=True)
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    completed_on_time = models.BooleanField(_("selesai tepat waktu"), null=True, blank=True)
    breached_at = models.DateTimeField(_("terlambat sejak"), null=True, blank=True)
    at_risk_notified_at = models.DateTimeField(_("pengingat dikirim pada"), null=True, blank=True)
    # Written when the clock stops (:func:`working_days_taken`), so reports can take a
    # median in SQL: the holiday calendar cannot be joined into a query.
    working_days_taken = models.PositiveSmallIntegerField(_("hari kerja penyelesaian"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        abstract = True

    # --- hooks of the concrete model ---------------------------------------------

    @property
    def deadline_is_hourly(self) -> bool:
        """Whether this row's deadline runs in hours (at risk 15 minutes before), not
        working days. Must agree with :meth:`hourly_deadline_q`."""
        return False

    @classmethod
    def hourly_deadline_q(cls) -> Q | None:
        """The rows whose deadline is hourly, as a filter; None: no row is."""
        return None

    @property
    def deadline_rule_label(self) -> str:
        """The rule in words, shown under a deadline ("10 hari kerja …"); may be empty."""
        return ""

    @property
    def deadline_pending_note(self) -> str:
        """What a page says while no clock runs yet (when it will start); may be empty."""
        return ""

    # --- the clock: started and stopped by a desk's services ---------------------------

    def start_clock(self, now: datetime, due_at: datetime) -> list[str]:
        """Start the clock at ``now``, due at ``due_at``; the fields it set (to save)."""
        self.clock_started_at, self.due_at = now, due_at
        return ["clock_started_at", "due_at"]

    def stop_clock(self, now: datetime) -> list[str]:
        """Stop the clock at ``now`` and judge it: on time when ``now <= due_at``; the
        fields it set (to save)."""
        self.completed_at = now
        self.completed_on_time = self.due_at is None or now <= self.due_at
        self.working_days_taken = working_days_taken(self.clock_started_at, now)
        return ["completed_at", "completed_on_time", "working_days_taken"]

    def close_clock_without_verdict(self, now: datetime) -> list[str]:
        """Close the row at ``now`` with no output and so no verdict: neither on time nor
        late (``completed_on_time`` and ``working_days_taken`` stay empty; a breach on
        record stays). Only rows their model's constraint allows (``deadline_constraints``'
        ``unjudged``); the fields it set (to save)."""
        self.completed_at, self.completed_on_time, self.working_days_taken = now, None, None
        return ["completed_at", "completed_on_time", "working_days_taken"]

    # --- per row -------------------------------------------------------------------

    @property
    def clock_running(self) -> bool:
        return self.clock_started_at is not None and self.completed_at is None

    @property
    def is_breached(self) -> bool:
        """Whether the breach of this row's deadline is on record (final)."""
        return self.breached_at is not None

    def deadline_state(self, now: datetime | None = None, *, days_left: int | None = None) -> DeadlineState | None:
        """``on_time``, ``at_risk`` or ``late`` (``workdays.deadlines.DeadlineState``).

        A stopped clock keeps the verdict it stopped with; no clock yet, or a clock
        closed without a verdict (:meth:`close_clock_without_verdict`): None.
        ``days_left``: :meth:`working_days_left` at ``now``, if the caller has it.
        """
        if self.completed_at is not None:
            if self.completed_on_time is None:
                return None
            return DeadlineState.ON_TIME if self.completed_on_time else DeadlineState.LATE
        if self.due_at is None:
            return None
        return rules.deadline_state(
            now or timezone.now(), self.due_at, hourly=self.deadline_is_hourly, days_left=days_left
        )

    def working_days_left(self, now: datetime | None = None) -> int | None:
        """Working days left while the clock runs; None for hourly deadlines and stopped
        clocks (show :meth:`time_left` for those instead)."""
        if not self.clock_running or self.deadline_is_hourly:
            return None
        return rules.working_days_left(now or timezone.now(), self.due_at)

    def time_left(self, now: datetime | None = None) -> timedelta | None:
        """Time until the deadline while the clock runs (negative when late)."""
        if not self.clock_running:
            return None
        return self.due_at - (now or timezone.now())

    # --- as a filter -----------------------------------------------------------------

    @classmethod
    def deadline_state_q(cls, state: DeadlineState | str, now: datetime, *, risk_ends: datetime | None = None) -> Q:
        """The rows in ``state`` at ``now`` as a filter, agreeing with
        :meth:`deadline_state` row by row.

        At risk, for working-day rules, means at most one working day left: the due date
        comes before the second working day after today (:func:`risk_ends`; pass it as
        ``risk_ends`` to give it as a value of its own, as a prepared query does). That
        day is taken from the cached calendar, so the filter costs no query of its own.
        """
        if risk_ends is None:
            risk_ends = at_risk_until(now)
        hourly = cls.hourly_deadline_q()

        def by_rule(if_hourly: Q, if_daily: Q) -> Q:
            if hourly is None:
                return if_daily
            return (hourly & if_hourly) | (~hourly & if_daily)

        running = Q(completed_at__isnull=True, due_at__isnull=False)
        not_late = running & Q(due_at__gte=now)
        if state == DeadlineState.LATE:
            return Q(completed_on_time=False) | (running & Q(due_at__lt=now))
        if state == DeadlineState.AT_RISK:
            return not_late & by_rule(Q(due_at__lte=now + AT_RISK_HOURLY), Q(due_at__lt=risk_ends))
        if state == DeadlineState.ON_TIME:
            return Q(completed_on_time=True) | (
                not_late & by_rule(Q(due_at__gt=now + AT_RISK_HOURLY), Q(due_at__gte=risk_ends))
            )
        raise ValueError(state)


def working_days_taken(started: datetime | None, stopped: datetime, calendar=None) -> int | None:
    """Working days from a clock's start to its stop, counted as deadlines are (the
    start's day is day 0): 0 when it stopped the same day (a walk-in), 10 for a website
    answer on its due day. None without a start."""
    if started is None:
        return None
    return max(0, rules.working_days_left(started, stopped, calendar))


def deadline_indexes(prefix: str) -> list[models.Index]:
    """The sweep's partial indexes, named ``<prefix>_…``, for a concrete model's
    ``Meta.indexes``: the running clocks whose breach is not recorded, and those whose
    at-risk notice has not gone out, each by due time. Rows leave them as they are
    marked, so "nothing new" is one index probe however many rows are open."""
    running = Q(clock_started_at__isnull=False, completed_at__isnull=True)
    return [
        models.Index(
            fields=["due_at"], name=f"{prefix}_unbreached_idx", condition=running & Q(breached_at__isnull=True)
        ),
        models.Index(
            fields=["due_at"],
            name=f"{prefix}_risk_unnotified_idx",
            condition=running & Q(breached_at__isnull=True, at_risk_notified_at__isnull=True),
        ),
        models.Index(
            fields=["completed_at"],
            name=f"{prefix}_late_unrecorded_idx",
            condition=Q(completed_on_time=False, breached_at__isnull=True),
        ),
    ]


def deadline_constraints(prefix: str, *, unjudged: Q | None = None) -> list[models.CheckConstraint]:
    """The invariants of the deadline columns, named ``<prefix>_…``, for a concrete
    model's ``Meta.constraints``: a running clock has a due time, and a completed row
    has its verdict — unless it is one of the ``unjudged`` rows (a filter), which may be
    closed without one (:meth:`DeadlineModel.close_clock_without_verdict`)."""
    judged = Q(completed_at__isnull=True) | Q(completed_on_time__isnull=False)
    if unjudged is not None:
        judged |= unjudged
    return [
        models.CheckConstraint(
            name=f"{prefix}_running_clock_has_deadline",
            condition=Q(clock_started_at__isnull=True) | Q(due_at__isnull=False),
        ),
        models.CheckConstraint(name=f"{prefix}_completion_is_judged", condition=judged),
    ]


def at_risk_until(now: datetime) -> datetime:
    """Where a working-day deadline stops being at risk at ``now``: the start (WIB) of the
    second working day after today. A due date before it leaves at most one working day."""
    second_working_day = get_calendar().add_working_days_to_date(rules.wib_date(now), AT_RISK_WORKING_DAYS + 1)
    return datetime.combine(second_working_day, datetime.min.time(), tzinfo=WIB)
