"""At-risk reminders: a case with one working day left (15 minutes for a walk-in) is
told to the people who must act, once (``Consultation.at_risk_notified_at``).

The deadline sweep calls :func:`remind_at_risk` every minute, so "nothing new" is one
probe of the ``…_risk_unnotified_idx`` partial index. Two sweeps at once never tell a
case twice: each batch locks its rows with ``SKIP LOCKED`` (the other sweep takes other
rows), and each row is marked by an update conditional on ``at_risk_notified_at IS NULL``
(SQLite has no row locks; the condition alone decides there).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from .. import notices
from ..models import Consultation, EventType
from .common import record


def remind_at_risk(*, now: datetime, batch_size: int = 500) -> int:
    """Mark the cases newly at risk at ``now``, record a DEADLINE_AT_RISK event on each
    (no actor: the system did it) and notify its people; each batch commits on its own.
    Returns how many cases it marked."""
    marked = 0
    while True:
        with transaction.atomic():
            # Unordered: "at risk" is two ranges of due_at (walk-ins, the rest), which the
            # partial index serves as a bitmap OR; asked for them in due_at order,
            # PostgreSQL may walk a due_at index over every open case instead (320 ms at
            # 1,000,000, bench/sweep.py). Every batch is done in this sweep anyway.
            ids = list(
                Consultation.objects.newly_at_risk(now)
                .order_by()
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            cases = (
                Consultation.objects.filter(pk__in=ids)
                .select_related("assignee", "directorate", "category")
                .order_by("due_at", "id")
            )
            for case in cases:
                claimed = Consultation.objects.filter(pk=case.pk, at_risk_notified_at__isnull=True).update(
                    at_risk_notified_at=now
                )
                if not claimed:
                    continue  # another sweep was first
                case.at_risk_notified_at = now
                event = record(case, type=EventType.DEADLINE_AT_RISK, actor=None, at=now, due_at=case.due_at)
                notices.notify_at_risk(case, event)
                marked += 1
        if len(ids) < batch_size:
            break
    return marked
