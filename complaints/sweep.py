"""The complaints desk's deadline sweep (Celery beat, every minute; ``manage.py
sweep_complaints`` runs it once): what has become at risk or late since the last sweep,
read from the database and acted on once.

- At risk (one working day left), not told yet: the handler — or the directorate's
  handlers — are reminded (``at_risk_notified_at``).
- Late (past the end of the 5th working day), no breach on record: the breach is
  recorded (``breached_at``) and escalated to the director. A complaint's breach earns
  no priority credit: the standard ties compensation to the service itself (SPEC.md).

Safe to run any number of times at once, like the consultation desk's: rows are claimed
with ``select_for_update(skip_locked=True)`` and marked by updates conditional on the
mark being empty; "nothing new" is one probe of a partial index
(``core.deadlines.deadline_indexes``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from workdays.calendar import get_calendar

from . import notices
from .models import Complaint, ComplaintEvent, EventType

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


@dataclass
class SweepReport:
    breached: int = 0
    at_risk: int = 0


def _claim(queryset, size: int) -> list[Complaint]:
    ids = list(queryset.order_by().select_for_update(skip_locked=True).values_list("pk", flat=True)[:size])
    return list(Complaint.objects.filter(pk__in=ids).select_related("directorate", "handler").order_by("due_at", "pk"))


def _mark(*, queryset_of, field: str, event_type: EventType, tell, now: datetime, size: int) -> int:
    marked = 0
    while True:
        with transaction.atomic():
            batch = _claim(queryset_of(now), size)
            for complaint in batch:
                if not Complaint.objects.filter(pk=complaint.pk, **{f"{field}__isnull": True}).update(**{field: now}):
                    continue  # another sweep was first
                setattr(complaint, field, now)
                event = ComplaintEvent.objects.create(
                    complaint=complaint, type=event_type, actor=None, at=now, data={"due_at": complaint.due_at}
                )
                tell(complaint, event)
                marked += 1
        if len(batch) < size:
            return marked


def sweep_complaints(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> SweepReport:
    now = now or timezone.now()
    report = SweepReport()
    report.breached = _mark(
        queryset_of=Complaint.objects.newly_late, field="breached_at", event_type=EventType.BREACHED,
        tell=notices.breached, now=now, size=batch_size,
    )
    if get_calendar().covers(timezone.localtime(now).year):
        report.at_risk = _mark(
            queryset_of=Complaint.objects.newly_at_risk, field="at_risk_notified_at", event_type=EventType.AT_RISK,
            tell=notices.at_risk, now=now, size=batch_size,
        )
    else:
        logger.error("holiday calendar of %d missing: complaint at-risk reminders not sent", timezone.localtime(now).year)
    if report.breached or report.at_risk:
        logger.info("complaint sweep: %d breached, %d at risk", report.breached, report.at_risk)
    return report
