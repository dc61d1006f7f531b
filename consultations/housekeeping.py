"""Clearing up what a crash or time leaves behind: stored files that no attachment row
references, Django's temporary upload files, and old one-time form tokens. Run by the beat task
``consultations.tasks.clean_up_intake`` every night and by ``manage.py
clean_orphan_uploads``.

Why files can be orphans at all: the services write uploads to storage before the
transaction that creates their rows commits (slow storage must not hold the case number's
lock). If the process dies in between — SIGKILL, the OOM killer, a power cut — the
database rolls back, and the files stay with no row. They are never reachable (downloads
go through ``Attachment`` rows only); this job makes sure they do not stay forever. It
waits a day before it deletes a file: far longer than any transaction, so a file whose
row is still being committed is never taken.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import Attachment, FormSubmission

logger = logging.getLogger(__name__)

ORPHAN_AGE = timedelta(days=1)
# A request's temporary upload files live while the request is read and handled: minutes.
UPLOAD_TEMP_AGE = timedelta(hours=1)
TOKEN_AGE = timedelta(days=30)
# attachment_upload_to puts every file under consultations/<2 hex>/<32 hex>.
UPLOAD_ROOT = "consultations"


def _storage():
    return Attachment._meta.get_field("file").storage


def remove_orphan_uploads(*, older_than: timedelta = ORPHAN_AGE, now: datetime | None = None) -> int:
    """Delete stored files under the attachments' folder that are older than
    ``older_than`` and referenced by no ``Attachment``; return how many. One query per
    folder (at most 256), so it stays cheap with many files."""
    now = now or timezone.now()
    cutoff = now - older_than
    storage = _storage()
    try:
        folders, _ = storage.listdir(UPLOAD_ROOT)
    except FileNotFoundError:
        return 0
    removed = 0
    for folder in sorted(folders):
        _, files = storage.listdir(f"{UPLOAD_ROOT}/{folder}")
        names = [f"{UPLOAD_ROOT}/{folder}/{name}" for name in files]
        if not names:
            continue
        known = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
        for name in names:
            if name in known or storage.get_modified_time(name) > cutoff:
                continue
            storage.delete(name)
            removed += 1
    if removed:
        logger.warning("removed %d stored files that no attachment references (an interrupted upload)", removed)
    return removed


def remove_stale_upload_temp_files(*, older_than: timedelta = UPLOAD_TEMP_AGE) -> int:
    """Delete Django's temporary upload files (``FILE_UPLOAD_TEMP_DIR``) older than
    ``older_than``: a request deletes its own when it ends, so older ones were left by a
    process killed while reading or handling an upload. They are per host; each web
    process sweeps its host's folder when it starts (advokasi/wsgi.py), right after the
    one it replaces was killed."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in folder.glob("*.upload*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another process swept it first
            continue
    if removed:
        logger.warning("removed %d temporary upload files left by an interrupted request", removed)
    return removed


def prune_form_tokens(*, older_than: timedelta = TOKEN_AGE, now: datetime | None = None) -> int:
    """Forget one-time form tokens nobody will post again (a month is far past any
    browser's resend)."""
    now = now or timezone.now()
    deleted, _ = FormSubmission.objects.filter(created_at__lt=now - older_than).delete()
    return deleted
