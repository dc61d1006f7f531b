"""Celery tasks of the outbox, and handing rows to Celery. All are safe to run twice.

Beat schedule (settings): ``dispatch_pending_emails`` every minute. A row is handed to
Celery on commit (:func:`enqueue`); if the broker is down at that moment, nothing is lost:
the row stays ``pending`` and the sweep (:func:`dispatch_pending`) enqueues it again later.
Sending itself is ``notifications/delivery.py``.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.utils import timezone

from . import delivery

logger = logging.getLogger(__name__)

EMAIL_MAX_RETRIES = 8
EMAIL_BACKOFF = 60  # seconds before the first retry, doubling up to the maximum
EMAIL_BACKOFF_MAX = 60 * 60
# No send lasts longer: the pool kills the child (prefork only). delivery.STALE_SENDING,
# after which the sweep gives the row to another worker, is longer than this.
SEND_TIME_LIMIT = 2 * 60
# How often a message the mail server accepted is recorded again while the database is
# away: well inside delivery.STALE_SENDING, so that once the database is back the record
# lands before the sweep could take the row for a send that died and mail it again.
RECORD_RETRY_SECONDS = 10
# What we retry: the mail server failing (smtplib.SMTPException and socket errors are
# OSErrors) and the database going away (a restart, a failover).
RETRY_ON = (OSError, OperationalError, InterfaceError)


def _drop_broken_connection() -> None:
    """A connection that failed may be dead; the retry, in this same process, needs a
    fresh one. (Inside a transaction — an eager task in a test — it is not ours to
    close.)"""
    if not connection.in_atomic_block:
        with contextlib.suppress(DatabaseError):
            connection.close()


SEND_OPTIONS = {
    "bind": True,
    "autoretry_for": RETRY_ON,
    "retry_backoff": EMAIL_BACKOFF,
    "retry_backoff_max": EMAIL_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": EMAIL_MAX_RETRIES,
    "acks_late": True,
    "time_limit": SEND_TIME_LIMIT,
}
RECORD_OPTIONS = {
    "bind": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": False,
    "default_retry_delay": RECORD_RETRY_SECONDS,
    # For as long as the database is away: the message is out, only its record is missing.
    "max_retries": None,
    "acks_late": True,
}


def _send_outbound_email(self, outbox_id: int) -> str:
    # The task id is the claim token: a redelivery of this task takes over its own claim.
    token = self.request.id or ""
    retries = self.request.retries or 0
    # The longest wait Celery may choose for the next retry (it jitters below it); the
    # sweep leaves the row alone until then.
    retry_in = timedelta(
        seconds=get_exponential_backoff_interval(
            factor=EMAIL_BACKOFF, retries=retries, maximum=EMAIL_BACKOFF_MAX, full_jitter=False
        )
    )
    try:
        return delivery.deliver(
            outbox_id, token=token, final_attempt=retries >= EMAIL_MAX_RETRIES, retry_in=retry_in
        )
    except delivery.SentButNotRecorded:
        _drop_broken_connection()
        logger.warning("outbound e-mail %s was sent but not recorded; recording it later", outbox_id)
        try:
            record_accepted_email.apply_async((outbox_id, token), countdown=RECORD_RETRY_SECONDS, retry=False)
        except Exception:  # the broker is away too: nothing left to keep the record with
            logger.error(
                "outbound e-mail %s was accepted by the mail server and cannot be recorded: the sweep may send "
                "it again (with the same Message-ID)",
                outbox_id,
                exc_info=True,
            )
        return delivery.Outcome.SENT
    except (OperationalError, InterfaceError):
        _drop_broken_connection()
        raise


def _record_accepted_email(self, outbox_id: int, token: str) -> str:
    """Record a message the mail server accepted while the database was away; never send
    it again. At a fixed pace, not the send backoff (minutes), after which the sweep
    would take the row for a send that died and mail it again."""
    try:
        recorded = delivery.record_sent(outbox_id, token=token)
    except (OperationalError, InterfaceError):
        _drop_broken_connection()
        raise
    if not recorded:
        logger.error(
            "outbound e-mail %s was accepted by the mail server, but the row was taken over before it could "
            "be recorded: it may reach its recipient twice (with the same Message-ID)",
            outbox_id,
        )
    return delivery.Outcome.SENT


send_outbound_email = shared_task(name="notifications.tasks.send_outbound_email", **SEND_OPTIONS)(_send_outbound_email)
record_accepted_email = shared_task(name="notifications.tasks.record_accepted_email", **RECORD_OPTIONS)(
    _record_accepted_email
)


@shared_task
def dispatch_pending_emails() -> int:
    return dispatch_pending()


def enqueue(outbox_id: int) -> bool:
    """Hand a row to Celery. A broker that is down is not the caller's problem: the row
    stays pending and the sweep picks it up."""
    try:
        # Once, without kombu's publish retries: they would hold the web request for
        # seconds while the broker is down, and the sweep covers a miss anyway.
        send_outbound_email.apply_async((outbox_id,), retry=False)
    except Exception:  # kombu's OperationalError, a refused connection, a DNS failure...
        logger.warning("could not enqueue outbound e-mail %s; the sweep will retry", outbox_id, exc_info=True)
        return False
    return True


@shared_task(acks_late=True)
def enqueue_emails(outbox_ids: list[int]) -> int:
    """Hand many rows to the send task from a worker (what :func:`enqueue_many` asks
    for): the sweep that queued them does not wait for one broker round trip each."""
    return sum(1 for pk in outbox_ids if enqueue(pk))


def enqueue_many(outbox_ids: list[int]) -> bool:
    """After commit: one task that hands these rows to the send task (what a sweep's
    batch asks for instead of one broker round trip per e-mail). A broker that is down
    is not the caller's problem: the rows stay pending for the sweep."""
    try:
        # The ids' count in the logs, not the ids: a batch's list costs Celery more to
        # write out (saferepr) than the rest of the message.
        enqueue_emails.apply_async((outbox_ids,), retry=False, argsrepr=f"[{len(outbox_ids)} ids]")
    except Exception:  # kombu's OperationalError, a refused connection...
        logger.warning("could not enqueue %d outbound e-mails; the sweep will retry", len(outbox_ids), exc_info=True)
        return False
    return True


def dispatch_pending(*, now: datetime | None = None, limit: int = delivery.SWEEP_BATCH) -> int:
    """Enqueue the rows that should have gone out by now (see
    :func:`delivery.due_for_sweep`). Returns how many were handed to Celery."""
    ids = delivery.due_for_sweep(now=now or timezone.now(), limit=limit)
    return sum(1 for pk in ids if enqueue(pk))
