"""Issuing the answer letter (the letter channel's output, SK 234/2024): the next
outgoing number of the year, the PDF on the letterhead rendered once and stored with
its SHA-256, the clock stopped, the letter e-mailed as an attachment."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Directorate, User
from consultations import policies
from consultations.channels import check_step
from consultations.errors import NotAllowed
from consultations.models import (
    AnswerLetter,
    Consultation,
    EventType,
    LetterSettings,
    OutgoingCounter,
)
from consultations.services.common import lock, record, run_clock, sync
from consultations.workflow import Step
from core.pdf import PdfError, render_pdf
from files.storage import discard

from . import emails as letter_emails
from .drafting import DraftState, draft_state, latest_draft
from .selectors import letter_context, signer_position
from .services import letter_of_locked

__all__ = ["issue_answer_letter"]

def _next_outgoing_number(*, directorate: Directorate, now: datetime) -> tuple[str, int, int]:
    """The next number of the year (the counter row stays locked until commit: gapless),
    formatted by the admin's setting."""
    local = timezone.localtime(now)
    try:
        # A savepoint: losing the race to create the year's row must not break the
        # issuing transaction (as for case numbers, ``intake.allocate_case_number``).
        with transaction.atomic():
            OutgoingCounter.objects.get_or_create(year=local.year)
    except IntegrityError:
        pass  # created by a concurrent issue meanwhile; locked below
    counter = OutgoingCounter.objects.select_for_update().get(year=local.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    settings_row = LetterSettings.objects.first() or LetterSettings()
    number = settings_row.format_number(
        seq=counter.last_number, code=directorate.letter_code or directorate.code, month=local.month, year=local.year
    )
    return number, local.year, counter.last_number


def _verification_code() -> str:
    """``9F3A-61C0-E27B-5D84``: 64 random bits in hexadecimal, four groups of four (letters
    issued before issue 24 carry 48 bits, three groups, and still verify). Guessing is
    throttled besides (docs/decisions/0012-codes-and-throttles.md)."""
    raw = secrets.token_hex(8).upper()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def issue_answer_letter(*, consultation: Consultation, actor: User, now: datetime | None = None) -> AnswerLetter:
    """The Director issues the approved answer: the next outgoing number, the PDF on the
    letterhead (rendered once, stored with its SHA-256, never re-rendered), the clock
    stopped, the letter e-mailed as an attachment to the contact address. If the PDF
    cannot be rendered nothing changes: the approved version waits to be issued again."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_issue_answer_letter(actor, case):
        raise NotAllowed(_("Hanya Direktur direktorat ini yang dapat menerbitkan surat jawaban."))
    target = check_step(Step.ISSUE_ANSWER_LETTER, case.status, channel=case.channel)
    letter = letter_of_locked(case)
    draft = latest_draft(case)
    if draft_state(draft) != DraftState.APPROVED:
        raise ValidationError(
            {"__all__": _("Surat jawaban hanya dapat diterbitkan setelah versi terakhirnya disetujui Direktur.")},
            code="not_approved",
        )
    number, year, sequence = _next_outgoing_number(directorate=case.directorate, now=now)
    issued = AnswerLetter(
        consultation=case,
        draft=draft,
        number=number,
        year=year,
        sequence=sequence,
        verification_code=_verification_code(),
        signed_by=actor,
        signer_name=actor.full_name,
        signer_position=signer_position(actor, case.directorate, case.language),
        language=case.language,
        issued_at=now,
    )
    try:
        content = render_pdf("answer-letter", letter_context(case, letter, draft, issued), language=case.language)
    except PdfError as exc:
        raise ValidationError(
            {"__all__": _("Surat jawaban gagal dibuat sebagai PDF; tidak ada yang berubah. Coba lagi sebentar lagi.")},
            code="pdf_failed",
        ) from exc
    issued.sha256 = hashlib.sha256(content).hexdigest()
    issued.size = len(content)
    issued.pdf.save(f"{number}.pdf", ContentFile(content), save=False)
    try:
        issued.save(force_insert=True)
        case.status = target
        fields = run_clock(case, Step.ISSUE_ANSWER_LETTER, now=now)
        case.save(update_fields=["status", "updated_at", *fields])
        event = record(
            case,
            type=EventType.ANSWER_LETTER_ISSUED,
            actor=actor,
            at=now,
            outgoing_number=number,
            sha256=issued.sha256,
            on_time=case.completed_on_time,
        )
        letter_emails.queue_answer_letter(case, issued, event)
    except BaseException:
        discard([issued], field="pdf")
        raise
    sync(consultation, case)
    return issued


