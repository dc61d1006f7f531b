"""The complaints desk on the one deadline lifecycle (``core.lifecycle``): the hooks the
engine calls, registered from ``ComplaintsConfig.ready``. Complaints are followed up
within 5 working days of receipt (``models.follow_up_due``); the engine sweeps them
every minute with every other desk, and computes their deadlines again when the holiday
calendar changes.

- At risk (one working day left), not told yet: an AT_RISK event, and the handler — or,
  while nobody has taken it, the directorate's handlers — are reminded
  (``notices.at_risk``).
- Late (past the end of the 5th working day), no breach on record: a BREACHED event,
  escalated to the director and the handlers (``notices.breached``). A complaint's
  breach earns no priority credit: the standard ties compensation to the service itself
  (SPEC.md).
- Deadline moved by a calendar change: a RECOMPUTED event with the old and the new.

Claims, marks (once: ``breached_at``, ``at_risk_notified_at``), batches and the calendar
check are the engine's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from core import lifecycle
from core.lifecycle import DeadlineDesk, Moved, SweepReport

from . import notices
from .models import Complaint, ComplaintEvent, EventType, follow_up_due


class ComplaintDesk(DeadlineDesk):
    label = "complaints"
    model = Complaint
    touched = ("updated_at",)

    def load(self, ids: Sequence[int]) -> list[Complaint]:
        return list(Complaint.objects.filter(pk__in=ids).select_related("directorate", "handler").order_by("due_at", "pk"))

    def due_at_for(self, row) -> datetime:
        # The clock starts at receipt (services._new).
        return follow_up_due(row.clock_started_at)

    def breached(self, rows: Sequence[Complaint], now: datetime) -> None:
        self._tell(rows, EventType.BREACHED, notices.breached, now)

    def at_risk(self, rows: Sequence[Complaint], now: datetime) -> None:
        self._tell(rows, EventType.AT_RISK, notices.at_risk, now)

    def recomputed(self, moved: Sequence[Moved], now: datetime) -> None:
        ComplaintEvent.objects.bulk_create(
            ComplaintEvent(
                complaint_id=move.pk, type=EventType.RECOMPUTED, actor=None, at=now,
                data={"old_due_at": move.old_due_at, "new_due_at": move.new_due_at},
            )
            for move in moved
        )

    @staticmethod
    def _tell(rows: Sequence[Complaint], event_type: EventType, tell, now: datetime) -> None:
        for complaint in rows:
            event = ComplaintEvent.objects.create(
                complaint=complaint, type=event_type, actor=None, at=now, data={"due_at": complaint.due_at}
            )
            tell(complaint, event)


def sweep_complaints(*, now: datetime | None = None, batch_size: int = lifecycle.BATCH_SIZE) -> SweepReport:
    """One sweep of the complaints desk alone, through the same engine (``manage.py
    sweep_complaints``, the demo seed); beat sweeps every desk at once
    (``core.tasks.sweep_deadlines``)."""
    return lifecycle.sweep(now=now, batch_size=batch_size, only=[ComplaintDesk.label])
