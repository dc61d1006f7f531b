"""Clearing up what a crash or time leaves behind on the consultation desk: stored files
that no attachment row references, Django's temporary upload files, and old one-time
form tokens. Run by the beat task ``consultations.tasks.clean_up_intake`` every night
and by ``manage.py clean_orphan_uploads``. The sweeps themselves are ``files.housekeeping``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from core.models import FormSubmission
from files.housekeeping import ORPHAN_AGE, remove_orphans, remove_stale_upload_temp_files
from files.storage import discard

from .models import AnswerLetter, Attachment, VisitForm, VisitFormFile

TOKEN_AGE = timedelta(days=30)
# attachment_upload_to puts every file under consultations/<2 hex>/<32 hex>.
UPLOAD_ROOT = "consultations"
# letter_pdf_upload_to puts issued answer letters under letters/<2 hex>/<32 hex>.
LETTER_ROOT = "letters"
# Walk-in forms' files (VisitFormFile, RandomName("visits")).
VISIT_ROOT = "visits"

__all__ = ["prune_expired_visit_forms", "prune_form_tokens", "remove_orphan_uploads", "remove_stale_upload_temp_files"]


def remove_orphan_uploads(*, older_than: timedelta = ORPHAN_AGE, now: datetime | None = None) -> int:
    """Delete stored attachment files and answer-letter PDFs older than ``older_than``
    that no row references (an upload or an issue whose transaction failed); return how many."""
    removed = remove_orphans(
        storage=Attachment._meta.get_field("file").storage,
        folder=UPLOAD_ROOT,
        known=lambda names: set(Attachment.objects.filter(file__in=names).values_list("file", flat=True)),
        older_than=older_than,
        now=now,
    )
    removed += remove_orphans(
        storage=AnswerLetter._meta.get_field("pdf").storage,
        folder=LETTER_ROOT,
        known=lambda names: set(AnswerLetter.objects.filter(pdf__in=names).values_list("pdf", flat=True)),
        older_than=older_than,
        now=now,
    )
    # A walk-in form's file is the form's until registration, then also the case's.
    return removed + remove_orphans(
        storage=VisitFormFile._meta.get_field("file").storage,
        folder=VISIT_ROOT,
        known=lambda names: set(VisitFormFile.objects.filter(file__in=names).values_list("file", flat=True))
        | set(Attachment.objects.filter(file__in=names).values_list("file", flat=True)),
        older_than=older_than,
        now=now,
    )


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
