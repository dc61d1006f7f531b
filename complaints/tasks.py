"""Beat task of the complaints desk, safe to run twice: nightly, the removal of letter
scans whose complaint was never committed (a process killed between storing and
committing). The deadline sweep and recompute are every desk's, in ``core/tasks.py``
(this desk's hooks: ``sweep.py``)."""

from __future__ import annotations

from celery import shared_task


def orphan_folders() -> dict:
    """The desk's storage folder and the file field whose rows name the files in it."""
    from .models import Complaint

    return {"complaints": (Complaint._meta.get_field("scan"),)}


@shared_task
def remove_orphan_scans() -> int:
    from files.housekeeping import remove_orphan_files

    return remove_orphan_files(orphan_folders())
