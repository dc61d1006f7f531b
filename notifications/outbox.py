"""Queueing an e-mail: what a desk calls, inside the transaction of the event it tells about.

:func:`queue_email` writes an :class:`~notifications.models.OutboundEmail` row (unique
per dedupe key) and, on commit, asks Celery to send it (``notifications/tasks.py``). The
desk names the e-mail's template, recipient and language, gives a JSON-able snapshot of
what it says (see ``notifications/rendering.py`` for its conventions), says what the
e-mail is about (any model instance, kept as a generic relation) and which event causes
it (an opaque string in the dedupe key: :func:`dedupe_key`). Internal notes are never
given to it.

:func:`retry_failed` gives an e-mail that failed for good another go (the admin's
"Kirim ulang"): back to pending and enqueued on commit, so that it is sent by the same
exactly-once delivery as any other row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from core.bulk import insert_rows

from . import delivery, tasks
from .models import OutboundEmail, OutboxStatus


def dedupe_key(*, template: str, cause: str, recipient: str) -> str:
    """The key that makes the same cause (an event: ``"event-12"``) yield one e-mail of a
    template per recipient (an account id, or an address)."""
    return f"{template}:{cause}:to-{recipient}"


def queue_email(
    *,
    template: str,
    to: str,
    language: str,
    context: dict[str, Any],
    key: str,
    subject: models.Model | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> OutboundEmail | None:
    """Write the outbox row in the caller's transaction and enqueue it on commit.

    ``attachments``: files to send with it, ``{"path": <storage name>, "filename": <name
    shown>, "content_type": ...}`` each, or ``"content"`` (base64) instead of ``"path"``
    for a few kilobytes made for this e-mail. Returns None when an e-mail
    with this ``key`` exists already.
    """
    row, created = OutboundEmail.objects.get_or_create(
        dedupe_key=key,
        defaults={
            "template": template,
            "recipient": to,
            "language": language or settings.LANGUAGE_CODE,
            "context": context,
            "subject_type": ContentType.objects.get_for_model(subject) if subject is not None else None,
            "subject_id": subject.pk if subject is not None else None,
            "attachments": list(attachments or []),
        },
    )
    if not created:
        return None
    transaction.on_commit(partial(tasks.enqueue, row.pk), robust=True)
    return row


@dataclass(frozen=True)
class Email:
    """One e-mail to queue with :func:`queue_emails`: the arguments of :func:`queue_email`."""

    template: str
    to: str
    language: str
    context: dict[str, Any]
    key: str
    subject: models.Model | None = None


# What :func:`queue_emails` gives each row, in this order.
EMAIL_NAMES = ("template", "recipient", "language", "context", "subject_type_id", "subject_id", "dedupe_key")


def queue_emails(emails: list[Email], *, new_causes: bool = False) -> set[str]:
    """Many e-mails at once (a sweep's batch), in the caller's transaction: one insert
    for all of them (a key that exists already is skipped, as :func:`queue_email` does)
    and, on commit, one task that hands them to the send task
    (:func:`tasks.enqueue_many`). If the broker is down then, they wait as pending rows
    for the outbox sweep. Returns the keys written.

    ``new_causes``: the caller has just written the events its keys name (a sweep's
    batch), so no key can exist yet; the look-up of existing keys is skipped, and a
    duplicate would fail the caller's transaction instead of being skipped."""
    if not emails:
        return set()
    types: dict[type, ContentType] = {}

    def subject_type_id(subject: models.Model | None) -> int | None:
        if subject is None:
            return None
        model = type(subject)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(subject)
        return types[model].pk

    existing: set[str] = set()
    if not new_causes:
        keys = [email.key for email in emails]
        existing = set(OutboundEmail.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    default_language = settings.LANGUAGE_CODE
    # The values of each row (EMAIL_NAMES; the other fields take their defaults). By id,
    # not through the relation's descriptor, and without an OutboundEmail per row in the
    # fast path: thousands of rows a batch.
    values = [
        (
            email.template,
            email.to,
            email.language or default_language,
            email.context,
            subject_type_id(email.subject),
            email.subject.pk if email.subject is not None else None,
            email.key,
        )
        for email in {email.key: email for email in emails if email.key not in existing}.values()
    ]
    written = [row[-1] for row in values]
    if new_causes:
        ids = insert_rows(OutboundEmail, EMAIL_NAMES, values)  # no key can exist: the fast path, which gives the ids
    else:
        rows = [OutboundEmail(**dict(zip(EMAIL_NAMES, row, strict=True))) for row in values]
        # ignore_conflicts: a concurrent writer of the same key wins; its row is the e-mail.
        OutboundEmail.objects.bulk_create(rows, ignore_conflicts=True)
        ids = list(
            OutboundEmail.objects.filter(dedupe_key__in=written, status=OutboxStatus.PENDING).values_list("pk", flat=True)
        )
    if ids:
        transaction.on_commit(partial(tasks.enqueue_many, ids), robust=True)
    return set(written)
@transaction.atomic
def retry_failed(ids: Iterable[int], *, now: datetime) -> list[int]:
    """Put the rows among ``ids`` that failed for good back to pending, and enqueue each
    once on commit. Returns the ids retried; a row that is not failed (pending, being
    sent, sent) is left as it is, and so is one another admin retried meanwhile.

    The attempts start again from zero, like a new row's; ``last_error`` stays, so that
    the admin still sees why it failed until it is sent (sending clears it). The sweep
    leaves the row alone for as long as it leaves a new row (``delivery.SWEEP_AFTER``)
    rather than enqueueing it a second time next minute: it is old enough to look like
    a row whose enqueue was lost.
    """
    # The lock makes two admins retrying the same row at once retry it once: the second
    # one waits, then finds it pending (PostgreSQL re-checks the status of a locked row).
    retried = list(
        OutboundEmail.objects.select_for_update()
        .filter(pk__in=list(ids), status=OutboxStatus.FAILED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not retried:
        return []
    OutboundEmail.objects.filter(pk__in=retried, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.PENDING,
        attempts=0,
        claimed_at=None,
        claim_token="",
        next_attempt_at=now + delivery.SWEEP_AFTER,
    )
    for pk in retried:
        transaction.on_commit(partial(tasks.enqueue, pk), robust=True)
    return retried
