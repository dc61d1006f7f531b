"""E-mails of the consultation workflow, through an outbox.

A service that wants an e-mail sent calls one of the ``queue_*`` functions inside its
transaction. That writes an :class:`~consultations.models.OutboundEmail` row (unique per
event and recipient) and, on commit, asks Celery to send it. If the broker is down at
that moment, nothing is lost: the row stays ``pending`` and the beat-scheduled sweep
(:func:`dispatch_pending`) enqueues it again later. :func:`deliver` claims a row with a
conditional UPDATE before sending, so running it twice never sends twice.

One gap no outbox can close: a worker that dies after the mail server accepted the
message and before the row says ``sent`` leaves the row claimed, and the message goes out
again. Each e-mail therefore carries a ``Message-ID`` derived from its row
(:func:`message_id`), the same on every attempt, so that mail servers and clients can
recognise the second copy as the same message.

Templates are named: ``emails/<name>-subject.txt``, ``-body.txt`` and ``-body.html``,
rendered with the recipient's language active and times in WIB. The HTML body relies on
Django's autoescaping for everything the applicant or staff wrote. Internal notes are
never given to any of these functions.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from email.utils import parseaddr
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from accounts.models import Role, User

from .channels import Channel
from .models import Answer, AnswerKind, Consultation, Event, Message, OutboundEmail, OutboxStatus

logger = logging.getLogger(__name__)

WIB = ZoneInfo("Asia/Jakarta")
# The on-commit enqueue gets this long before the sweep enqueues a row again.
SWEEP_AFTER = timedelta(minutes=1)
# A row claimed longer ago than this belongs to a worker that died while sending, and the
# sweep hands it to another one. It must be longer than any send can last, or a slow but
# living send would get a twin: the send task's hard time limit
# (consultations.tasks.SEND_TIME_LIMIT, 2 minutes, itself well above EMAIL_TIMEOUT, the
# mail server's per-operation timeout) plus a minute for the sweep's own period and
# clocks that differ between hosts. A task redelivered after its worker died does not
# wait for this: it takes over its own claim (see claim()).
STALE_SENDING = timedelta(minutes=3)
SWEEP_BATCH = 500

# Template names.
SUBMITTED = "consultation-submitted"
ANSWER_SENT = "answer-sent"
STAFF_MESSAGE = "staff-message"
APPLICANT_MESSAGE = "applicant-message"


# --- links ----------------------------------------------------------------------

# The case pages e-mails link to, with the case number as ``number``.
APPLICANT_URL_NAME = "consultations:detail"
STAFF_URL_NAME = "consultations:staff_detail"


def case_url(consultation: Consultation, *, for_staff: bool = False) -> str:
    name = STAFF_URL_NAME if for_staff else APPLICANT_URL_NAME
    return f"{settings.SITE_URL}{reverse(name, kwargs={'number': consultation.number})}"


# --- queueing -------------------------------------------------------------------


def queue_email(
    *,
    template: str,
    recipient: User,
    context: dict[str, Any],
    event: Event,
    consultation: Consultation | None = None,
) -> OutboundEmail | None:
    """Write the outbox row in the caller's transaction and enqueue it on commit.

    Returns None when this event already has its e-mail to this recipient.
    """
    key = f"{template}:event-{event.pk}:to-{recipient.pk}"
    row, created = OutboundEmail.objects.get_or_create(
        dedupe_key=key,
        defaults={
            "template": template,
            "recipient": recipient.email,
            "language": recipient.language or settings.LANGUAGE_CODE,
            "context": context,
            "consultation": consultation or event.consultation,
            "event": event,
        },
    )
    if not created:
        return None
    transaction.on_commit(partial(enqueue, row.pk), robust=True)
    return row


def enqueue(outbox_id: int) -> bool:
    """Hand a row to Celery. A broker that is down is not the caller's problem: the row
    stays pending and the sweep picks it up."""
    from .tasks import send_outbound_email

    try:
        # Once, without kombu's publish retries: they would hold the web request for
        # seconds while the broker is down, and the sweep covers a miss anyway.
        send_outbound_email.apply_async((outbox_id,), retry=False)
    except Exception:  # kombu's OperationalError, a refused connection, a DNS failure...
        logger.warning("could not enqueue outbound e-mail %s; the sweep will retry", outbox_id, exc_info=True)
        return False
    return True


def _case_context(consultation: Consultation) -> dict[str, Any]:
    return {
        "number": consultation.number,
        "subject": consultation.subject,
        "channel": consultation.channel,
        "category_name": consultation.category.name,
        "category_name_en": consultation.category.name_en,
        "directorate_name": consultation.directorate.name,
        "directorate_name_en": consultation.directorate.name_en,
        "applicant_name": consultation.applicant.full_name,
        "submitted_at": consultation.submitted_at,
        "due_at": consultation.due_at,
        "url": case_url(consultation),
    }


def queue_submitted(consultation: Consultation, event: Event) -> OutboundEmail | None:
    """Confirmation to the applicant: case number, deadline, link, and what they wrote."""
    context = _case_context(consultation) | {"description": consultation.description}
    return queue_email(template=SUBMITTED, recipient=consultation.applicant, context=context, event=event)


def queue_answer(answer: Answer, event: Event) -> OutboundEmail | None:
    consultation = answer.consultation
    context = _case_context(consultation) | {
        "answer_text": answer.text,
        "kinds": list(answer.kinds),
        "is_correction": answer.is_correction,
        "sent_at": answer.sent_at,
    }
    return queue_email(template=ANSWER_SENT, recipient=consultation.applicant, context=context, event=event)


def queue_message(message: Message, event: Event) -> list[OutboundEmail]:
    """A staff message goes to the applicant; an applicant's message goes to the
    assignee, or to the directorate's director(s) when nobody is assigned."""
    consultation = message.consultation
    context = _case_context(consultation) | {"message_body": message.body, "sent_at": message.created_at}
    if not message.from_applicant:
        row = queue_email(template=STAFF_MESSAGE, recipient=consultation.applicant, context=context, event=event)
        return [row] if row else []
    context["url"] = case_url(consultation, for_staff=True)
    rows = []
    for recipient in message_recipients(consultation):
        row = queue_email(template=APPLICANT_MESSAGE, recipient=recipient, context=context, event=event)
        if row:
            rows.append(row)
    return rows


def message_recipients(consultation: Consultation) -> list[User]:
    if consultation.assignee_id is not None and consultation.assignee.is_active:
        return [consultation.assignee]
    directors = list(User.objects.in_directorate(consultation.directorate).filter(role=Role.DIRECTOR))
    if directors:
        return directors
    # A directorate without an active director still has somebody reading.
    return list(User.objects.in_directorate(consultation.directorate).filter(role=Role.TEAM_LEAD))


# --- rendering ------------------------------------------------------------------


def _revive(context: dict[str, Any], language: str) -> dict[str, Any]:
    """JSON back to what templates want: datetimes, the recipient's language's names."""
    ctx = dict(context)
    for key, value in context.items():
        if key.endswith("_at") and isinstance(value, str):
            ctx[key] = parse_datetime(value)
        if key.endswith("_en"):
            base = key[: -len("_en")]
            if language == "en" and value:
                ctx[base] = value
            ctx.pop(key, None)
    if "kinds" in ctx:
        ctx["kind_labels"] = [str(AnswerKind(kind).label) for kind in ctx["kinds"] if kind in AnswerKind.values]
    if "channel" in ctx and ctx["channel"] in Channel.values:
        ctx["channel_label"] = str(Channel(ctx["channel"]).label)
    return ctx


def render_email(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """(subject, text body, HTML body) of a named e-mail, in ``language``, times in WIB."""
    with translation.override(language), timezone.override(WIB):
        ctx = _revive(context, language) | {
            "site_url": settings.SITE_URL,
            "office_name": str(settings.ADVOKASI_OFFICE_NAME),
        }
        subject = render_to_string(f"emails/{template}-subject.txt", ctx)
        text = render_to_string(f"emails/{template}-body.txt", ctx)
        html = render_to_string(f"emails/{template}-body.html", ctx)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    subject = prefix + " ".join(subject.split())
    return subject, text, html


# --- sending --------------------------------------------------------------------


class Outcome:
    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"


class SentButNotRecorded(Exception):
    """The mail server accepted the message, but the row could not be marked sent (the
    database went away in between). The caller records it later instead of sending
    again: see :func:`record_sent`."""


def claim(outbox_id: int, *, now: datetime, token: str = "") -> bool:
    """Take the row for sending, unless it is sent, failed, or being sent right now.

    ``token`` names the claimant (the Celery task id). A row in ``sending`` under the
    same token was claimed by an earlier run of this very task whose worker died: the
    broker delivered the task again (acks_late, reject_on_worker_lost), and it takes the
    row over at once instead of leaving it to the sweep.
    """
    takeover = Q(status=OutboxStatus.SENDING, claimed_at__lt=now - STALE_SENDING)
    if token:
        takeover |= Q(status=OutboxStatus.SENDING, claim_token=token)
    return bool(
        OutboundEmail.objects.filter(pk=outbox_id)
        .filter(Q(status=OutboxStatus.PENDING) | takeover)
        .update(status=OutboxStatus.SENDING, claimed_at=now, claim_token=token, attempts=F("attempts") + 1)
    )


def message_id(row: OutboundEmail) -> str:
    """The same ``Message-ID`` on every attempt to send this row, unique across rows and
    installations' databases: the row's id plus a hash of its dedupe key."""
    digest = hashlib.sha256(row.dedupe_key.encode()).hexdigest()[:16]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or str(DNS_NAME)
    return f"<outbox-{row.pk}-{digest}@{domain}>"


def record_sent(outbox_id: int, *, token: str = "") -> bool:
    """Mark the row sent, if it is still this claimant's."""
    return bool(
        OutboundEmail.objects.filter(pk=outbox_id, status=OutboxStatus.SENDING, claim_token=token).update(
            status=OutboxStatus.SENT, sent_at=timezone.now(), last_error=""
        )
    )


def deliver(
    outbox_id: int, *, token: str = "", final_attempt: bool = False, retry_in: timedelta | None = None
) -> str:
    """Send one outbox row, at most once.

    A mail-server error (``OSError``, which includes ``smtplib.SMTPException``) puts the
    row back to pending — or to failed on the final attempt — and is raised again so the
    task retries with backoff. A template error fails the row at once: retrying would
    not help. A database error before the send is raised as it is (the task retries); after
    the send it becomes :class:`SentButNotRecorded`.
    """
    now = timezone.now()
    if not claim(outbox_id, now=now, token=token):
        return Outcome.SKIPPED
    row = OutboundEmail.objects.get(pk=outbox_id)
    mine = OutboundEmail.objects.filter(
        pk=outbox_id, status=OutboxStatus.SENDING, claimed_at=now, claim_token=token
    )
    try:
        subject, text, html = render_email(row.template, row.context, row.language)
    except Exception as exc:
        logger.exception("outbound e-mail %s cannot be rendered", outbox_id)
        mine.update(status=OutboxStatus.FAILED, last_error=f"render: {exc!r}"[:2000])
        return Outcome.FAILED
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[row.recipient], headers={"Message-ID": message_id(row)}
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except OSError as exc:
        mine.update(
            status=OutboxStatus.FAILED if final_attempt else OutboxStatus.PENDING,
            last_error=repr(exc)[:2000],
            next_attempt_at=None if final_attempt else now + (retry_in or SWEEP_AFTER),
        )
        raise
    try:
        record_sent(outbox_id, token=token)
    except DatabaseError as exc:
        raise SentButNotRecorded(outbox_id) from exc
    return Outcome.SENT


def dispatch_pending(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Enqueue rows that should have gone out by now: pending for over a minute (their
    on-commit enqueue was lost) and not waiting for a retry, or claimed by a worker that
    died. Returns how many were handed to Celery."""
    now = now or timezone.now()
    due = (
        OutboundEmail.objects.filter(
            Q(status=OutboxStatus.PENDING, created_at__lte=now - SWEEP_AFTER)
            & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            | Q(status=OutboxStatus.SENDING, claimed_at__lt=now - STALE_SENDING)
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(due)
    # While they wait in the queue, the next sweeps leave them alone.
    OutboundEmail.objects.filter(pk__in=ids, status=OutboxStatus.PENDING).update(next_attempt_at=now + 5 * SWEEP_AFTER)
    return sum(1 for pk in ids if enqueue(pk))
