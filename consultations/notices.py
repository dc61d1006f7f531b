"""Who on staff is told what about a case: e-mail (through the outbox) and an in-app
notice (``notifications.notices``), both written in the caller's transaction and both
keyed by their cause (the event, or the digest's date), so a re-run sends nothing twice.

- a new case in a directorate (submitted, or re-routed there): its director(s), or its
  team leads when it has no active director (``directorate_leads``);
- a new assignment: the assignee, unless they assigned themselves;
- at risk (1 working day left; 15 minutes for a walk-in): the assignee, or the
  director(s) while nobody is assigned;
- a breach: the assignee (if any) and the director(s) — an escalation.

- a hand-off (an assignment, a disposition, a walk-in guest, a draft to review, return
  or approve, an answer letter issued, a meeting report to approve or approved): the
  people it hands the case to (``handoffs``, ADR 0010).

A director who chose the daily digest (``User.notification_digest``) gets no per-case
e-mail about at-risk and late cases nor about hand-offs, only the in-app notices, and
once a working day one e-mail listing the directorate's at-risk and late cases and
their own unread hand-off notices (:func:`send_daily_digests`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate, Role, User
from accounts.selectors import directorate_leads
from core.time import WIB
from notifications.models import Notice
from notifications.notices import NoticeSpec, notice_key, notify_many
from notifications.outbox import Email, dedupe_key, queue_email, queue_emails
from workdays.deadlines import DeadlineState, is_working_day, wib_date

from . import emails
from .models import Consultation, Event, EventType

__all__ = [
    "DIGEST_MAX_CASES",
    "KIND_ASSIGNED",
    "KIND_AT_RISK",
    "KIND_BREACHED",
    "KIND_DRAFT_APPROVAL",
    "KIND_DRAFT_RETURNED",
    "KIND_DRAFT_REVIEW",
    "KIND_LETTER_ISSUED",
    "KIND_NEW_CASE",
    "KIND_REPORT_APPROVAL",
    "KIND_REPORT_APPROVED",
    "case_params",
    "digest_cases",
    "digest_handoffs",
    "notify_at_risk",
    "notify_breach",
    "notify_breaches",
    "notify_new_case",
    "send_daily_digests",
    "tell",
    "wants_digest",
]

# The notices' kinds (``Notice.kind``).
KIND_NEW_CASE = "case_new"
KIND_ASSIGNED = "case_assigned"
KIND_AT_RISK = "deadline_at_risk"
KIND_BREACHED = "deadline_breached"
# Hand-offs (``handoffs.HANDOFFS`` says who, what and which e-mail; an assignment,
# a disposition and a walk-in guest are all ``KIND_ASSIGNED``).
KIND_DRAFT_REVIEW = "draft_review"
KIND_DRAFT_APPROVAL = "draft_approval"
KIND_DRAFT_RETURNED = "draft_returned"
KIND_LETTER_ISSUED = "answer_letter_issued"
KIND_REPORT_APPROVAL = "report_approval"
KIND_REPORT_APPROVED = "report_approved"
HANDOFF_KINDS = frozenset(
    {
        KIND_ASSIGNED,
        KIND_DRAFT_REVIEW,
        KIND_DRAFT_APPROVAL,
        KIND_DRAFT_RETURNED,
        KIND_LETTER_ISSUED,
        KIND_REPORT_APPROVAL,
        KIND_REPORT_APPROVED,
    }
)

MESSAGES = {
    KIND_NEW_CASE: _("Konsultasi baru %(number)s masuk ke direktorat Anda: %(subject)s"),
    KIND_ASSIGNED: _("Anda ditugaskan menangani konsultasi %(number)s: %(subject)s"),
    KIND_AT_RISK: _("Batas waktu konsultasi %(number)s hampir habis (%(due)s WIB): %(subject)s"),
    KIND_BREACHED: _("Konsultasi %(number)s melewati batas waktu (%(due)s WIB): %(subject)s"),
}
TEMPLATES = {
    KIND_NEW_CASE: emails.CASE_NEW,
    KIND_ASSIGNED: emails.CASE_ASSIGNED,
    KIND_AT_RISK: emails.DEADLINE_AT_RISK,
    KIND_BREACHED: emails.DEADLINE_BREACHED,
}
# Kinds whose e-mail a digest reader does not get case by case.
DIGESTED = frozenset({KIND_AT_RISK, KIND_BREACHED}) | HANDOFF_KINDS
SUBJECT_IN_NOTICE = 120
DIGEST_MAX_CASES = 100


def wants_digest(user: User) -> bool:
    """A director who reads the daily digest instead of per-case deadline e-mails."""
    return user.role == Role.DIRECTOR and user.notification_digest


def _unique(users: Iterable[User | None]) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        if user is not None and user.is_active and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


def _active_assignee(case: Consultation) -> User | None:
    if case.assignee_id is None or not case.assignee.is_active:
        return None
    return case.assignee


def case_params(case: Consultation) -> dict[str, str]:
    """What a notice's text says about a case: its number, subject (cut short) and due time."""
    subject = case.subject if len(case.subject) <= SUBJECT_IN_NOTICE else case.subject[: SUBJECT_IN_NOTICE - 1] + "…"
    return {
        "number": case.number,
        "subject": subject,
        "due": timezone.localtime(case.due_at, WIB).strftime("%d-%m-%Y %H:%M") if case.due_at else "-",
    }


def tell(
    kind: str,
    items: Iterable[tuple[Consultation, Event, list[User], dict[str, Any]]],
    *,
    new_events: bool = False,
    message: Any = None,
    template: str | None = None,
    params: dict[str, Any] | None = None,
) -> int:
    """E-mail and notice of ``kind`` about each ``(case, event, users, extra)``; one
    insert for all the notices and one for all the e-mails, so a sweep's batch costs
    the same few queries as one case. How many (event, user) pairs were newly told (a
    re-run tells nobody). ``new_events``: the caller wrote the events in this
    transaction, so nothing keyed by them can exist (no look-up). ``message``,
    ``template``: the kind's own (``MESSAGES``, ``TEMPLATES``) unless given; ``params``:
    more for the message than the case's number, subject and due time."""
    message = MESSAGES[kind] if message is None else message
    template = TEMPLATES[kind] if template is None else template
    notices: list[NoticeSpec] = []
    mails: list[Email] = []
    told: list[tuple[str, str | None]] = []
    for case, event, users, extra in items:
        if not users:
            continue
        text_params = case_params(case) | (params or {})
        url = emails.case_path(case, for_staff=True)
        context = emails.staff_case_context(case, path=url) | extra
        for user in users:
            key = notice_key(kind=kind, cause=f"event-{event.pk}", recipient=str(user.pk))
            notices.append(
                NoticeSpec(
                    recipient=user, kind=kind, message=message, params=text_params, url=url, key=key,
                    subject=case, now=event.at,
                )
            )
            mail = None
            if not (kind in DIGESTED and wants_digest(user)):
                mail = emails.email_to_user(template=template, user=user, context=context, event=event)
                mails.append(mail)
            told.append((key, mail.key if mail else None))
    new_notices = notify_many(notices, new_causes=new_events)
    new_mails = queue_emails(mails, new_causes=new_events)
    return sum(1 for notice, mail in told if notice in new_notices or mail in new_mails)


def _leads_of(cache: dict[int, list[User]], case: Consultation) -> list[User]:
    """``directorate_leads`` once per directorate of a batch."""
    if case.directorate_id not in cache:
        cache[case.directorate_id] = directorate_leads(case.directorate)
    return cache[case.directorate_id]


def notify_new_case(case: Consultation, event: Event) -> int:
    """A case arrived in ``case.directorate`` (submitted, or re-routed there): its leads."""
    rerouted = event.type == EventType.REROUTED
    users = _unique(directorate_leads(case.directorate))
    return tell(KIND_NEW_CASE, [(case, event, users, {"rerouted": rerouted})])


def notify_at_risk(case: Consultation, event: Event) -> int:
    """The assignee or, while nobody is assigned, the directorate's leads."""
    assignee = _active_assignee(case)
    users = [assignee] if assignee else directorate_leads(case.directorate)
    return tell(KIND_AT_RISK, [(case, event, _unique(users), {})])


def notify_breach(case: Consultation, event: Event) -> int:
    """Escalation: the assignee (if any) and the directorate's leads."""
    return notify_breaches([(case, event)])


def notify_breaches(breaches: Iterable[tuple[Consultation, Event]], *, new_events: bool = False) -> int:
    """:func:`notify_breach` for a sweep's batch: the directorates' leads are read once
    each, and all the notices and e-mails written in two inserts. ``new_events``: the
    breach events were written in this transaction (``compensation.compensate``, the desk hook of ``core.lifecycle``)."""
    leads: dict[int, list[User]] = {}
    return tell(
        KIND_BREACHED,
        [(case, event, _unique([_active_assignee(case), *_leads_of(leads, case)]), {}) for case, event in breaches],
        new_events=new_events,
    )


# --- the daily digest -------------------------------------------------------------


def digest_cases(directorate: Directorate, now: datetime) -> list[Consultation]:
    """A directorate's running cases that are at risk or late at ``now``, soonest due first."""
    state = Consultation.deadline_state_q
    return list(
        Consultation.objects.clock_running()
        .filter(directorate=directorate)
        .filter(state(DeadlineState.AT_RISK, now) | state(DeadlineState.LATE, now))
        .select_related("assignee")
        .order_by("due_at", "id")[: DIGEST_MAX_CASES + 1]
    )


def digest_handoffs(user: User, now: datetime) -> list[Notice]:
    """The hand-off notices ``user`` has not read yet, newest first: what the hand-off
    e-mails would have said to a digest reader (``DIGESTED``)."""
    return list(
        Notice.objects.for_user(user)
        .unread()
        .filter(kind__in=HANDOFF_KINDS, created_at__lte=now)
        .order_by("-created_at", "-id")[:DIGEST_MAX_CASES]
    )


def _digest_context(
    directorate: Directorate, cases: list[Consultation], now: datetime, handoffs: list[Notice], language: str
) -> dict[str, Any]:
    shown = cases[:DIGEST_MAX_CASES]
    return {
        "handoffs": [
            {"text": notice.text_en if language == "en" and notice.text_en else notice.text,
             "url": f"{settings.SITE_URL}{notice.url}" if notice.url.startswith("/") else notice.url}
            for notice in handoffs
        ],
        "handoff_count": len(handoffs),
        "digest_at": now,
        "directorate_name": directorate.name,
        "directorate_name_en": directorate.name_en,
        "late_count": sum(1 for case in shown if case.due_at < now),
        "at_risk_count": sum(1 for case in shown if case.due_at >= now),
        "more": len(cases) > DIGEST_MAX_CASES,
        "queue_url": f"{settings.SITE_URL}{reverse('consultations:queue')}",
        "cases": [
            {
                "number": case.number,
                "subject": case.subject,
                "due_at": case.due_at,
                "late": case.due_at < now,
                "assignee_name": case.assignee.full_name if case.assignee_id else "",
                "is_priority": case.is_priority,
                "url": emails.case_url(case, for_staff=True),
            }
            for case in shown
        ],
    }


def send_daily_digests(*, now: datetime) -> int:
    """One e-mail per digest-reading director listing the directorate's at-risk and late
    cases and the director's unread hand-off notices, once per director and WIB date
    (the key names both); nothing on a day off, nothing for a director with nothing to
    list. Returns how many e-mails were queued."""
    today = wib_date(now)
    if not is_working_day(today):
        return 0
    directors = User.objects.filter(
        role=Role.DIRECTOR, is_active=True, notification_digest=True, directorate__isnull=False
    ).select_related("directorate")
    by_directorate: dict[int, list[Consultation]] = {}
    queued = 0
    for director in directors:
        directorate = director.directorate
        if directorate.pk not in by_directorate:
            by_directorate[directorate.pk] = digest_cases(directorate, now)
        cases = by_directorate[directorate.pk]
        handoffs = digest_handoffs(director, now)
        if not cases and not handoffs:
            continue
        with transaction.atomic():
            row = queue_email(
                template=emails.DEADLINE_DIGEST,
                to=director.email,
                language=director.language,
                context=_digest_context(directorate, cases, now, handoffs, director.language),
                key=dedupe_key(
                    template=emails.DEADLINE_DIGEST, cause=f"digest-{today.isoformat()}", recipient=str(director.pk)
                ),
            )
        queued += row is not None
    return queued
