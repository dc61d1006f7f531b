"""Celery tasks of the consultations app. All are safe to run twice.

Beat schedule (settings): ``dispatch_pending_emails`` every minute, and
``recompute_open_deadlines`` once a night as a safety net behind the calendar signal.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from . import emails

EMAIL_MAX_RETRIES = 8
EMAIL_BACKOFF = 60  # seconds before the first retry, doubling up to the maximum
EMAIL_BACKOFF_MAX = 60 * 60


@shared_task(
    bind=True,
    # smtplib.SMTPException and socket errors are OSErrors.
    autoretry_for=(OSError,),
    retry_backoff=EMAIL_BACKOFF,
    retry_backoff_max=EMAIL_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=EMAIL_MAX_RETRIES,
    acks_late=True,
)
def send_outbound_email(self, outbox_id: int) -> str:
    retries = self.request.retries or 0
    # The longest wait Celery may choose for the next retry (it jitters below it); the
    # sweep leaves the row alone until then.
    retry_in = timedelta(
        seconds=get_exponential_backoff_interval(
            factor=EMAIL_BACKOFF, retries=retries, maximum=EMAIL_BACKOFF_MAX, full_jitter=False
        )
    )
    return emails.deliver(outbox_id, final_attempt=retries >= EMAIL_MAX_RETRIES, retry_in=retry_in)


@shared_task
def dispatch_pending_emails() -> int:
    return emails.dispatch_pending()


@shared_task
def recompute_open_deadlines() -> int:
    from .services import recompute_open_deadlines as recompute

    return recompute()


@shared_task
def clean_up_intake() -> dict[str, int]:
    """Nightly: stored files no attachment references (a web process killed mid-upload),
    this host's stale temporary upload files, and one-time form tokens past any resend.
    See ``consultations/housekeeping.py``."""
    from .housekeeping import prune_form_tokens, remove_orphan_uploads, remove_stale_upload_temp_files

    return {
        "orphan_files": remove_orphan_uploads(),
        "upload_temp_files": remove_stale_upload_temp_files(),
        "form_tokens": prune_form_tokens(),
    }
