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

from collections.abc import Callable, Sequence
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from core import lifecycle
from core.bulk import insert_rows
from core.lifecycle import DeadlineDesk, Moved, SweepReport
from core.time import WIB
from notifications.notices import NoticeSpec, notice_key, notify_many
from notifications.outbox import Email, dedupe_key, queue_emails

from . import notices
from .models import Complaint, ComplaintEvent, EventType, follow_up_due

# Who is told, given a complaint and its directorate's active (directors, handlers).
Audience = Callable[[Complaint, list[User], list[User]], list[User]]


class ComplaintDesk(DeadlineDesk):
    label = "complaints"
    model = Complaint
    touched = ("updated_at",)

    # What the notices and e-mails read: a few directorates and handlers, shared by a batch.
    shared = ("directorate", "handler")

    def due_at_for(self, row) -> datetime:
        # The clock starts at receipt (services._new).
        return follow_up_due(row.clock_started_at)

    def breached(self, rows: Sequence[Complaint], now: datetime) -> None:
        # Escalation: the director(s) of the directorate, and its handlers (notices.breached).
        self._tell(rows, EventType.BREACHED, notices.KIND_BREACHED, lambda c, directors, handlers: directors + handlers,
                   now)

    def at_risk(self, rows: Sequence[Complaint], now: datetime) -> None:
        # The handler who took it or, while nobody has, the directorate's handlers (notices.at_risk).
        self._tell(rows, EventType.AT_RISK, notices.KIND_AT_RISK,
                   lambda c, directors, handlers: [c.handler] if c.handler_id else handlers, now)

    def recomputed(self, moved: Sequence[Moved], now: datetime) -> None:
        ComplaintEvent.objects.bulk_create(
            ComplaintEvent(
                complaint_id=move.pk, type=EventType.RECOMPUTED, actor=None, at=now,
                data={"old_due_at": move.old_due_at, "new_due_at": move.new_due_at},
            )
            for move in moved
        )

    @staticmethod
    def _tell(rows: Sequence[Complaint], event_type: EventType, kind: str, audience: Audience, now: datetime) -> None:
        """What ``notices.breached`` / ``notices.at_risk`` tell about one complaint, for a
        batch at once: the events in one insert, the directorates' people read once, all
        the notices and all the e-mails in one insert each (the keys name the new events,
        so none can exist yet). The same rows, texts and keys as ``notices._tell_staff``."""
        # Plain values, no ComplaintEvent per row: only their ids are needed (core.bulk).
        event_ids = insert_rows(
            ComplaintEvent, ("complaint_id", "type", "actor_id", "at", "data"),
            [(c.pk, event_type, None, now, {"due_at": c.due_at}) for c in rows],
        )
        people: dict[tuple[int, str], list[User]] = {(d, r): [] for d in {c.directorate_id for c in rows}
                                                     for r in (Role.DIRECTOR, Role.COMPLAINT_HANDLER)}
        for user in User.objects.filter(
            role__in=[Role.DIRECTOR, Role.COMPLAINT_HANDLER], directorate_id__in={d for d, _r in people},
            is_active=True,
        ).order_by("pk"):
            people[(user.directorate_id, user.role)].append(user)
        specs: list[NoticeSpec] = []
        mails: list[Email] = []
        kinds: dict[str, str] = {}
        staff_path = _staff_paths()
        lookup_url = f"{settings.SITE_URL}{reverse('complaints:lookup')}"
        for complaint, event_id in zip(rows, event_ids, strict=True):
            directorate = complaint.directorate_id
            users = audience(complaint, people[(directorate, Role.DIRECTOR)], people[(directorate, Role.COMPLAINT_HANDLER)])
            if complaint.kind not in kinds:
                kinds[complaint.kind] = complaint.get_kind_display()
            params = {
                "number": complaint.number,
                "kind": kinds[complaint.kind],
                "due": timezone.localtime(complaint.due_at, WIB).strftime("%d-%m-%Y %H:%M") if complaint.due_at else "-",
            }
            path = staff_path(complaint)
            context = notices._context(complaint, lookup_url) | {"notice_kind": kind, "notice_params": params,
                                                         "url": f"{settings.SITE_URL}{path}"}
            cause = f"complaint-event-{event_id}"
            for user in {u.pk: u for u in users if u.is_active}.values():
                specs.append(NoticeSpec(
                    recipient=user, kind=kind, message=notices.MESSAGES[kind], params=params, url=path,
                    subject=complaint, key=notice_key(kind=kind, cause=cause, recipient=str(user.pk)), now=now,
                ))
                mails.append(Email(
                    template=notices.STAFF, to=user.email, language=user.language, subject=complaint,
                    context=context | {"recipient_name": user.full_name},
                    key=dedupe_key(template=notices.STAFF, cause=cause, recipient=str(user.pk)),
                ))
        notify_many(specs, new_causes=True)
        queue_emails(mails, new_causes=True)


# A pk no complaint has, reversed once per batch and replaced: reverse() costs a regex
# match each, and a batch links hundreds of complaints.
_SAMPLE_PK = 987654321987


def _staff_paths() -> Callable[[Complaint], str]:
    """``notices.staff_path``, the same paths, reversing once (under the script prefix
    active now, as each call of it would)."""
    sample = reverse("complaints:detail", kwargs={"pk": _SAMPLE_PK})
    head, found, tail = sample.partition(str(_SAMPLE_PK))
    if not found or str(_SAMPLE_PK) in tail:
        return notices.staff_path
    return lambda complaint: f"{head}{complaint.pk}{tail}"


def sweep_complaints(*, now: datetime | None = None, batch_size: int = lifecycle.BATCH_SIZE) -> SweepReport:
    """One sweep of the complaints desk alone, through the same engine (``manage.py
    sweep_complaints``, the demo seed); beat sweeps every desk at once
    (``core.tasks.sweep_deadlines``)."""
    return lifecycle.sweep(now=now, batch_size=batch_size, only=[ComplaintDesk.label])
