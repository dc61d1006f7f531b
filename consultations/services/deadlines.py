"""Deadlines that follow the holiday calendar: when an admin edits it, the cases whose
clock runs on a working-day rule get their ``due_at`` computed again."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from ..channels import CHANNELS, compute_due_at
from ..models import Consultation, Event, EventType

logger = logging.getLogger(__name__)


@transaction.atomic
def recompute_open_deadlines(*, now: datetime | None = None) -> int:
    """Recompute ``due_at`` of every case whose clock runs on a working-day rule, after
    the holiday calendar changed; record an event on each case whose deadline moved.
    Returns how many moved. Hourly rules (walk-in) do not depend on the calendar, and a
    breach on record is final: a breached case keeps the deadline it broke."""
    now = now or timezone.now()
    working_day_channels = [code.value for code, entry in CHANNELS.items() if not entry.deadline.hourly]
    running = (
        Consultation.objects.clock_running()
        .filter(channel__in=working_day_channels, breached_at__isnull=True)
        .values_list("pk", "channel", "clock_started_at", "due_at")
    )
    # The deadline depends only on the channel and the WIB date of the clock start.
    computed: dict[tuple[str, date], datetime] = {}
    moved = 0
    for pk, channel, started, old_due in running.iterator(chunk_size=2000):
        key = (channel, timezone.localdate(started))
        if key not in computed:
            computed[key] = compute_due_at(channel, started)
        new_due = computed[key]
        if new_due == old_due:
            continue
        # Conditional: a case answered meanwhile keeps the deadline it was judged by.
        if Consultation.objects.filter(pk=pk, due_at=old_due, completed_at__isnull=True, breached_at__isnull=True).update(
            due_at=new_due, updated_at=now
        ):
            Event.objects.create(
                consultation_id=pk,
                actor=None,
                type=EventType.DEADLINE_RECOMPUTED,
                at=now,
                data={"old_due_at": old_due, "new_due_at": new_due},
            )
            moved += 1
    if moved:
        logger.info("calendar change moved the deadline of %d open consultations", moved)
    return moved
