"""The consultations desk on the one deadline lifecycle (``core.lifecycle``): the hooks
the engine calls, registered by ``consultations.receivers.register_deadline_desk``.

- the rule: the channel's (``channels.compute_due_at``), from the clock's start; hourly
  channels (the walk-in) do not follow the calendar (``Consultation.hourly_deadline_q``);
- newly late: :func:`compensation.compensate` — the event, one priority credit for whoever
  the case is for, the apology and the escalation;
- newly at risk: a DEADLINE_AT_RISK event and the reminder to the assignee or, while
  nobody is assigned, the directorate's leads;
- deadline moved by a calendar change: a DEADLINE_RECOMPUTED event.

Claims, marks, batches, the calendar check and the recompute itself are the engine's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from accounts.selectors import directorate_leads
from core.bulk import insert_new
from core.lifecycle import DeadlineDesk, Moved

from .. import notices
from ..channels import compute_due_at
from ..models import Consultation, Event, EventType
from . import compensation


class ConsultationDesk(DeadlineDesk):
    label = "consultations"
    model = Consultation
    touched = ("updated_at",)
    rule_fields = ("channel",)
    # What the e-mails and notices read: the applicant joined, the rest shared by a batch.
    related = ("applicant",)
    shared = ("category", "directorate", "assignee")

    def due_at_for(self, row) -> datetime:
        return compute_due_at(row.channel, row.clock_started_at)

    def breached(self, rows: Sequence[Consultation], now: datetime) -> None:
        compensation.compensate(rows, now=now)

    def at_risk(self, rows: Sequence[Consultation], now: datetime) -> None:
        """What ``record`` and ``notices.notify_at_risk`` do for one case (the event; the
        assignee or, while nobody is assigned, the directorate's leads told), for a batch
        at once: the events in one insert, each directorate's leads read once, the
        notices and the e-mails in one insert each (``notices.tell``). An at-risk event
        hands the case to nobody (``handoffs``), so ``record`` would announce nothing."""
        events = [
            Event.of_system(case, EventType.DEADLINE_AT_RISK, at=now, data={"due_at": case.due_at})
            for case in rows
        ]
        # New rows by construction (the cases were not reminded, under our lock): core.bulk.
        insert_new(events)
        leads: dict[int, list] = {}
        items = []
        for case, event in zip(rows, events, strict=True):
            assignee = case.assignee if case.assignee_id is not None and case.assignee.is_active else None
            if assignee is None and case.directorate_id not in leads:
                leads[case.directorate_id] = directorate_leads(case.directorate)
            users = [assignee] if assignee else leads[case.directorate_id]
            items.append((case, event, list({u.pk: u for u in users if u.is_active}.values()), {}))
        notices.tell(notices.KIND_AT_RISK, items, new_events=True)

    def recomputed(self, moved: Sequence[Moved], now: datetime) -> None:
        Event.objects.bulk_create(
            Event(
                consultation_id=move.pk,
                actor=None,
                type=EventType.DEADLINE_RECOMPUTED,
                at=now,
                data={"old_due_at": move.old_due_at, "new_due_at": move.new_due_at},
            )
            for move in moved
        )
