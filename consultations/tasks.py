"""Celery tasks of the consultations app. All are safe to run twice.

Beat schedule (settings): ``recompute_open_deadlines`` once a night as a safety net behind
the calendar signal, and ``clean_up_intake`` once a night. The e-mails' tasks are in
``notifications/tasks.py``.
"""

from __future__ import annotations

from celery import shared_task


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


@shared_task
def refresh_dashboard_rollup() -> int:
    """Every ``DASHBOARD_REFRESH_MINUTES``: rebuild the SLA dashboard's monthly rollup;
    the milliseconds it took. Runs serialised (``rollup.refresh_rollup`` locks)."""
    from .rollup import refresh_rollup

    return refresh_rollup().duration_ms
