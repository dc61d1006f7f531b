"""The standard's compensation: "Apabila kami tidak menyelesaikan sesuai jangka waktu
penyelesaian, kami akan memberikan kompensasi berupa pemberian prioritas untuk
pelayanan berikutnya."

- :func:`compensate` — a deadline passed: the consultations desk's breach hook on the
  deadline lifecycle (``core.lifecycle``). The engine records the breach once per case
  (``breached_at``, a conditional update on ``breached_at IS NULL``) — for a batch of
  newly late cases in the sweep, or for one case whose clock stopped over its deadline
  before any sweep saw it, in the stop's transaction — and this writes the rest: one
  "deadline breached" event, one priority credit for whoever the case is for, an
  apology to them and an escalation to the assignee and the director.
- :func:`consume_priority_credit` — the applicant's next case, in any channel, takes
  their oldest unused credit and is marked priority.

A recorded breach is final: nothing here or elsewhere takes a granted credit back, and
the deadline of a breached case is not recomputed after calendar edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from core.bulk import insert_new, insert_rows
from notifications.outbox import queue_emails

from .. import emails, notices
from ..models import Consultation, Event, EventType, PriorityCredit


def compensate(cases: Sequence[Consultation], *, now: datetime) -> list[Event]:
    """What the breach of each of ``cases`` brings (``core.lifecycle.record_breaches``
    has just set their ``breached_at = now``, in this transaction): the event, the
    credit, the apology and the escalation. Returns the events written."""
    if not cases:
        return []
    if not transaction.get_connection().in_atomic_block:
        # The credits and e-mails must commit or roll back with the breach mark.
        raise RuntimeError("compensate must run inside the transaction that recorded the breaches")

    credits: list[tuple] = []
    events: list[Event] = []
    for case in cases:
        credit = PriorityCredit.granted_for_breach(case, now=now)
        granted = credit is not None
        if granted:
            credits.append(credit)
        events.append(
            Event.of_system(
                case,
                EventType.DEADLINE_BREACHED,
                at=now,
                data={
                    "due_at": case.due_at,
                    # Stopped already: the output went out late, before any sweep saw it.
                    "completed_at": case.completed_at,
                    "credit_granted": granted,
                },
            )
        )
    # New rows by construction (granted_for is unique and these cases were unbreached
    # under our lock): the fast path (core.bulk), the credits as plain values.
    insert_rows(PriorityCredit, PriorityCredit.BREACH_FIELDS, credits)
    insert_new(events)

    apologies = []
    for case, event in zip(cases, events, strict=True):
        apology = emails.breach_apology(case, event, credit_granted=event.data["credit_granted"])
        if apology is not None:
            apologies.append(apology)
    # The events are new: nothing keyed by them can exist, so no look-ups (new_causes).
    queue_emails(apologies, new_causes=True)
    notices.notify_breaches(zip(cases, events, strict=True), new_events=True)
    return events


def consume_priority_credit(*, consultation: Consultation, now: datetime) -> PriorityCredit | None:
    """Compensation, used: ``consultation`` (a new case of any channel, saved, in its
    creating transaction) takes the oldest unused credit of whoever it is for — its
    account's, else its contact's — and is marked priority. Returns the credit, or None
    when they have none.

    ``skip_locked``: two submissions of one applicant at once take two different
    credits, or one takes the only credit and the other none; the unique ``used_by``
    and the conditional update hold that on any database.
    """
    # One row, not a few: a transaction that locked several would make its rivals skip
    # them all and leave credits unused that they could have taken.
    credit = (
        PriorityCredit.objects.owed_to(consultation)
        .unused()
        .exclude(granted_for=consultation)
        .select_for_update(skip_locked=True)
        .order_by("granted_at", "id")
        .first()
    )
    if credit is not None and PriorityCredit.objects.filter(pk=credit.pk, used_by__isnull=True).update(
        used_by=consultation, used_at=now
    ):
        credit.used_by, credit.used_at = consultation, now
        consultation.is_priority = True
        consultation.save(update_fields=["is_priority", "updated_at"])
        return credit
    return None


def claim_contact_credits(*, account, emails: Sequence[str] = (), phone: str = "", now: datetime) -> int:
    """One person across channels: the credits granted to a contact — a walk-in guest,
    a letter's sender, a PIC — with one of ``emails`` (or ``phone``) and held by no
    account yet move to ``account`` (used ones too: the account's history of what it was
    owed). Called when the account verifies an e-mail address (``receivers``) and when
    staff link a case to it (``link_account``). Returns how many moved; idempotent."""
    held = PriorityCredit.objects.of_person(emails=emails, phone=phone).filter(applicant__isnull=True)
    return held.update(applicant=account, moved_to_account_at=now)
