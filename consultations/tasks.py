"""Celery tasks of the consultations app. All are safe to run twice.

Beat schedule (settings): ``sweep_deadlines`` every minute (breaches, at-risk reminders),
``recompute_open_deadlines`` once a night as a safety net behind the calendar signal,
``clean_up_intake`` once a night, and ``send_daily_digests`` at 07:00 WIB on weekdays
(holidays are skipped by the function itself). The e-mails' tasks are in
``notifications/tasks.py``.
"""

from __future__ import annotations

from celery import shared_task


# The sweep claims its rows per batch and commits each: a worker killed mid-sweep loses
# at most one uncommitted batch, which the redelivered task (acks_late,
# reject_on_worker_lost) or the next minute's sweep does again. A sweep that waited in
# the queue past the next one's start is dropped (expires): the next one does its work.
@shared_task(acks_late=True, reject_on_worker_lost=True, expires=55)
def sweep_deadlines() -> dict[str, int]:
    from .services import sweep_deadlines as sweep

    report = sweep()
    return {"breached": report.breached, "at_risk": report.at_risk, "batches": report.batches}


@shared_task
def recompute_open_deadlines() -> int:
    from .services import recompute_open_deadlines as recompute

    return recompute()


@shared_task
def clean_up_intake() -> dict[str, int]:
    """Nightly: stored files no attachment references (a web process killed mid-upload),
    this host's stale temporary upload files, one-time form tokens past any resend, and
    walk-in forms that expired unused (with their files).
    See ``consultations/housekeeping.py``."""
    from .housekeeping import (
        prune_expired_visit_forms,
        prune_form_tokens,
        remove_orphan_uploads,
        remove_stale_upload_temp_files,
    )

    return {
        "orphan_files": remove_orphan_uploads(),
        "upload_temp_files": remove_stale_upload_temp_files(),
        "form_tokens": prune_form_tokens(),
        "expired_visit_forms": prune_expired_visit_forms(),
    }


@shared_task
def send_daily_digests() -> int:
    """Weekday mornings: the deadline digest of each director who chose it (once per
    director and date; see ``consultations/notices.py``)."""
    from django.utils import timezone

    from .notices import send_daily_digests as send

    return send(now=timezone.now())


@shared_task
def refresh_dashboard_rollup() -> int:
    """Every ``DASHBOARD_REFRESH_MINUTES``: rebuild the SLA dashboard's monthly rollup;
    the milliseconds it took. Runs serialised (``rollup.refresh_rollup`` locks)."""
    from .rollup import refresh_rollup

    return refresh_rollup().duration_ms
