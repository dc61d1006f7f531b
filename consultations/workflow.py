"""Statuses of a consultation and the steps allowed from each.

One status set serves all four channels. The status says where the case is in the
workflow; whether its clock runs is told by the timestamps (``clock_started_at``,
``completed_at``), because the channels start and stop their clocks on different steps
(the channel registry, ``channels/``, names them)::

    (new) --register (letter, invitation)--> REGISTERED --receive (director)--> SUBMITTED
    REGISTERED --check_letter (secretariat, complete)--> REGISTERED (on the Director's desk)
    REGISTERED --return_letter (incomplete)--> RETURNED (no clock ever started)
    (new) --submit (website) | register_visit (walk-in)------------------> SUBMITTED
    SUBMITTED --assign | claim | dispose | hand_off--> ASSIGNED --assign | dispose | hand_off (again)--> ASSIGNED
    SUBMITTED | ASSIGNED --reroute--> SUBMITTED   (new directorate, nobody assigned yet)
    SUBMITTED | ASSIGNED --the channel's output step--> DELIVERED (clock stopped)
    DELIVERED --cancel_meeting--> ASSIGNED   (a schedule called off: set a new one; the clock runs again)
    DELIVERED | ASSIGNED --close_cancelled_meeting--> CANCELLED   (closed without output)

The output steps: ``send_answer`` (website), ``issue_answer_letter`` (letter),
``record_advice`` (walk-in), ``confirm_meeting`` (online meeting). Which steps a case may
take at all is its channel's business: services call ``channels.check_step(step,
status, channel=...)``, which asks the channel and then this table. Messages, internal
notes and answer corrections keep the status. ``STEPS`` is the one table of all of it;
``ALLOWED_TRANSITIONS`` (status -> statuses) is derived from it. Nobody compares raw
status strings.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import InvalidTransition


class Status(models.TextChoices):
    # Letters and meeting invitations are on file, but the director has not received
    # them yet, so the clock has not started.
    REGISTERED = "registered", _("Terdaftar")
    # The clock runs; nobody handles the case yet.
    SUBMITTED = "submitted", _("Menunggu penugasan")
    # The clock runs; the assignee handles it.
    ASSIGNED = "assigned", _("Sedang ditangani")
    # The channel's output went out and the clock stopped. Each channel says it in its
    # own words (``ChannelSpec.delivered_label``: "Sudah dijawab" for the website).
    DELIVERED = "delivered", _("Selesai")
    # A letter or invitation that failed the secretariat's checklist: sent back to its
    # sender with the missing items named; its clock never started.
    RETURNED = "returned", _("Dikembalikan kepada pengirim")
    # An online meeting called off for good: closed without output, its clock closed
    # without a verdict (neither on time nor late; docs/decisions/0007).
    CANCELLED = "cancelled", _("Dibatalkan")


class Step(StrEnum):
    """The steps, named like the service functions that take them."""

    SUBMIT = "submit"
    REGISTER = "register"
    REGISTER_VISIT = "register_visit"
    CHECK_LETTER = "check_letter"
    RETURN_LETTER = "return_letter"
    RECEIVE = "receive"
    DISPOSE = "dispose"
    HAND_OFF = "hand_off"
    ACCEPT_GUEST = "accept_guest"
    NEED_MORE_TIME = "need_more_time"
    WRITE_DRAFT = "write_draft"
    MESSAGE_PIC = "message_pic"
    RESCHEDULE_MEETING = "reschedule_meeting"
    CANCEL_MEETING = "cancel_meeting"
    CLOSE_CANCELLED_MEETING = "close_cancelled_meeting"
    WRITE_REPORT = "write_report"
    APPROVE_REPORT = "approve_report"
    REVIEW_DRAFT = "review_draft"
    ASSIGN = "assign"
    CLAIM = "claim"
    REROUTE = "reroute"
    SEND_ANSWER = "send_answer"
    ISSUE_ANSWER_LETTER = "issue_answer_letter"
    RECORD_ADVICE = "record_advice"
    CONFIRM_MEETING = "confirm_meeting"
    CORRECT_ANSWER = "correct_answer"
    POST_MESSAGE = "post_message"
    ADD_INTERNAL_NOTE = "add_internal_note"
    LINK_ACCOUNT = "link_account"


class Rule(NamedTuple):
    # ``None`` among the sources: the step creates the case.
    sources: frozenset[Status | None]
    # ``None``: the step keeps the status.
    target: Status | None


_ALL = frozenset(Status)
IN_HAND_STATUSES: frozenset[Status] = frozenset({Status.SUBMITTED, Status.ASSIGNED})
OPEN_STATUSES: frozenset[Status] = frozenset({Status.REGISTERED, Status.SUBMITTED, Status.ASSIGNED})

STEPS: dict[Step, Rule] = {
    Step.SUBMIT: Rule(frozenset({None}), Status.SUBMITTED),
    Step.REGISTER: Rule(frozenset({None}), Status.REGISTERED),
    Step.REGISTER_VISIT: Rule(frozenset({None}), Status.SUBMITTED),
    Step.CHECK_LETTER: Rule(frozenset({Status.REGISTERED}), None),
    Step.RETURN_LETTER: Rule(frozenset({Status.REGISTERED}), Status.RETURNED),
    Step.RECEIVE: Rule(frozenset({Status.REGISTERED}), Status.SUBMITTED),
    Step.DISPOSE: Rule(IN_HAND_STATUSES, Status.ASSIGNED),
    # A walk-in guest: handed to the authorized staff on duty (or passed on), accepted,
    # and, when the problem needs it, marked as needing more than the hour.
    Step.HAND_OFF: Rule(IN_HAND_STATUSES, Status.ASSIGNED),
    Step.ACCEPT_GUEST: Rule(frozenset({Status.ASSIGNED}), None),
    Step.NEED_MORE_TIME: Rule(frozenset({Status.ASSIGNED}), None),
    # Drafting and review happen while the case is in hand; they keep the status.
    Step.WRITE_DRAFT: Rule(frozenset({Status.ASSIGNED}), None),
    Step.REVIEW_DRAFT: Rule(frozenset({Status.ASSIGNED}), None),
    # An online meeting: coordination with the PIC while in hand; after the schedule is
    # confirmed (DELIVERED: the channel's output), it may move or be cancelled, and the
    # report follows the meeting. A cancelled schedule goes back to the desk to be set
    # again (the clock runs again), or the case is closed as cancelled — from a confirmed
    # schedule, or from the desk once its schedule was cancelled (the service checks that).
    Step.MESSAGE_PIC: Rule(frozenset({Status.SUBMITTED, Status.ASSIGNED, Status.DELIVERED}), None),
    Step.RESCHEDULE_MEETING: Rule(frozenset({Status.DELIVERED}), None),
    Step.CANCEL_MEETING: Rule(frozenset({Status.DELIVERED}), Status.ASSIGNED),
    Step.CLOSE_CANCELLED_MEETING: Rule(frozenset({Status.DELIVERED, Status.ASSIGNED}), Status.CANCELLED),
    Step.WRITE_REPORT: Rule(frozenset({Status.DELIVERED}), None),
    Step.APPROVE_REPORT: Rule(frozenset({Status.DELIVERED}), None),
    Step.ASSIGN: Rule(IN_HAND_STATUSES, Status.ASSIGNED),
    Step.CLAIM: Rule(frozenset({Status.SUBMITTED}), Status.ASSIGNED),
    Step.REROUTE: Rule(IN_HAND_STATUSES, Status.SUBMITTED),
    Step.SEND_ANSWER: Rule(IN_HAND_STATUSES, Status.DELIVERED),
    Step.ISSUE_ANSWER_LETTER: Rule(IN_HAND_STATUSES, Status.DELIVERED),
    Step.RECORD_ADVICE: Rule(IN_HAND_STATUSES, Status.DELIVERED),
    Step.CONFIRM_MEETING: Rule(IN_HAND_STATUSES, Status.DELIVERED),
    Step.CORRECT_ANSWER: Rule(frozenset({Status.DELIVERED}), None),
    # Clarification goes on before and after the output; the clock is not affected.
    Step.POST_MESSAGE: Rule(frozenset({Status.SUBMITTED, Status.ASSIGNED, Status.DELIVERED}), None),
    Step.ADD_INTERNAL_NOTE: Rule(_ALL, None),
    # A case filed without an account (a walk-in guest, a paper letter, a PIC) is linked
    # to the person's account by staff, in any status; what the contact is owed moves too.
    Step.LINK_ACCOUNT: Rule(_ALL, None),
}
assert set(STEPS) == set(Step), "every Step needs a Rule in STEPS"


def _derive_transitions() -> dict[Status | None, frozenset[Status]]:
    table: dict[Status | None, set[Status]] = {status: set() for status in [None, *Status]}
    for rule in STEPS.values():
        if rule.target is not None:
            for source in rule.sources:
                table[source].add(rule.target)
    return {status: frozenset(targets) for status, targets in table.items()}


# Status -> the statuses reachable in one step (``None``: a case being created).
ALLOWED_TRANSITIONS: dict[Status | None, frozenset[Status]] = _derive_transitions()
INITIAL_STATUSES: frozenset[Status] = ALLOWED_TRANSITIONS[None]


def step_allowed(step: Step, current: str | None) -> bool:
    return (Status(current) if current is not None else None) in STEPS[step].sources


def check_step(step: Step, current: str | None) -> Status:
    """The status after ``step`` from ``current``, or InvalidTransition."""
    if not step_allowed(step, current):
        raise InvalidTransition(str(current), STEPS[step].target, action=str(step))
    target = STEPS[step].target
    return target if target is not None else Status(current)


def check_transition(current: str | None, target: str) -> Status:
    """For callers that think in statuses: is ``current`` -> ``target`` allowed at all."""
    source = Status(current) if current is not None else None
    if Status(target) not in ALLOWED_TRANSITIONS[source]:
        raise InvalidTransition(str(current), target)
    return Status(target)
