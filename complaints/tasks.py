"""Beat task of the complaints desk, safe to run twice: nightly, the removal of letter
scans whose complaint was never committed (a process killed between storing and
committing). The deadline sweep and recompute are every desk's, in ``core/tasks.py``
(this desk's hooks: ``sweep.py``)."""

from __future__ import annotations

from celery import shared_task


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
