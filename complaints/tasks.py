"""Beat tasks of the complaints desk, both safe to run twice: the deadline sweep every
minute (``sweep.sweep_complaints``) and, nightly, the removal of letter scans whose
complaint was never committed (a process killed between storing and committing)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, expires=55)
def sweep_complaints() -> dict[str, int]:
    from .sweep import sweep_complaints as sweep

    report = sweep()
    return {"breached": report.breached, "at_risk": report.at_risk}


@shared_task
def remove_orphan_scans() -> int:
    from django.core.files.storage import default_storage

    from files.housekeeping import remove_orphans

    from .models import Complaint

    return remove_orphans(
        storage=default_storage,
        folder="complaints",
        known=lambda names: set(Complaint.objects.filter(scan__in=names).values_list("scan", flat=True)),
    )
