"""Celery tasks of the consultations app. All are safe to run twice.

Beat schedule (settings): ``clean_up_intake`` once a night, and ``send_daily_digests`` at
07:00 WIB on weekdays (holidays are skipped by the function itself). The deadline sweep
and recompute of every desk are ``core/tasks.py``'s (the desk's hooks:
``services/deadlines.py``); the e-mails' tasks are in ``notifications/tasks.py``.
"""

from __future__ import annotations

from celery import shared_task


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
