"""Clearing up what a crash leaves behind in storage, for any desk.

Why files can be orphans at all: services write uploads to storage before the
transaction that creates their rows commits (``files.storage``). If the process dies in
between — SIGKILL, the OOM killer, a power cut — the database rolls back and the files
stay with no row. They are never reachable (downloads go through rows only); these
sweeps make sure they do not stay forever. An orphan is taken only after a day: far
longer than any transaction, so a file whose row is still being committed is never taken.

Every folder a FileField writes into is swept: each desk declares its folders with the
file fields whose rows may name a file there (``orphan_folders()`` in
``consultations.housekeeping`` and ``complaints.tasks``), and a test compares them with
the folders the models' ``upload_to`` give (``upload_folder``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage
from django.db.models import FileField
from django.utils import timezone

logger = logging.getLogger(__name__)

ORPHAN_AGE = timedelta(days=1)
# A request's temporary upload files live while the request is read and handled: minutes.
UPLOAD_TEMP_AGE = timedelta(hours=1)


def remove_orphans(
    *,
    storage: Storage,
    folder: str,
    known: Callable[[list[str]], set[str]],
    older_than: timedelta = ORPHAN_AGE,
    now: datetime | None = None,
) -> int:
    """Delete files under ``folder`` (laid out by ``storage.random_name``: one level of
    sub-folders) older than ``older_than`` whose names ``known`` does not return; return
    how many. ``known(names)`` answers with one query per sub-folder (at most 256)."""
    cutoff = (now or timezone.now()) - older_than
    try:
        subfolders, _ = storage.listdir(folder)
    except FileNotFoundError:
        return 0
    removed = 0
    for sub in sorted(subfolders):
        _, files = storage.listdir(f"{folder}/{sub}")
        names = [f"{folder}/{sub}/{name}" for name in files]
        if not names:
            continue
        referenced = known(names)
        for name in names:
            if name in referenced or storage.get_modified_time(name) > cutoff:
                continue
            storage.delete(name)
            removed += 1
    if removed:
        logger.warning("removed %d stored files under %s that no row references (an interrupted upload)", removed, folder)
    return removed


def upload_folder(field: FileField) -> str:
    """The top folder ``field`` stores its files in (its ``upload_to`` asked for a name)."""
    return field.generate_filename(None, "probe.pdf").split("/", 1)[0]


def referenced_by(fields: Sequence[FileField]) -> Callable[[list[str]], set[str]]:
    """A ``known`` for :func:`remove_orphans`: the names any row of ``fields`` holds
    (one query per field)."""

    def known(names: list[str]) -> set[str]:
        found: set[str] = set()
        for field in fields:
            rows = field.model._default_manager.filter(**{f"{field.name}__in": names})
            found.update(rows.values_list(field.name, flat=True))
        return found

    return known


def remove_orphan_files(
    folders: Mapping[str, Sequence[FileField]], *, older_than: timedelta = ORPHAN_AGE, now: datetime | None = None
) -> int:
    """:func:`remove_orphans` for each folder of ``folders``: a file there is kept while
    a row of any of its fields names it (the storage is the first field's)."""
    return sum(
        remove_orphans(storage=fields[0].storage, folder=folder, known=referenced_by(fields), older_than=older_than,
                       now=now)
        for folder, fields in folders.items()
    )


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
