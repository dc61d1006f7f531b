"""Sending one outbox row, at most once.

:func:`deliver` claims a row with a conditional UPDATE before sending, so running it
twice never sends twice. One gap no outbox can close: a worker that dies after the mail
server accepted the message and before the row says ``sent`` leaves the row claimed, and
the message goes out again. Each e-mail therefore carries a ``Message-ID`` derived from
its row (:func:`message_id`), the same on every attempt, so that mail servers and clients
can recognise the second copy as the same message.

The Celery side (the send task, its retries, the sweep) is in ``notifications/tasks.py``.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import DatabaseError
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboundEmail, OutboxStatus
from .rendering import render_email

logger = logging.getLogger(__name__)

# The on-commit enqueue gets this long before the sweep enqueues a row again.
SWEEP_AFTER = timedelta(minutes=1)
# A row claimed longer ago than this belongs to a worker that died while sending, and the
# sweep hands it to another one. It must be longer than any send can last, or a slow but
# living send would get a twin: the send task's hard time limit
# (notifications.tasks.SEND_TIME_LIMIT, 2 minutes, itself well above EMAIL_TIMEOUT, the
# mail server's per-operation timeout) plus a minute for the sweep's own period and
# clocks that differ between hosts. A task redelivered after its worker died does not
# wait for this: it takes over its own claim (see claim()).
STALE_SENDING = timedelta(minutes=3)
SWEEP_BATCH = 500


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
        for item in row.attachments:
            if "content" in item:  # small and made for this e-mail (a calendar invitation): in the row
                content = base64.b64decode(item["content"])
            else:
                with default_storage.open(item["path"], "rb") as stored:
                    content = stored.read()
            message.attach(item["filename"], content, item["content_type"])
    except FileNotFoundError as exc:
        # The file is gone (storage restored without it): no retry brings it back. Any
        # other storage error is raised: the task retries, as for a mail-server error.
        logger.exception("outbound e-mail %s: attachment missing", outbox_id)
        mine.update(status=OutboxStatus.FAILED, last_error=f"attachment: {exc!r}"[:2000])
        return Outcome.FAILED
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


def due_for_sweep(*, now: datetime, limit: int = SWEEP_BATCH) -> list[int]:
    """Rows that should have gone out by now: pending for over a minute (their on-commit
    enqueue was lost) and not waiting for a retry, or claimed by a worker that died. They
    are marked so that the next sweeps leave them alone while they wait in the queue."""
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
    OutboundEmail.objects.filter(pk__in=ids, status=OutboxStatus.PENDING).update(next_attempt_at=now + 5 * SWEEP_AFTER)
    return ids
