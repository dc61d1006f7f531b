"""Clearing up what a crash or time leaves behind on the consultation desk: stored files
that no row references (in every folder of the desk: ``orphan_folders``), Django's
temporary upload files, and old one-time form tokens. Run by the beat task
``consultations.tasks.clean_up_intake`` every night and by ``manage.py
clean_orphan_uploads``. The sweeps themselves are ``files.housekeeping``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import FileField
from django.utils import timezone

from core.models import FormSubmission
from files.housekeeping import ORPHAN_AGE, remove_orphan_files, remove_stale_upload_temp_files
from files.storage import discard

from .models import AnswerLetter, Attachment, MeetingReport, VisitForm, VisitFormFile

TOKEN_AGE = timedelta(days=30)

__all__ = [
    "orphan_folders", "prune_expired_visit_forms", "prune_form_tokens", "remove_orphan_uploads",
    "remove_stale_upload_temp_files",
]


def orphan_folders() -> dict[str, tuple[FileField, ...]]:
    """The desk's storage folders (``<folder>/<2 hex>/<32 hex>``, ``files.storage``), each
    with the file fields whose rows may name a file in it."""
    attachment = Attachment._meta.get_field("file")
    return {
        "consultations": (attachment,),  # attachment_upload_to
        "letters": (AnswerLetter._meta.get_field("pdf"),),  # letter_pdf_upload_to: issued answer letters
        # A walk-in form's file is the form's until registration, then also the case's.
        "visits": (VisitFormFile._meta.get_field("file"), attachment),
        "reports": (MeetingReport._meta.get_field("pdf"),),  # approved meeting reports
    }


def remove_orphan_uploads(*, older_than: timedelta = ORPHAN_AGE, now: datetime | None = None) -> int:
    """Delete stored files of the desk (attachments, answer letters, walk-in forms' files,
    meeting reports) older than ``older_than`` that no row references (an upload, issue
    or approval whose transaction failed); return how many."""
    return remove_orphan_files(orphan_folders(), older_than=older_than, now=now)


def prune_expired_visit_forms(*, now: datetime | None = None) -> int:
    """Forget walk-in forms that expired unused, and their files: what a guest typed for
    a visit that never happened is kept no longer than the code (UU PDP)."""
    now = now or timezone.now()
    expired = VisitForm.objects.filter(used_at__isnull=True, expires_at__lte=now)
    discard(VisitFormFile.objects.filter(form__in=expired))
    deleted, _ = expired.delete()
    return deleted


def prune_form_tokens(*, older_than: timedelta = TOKEN_AGE, now: datetime | None = None) -> int:
    """Forget one-time form tokens nobody will post again (a month is far past any
    browser's resend)."""
    now = now or timezone.now()
    deleted, _ = FormSubmission.objects.filter(created_at__lt=now - older_than).delete()
    return deleted
