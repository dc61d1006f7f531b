"""The deadline sweep: every minute (Celery beat; ``manage.py sweep_deadlines`` runs it
once), read from the database — never ETA or countdown tasks — what has become late or
at risk since the last sweep, and act on it once.

- Newly late (a running clock past its due time, no breach on record), and clocks
  stopped late with no breach on record (rows from before breaches were recorded):
  :func:`compensation.record_breaches`.
- Newly at risk (one working day left; 15 minutes for a walk-in), not told yet:
  ``reminders.remind_at_risk``.

Safe to run any number of times at once, and to be killed at any point: it works in
batches, each its own transaction, that claim their rows with
``select_for_update(skip_locked=True)`` — a second sweep skips the rows the first holds
— and mark them with a conditional update (``breached_at IS NULL``). A batch killed
before its commit leaves nothing behind; the next sweep does it again. "Nothing new" is
one probe of a partial index (``core.deadlines.deadline_indexes``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workdays.calendar import get_calendar

from ..models import Consultation
from . import compensation, reminders

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# One sweep stops after this many batches and leaves the rest to the next minute's, so
# that a backlog (a worker down for a day) never holds one task for long.
MAX_BATCHES = 200


@dataclass
class SweepReport:
    """What one sweep did."""

    breached: int = 0
    at_risk: int = 0
    batches: int = 0
    # Why part of the work was not done (a missing calendar year), in words for people.
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return _("%(breached)d konsultasi baru terlambat dicatat, %(at_risk)d pengingat risiko dikirim") % {
            "breached": self.breached,
            "at_risk": self.at_risk,
        }


def _claim_batch(queryset, *, order: str, size: int) -> list[Consultation]:
    """Lock up to ``size`` rows of ``queryset`` that no other sweep holds, with what the
    e-mails read. Inside the batch's transaction. ``order``: the column of the partial
    index that serves ``queryset`` (by pk, PostgreSQL would walk the primary key over
    every open case to find none)."""
    ids = list(
        queryset.select_for_update(skip_locked=True).order_by(order, "pk").values_list("pk", flat=True)[:size]
    )
    if not ids:
        return []
    # The rows are locked: reading them with their relations needs no second lock.
    return list(
        Consultation.objects.filter(pk__in=ids)
        .select_related("applicant", "category", "directorate", "assignee")
        .order_by("pk")
    )


def _breach_batches(queryset, *, order: str, now: datetime, size: int, report: SweepReport) -> None:
    while report.batches < MAX_BATCHES:
        try:
            with transaction.atomic():
                cases = _claim_batch(queryset, order=order, size=size)
                if not cases:
                    return
                compensation.record_breaches(cases, now=now)
        except compensation.ClaimLost:
            logger.info("a concurrent sweep recorded part of a batch; trying again")
            continue
        report.batches += 1
        report.breached += len(cases)


def _calendar_problem(now: datetime) -> str | None:
    """At-risk needs the working days of this year and the next few weeks; a year the
    calendar does not hold yet would make every working day look like a weekday."""
    year = timezone.localtime(now).year
    if not get_calendar().covers(year):
        return _(
            "Kalender hari libur tahun %(year)d belum ada: pengingat risiko tidak dikirim. Pelanggaran batas "
            "waktu tetap dicatat. Jalankan 'python manage.py sync_holidays' atau isi kalender di halaman admin."
        ) % {"year": year}
    return None


def sweep_deadlines(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> SweepReport:
    """One sweep: record newly late cases and send newly due at-risk reminders. See the
    module's docstring; returns what it did."""
    now = now or timezone.now()
    report = SweepReport()
    _breach_batches(Consultation.objects.newly_late(now), order="due_at", now=now, size=batch_size, report=report)
    _breach_batches(
        Consultation.objects.stopped_late_unrecorded(), order="completed_at", now=now, size=batch_size, report=report
    )
    problem = _calendar_problem(now)
    if problem:
        logger.error("%s", problem)
        report.problems.append(problem)
    else:
        report.at_risk = reminders.remind_at_risk(now=now, batch_size=batch_size)
    if report.breached or report.at_risk:
        logger.info("deadline sweep: %d breached, %d at risk", report.breached, report.at_risk)
    return report
