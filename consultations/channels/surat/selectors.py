"""Reads of the letter channel: the checklist that applies to a sender, a letter by its
tracking token, where a letter is (for its sender), and what the disposition sheet and
the answer letter's PDFs say."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Directorate, User
from consultations.channels import spec
from consultations.models import (
    AnswerDraft,
    AnswerKind,
    AnswerLetter,
    Consultation,
    Disposition,
    DispositionTick,
    IncomingLetter,
    SenderKind,
)
from consultations.workflow import Status

from . import emails as letter_emails


def tracking_digest(token: str) -> str:
    """What is stored of a tracking token (the token itself is only in the e-mail)."""
    return hashlib.sha256(token.encode()).hexdigest()


def letter_requirements(letter: IncomingLetter):
    """The channel's checklist items (registry) that apply to this sender."""
    institution = letter.sender_kind == SenderKind.INSTITUTION
    requirements = spec(letter.consultation.channel).requirements
    return [item for item in requirements if institution or not item.institutions_only]


def track(token: str) -> Consultation | None:
    """The letter case a tracking token opens, or None (same answer for a wrong token as
    for none)."""
    if not token or len(token) > 64:
        return None
    letter = (
        IncomingLetter.objects.filter(tracking_digest=tracking_digest(token))
        .select_related("consultation", "consultation__directorate")
        .first()
    )
    return letter.consultation if letter else None


def progress(case: Consultation) -> list[tuple[str, datetime | None, bool]]:
    """The sender's view: registered -> received by the Director -> in progress ->
    answered (or, for a meeting called off for good, cancelled), each with its time once
    reached ``(label, at, reached)``."""
    letter = case.letter
    if case.status == Status.RETURNED:
        return [
            (_("Terdaftar"), letter.registered_at, True),
            (_("Dikembalikan karena persyaratan belum lengkap"), letter.checked_at, True),
        ]
    in_progress = case.status in (Status.ASSIGNED, Status.DELIVERED, Status.CANCELLED)
    first_disposition = (
        Disposition.objects.filter(consultation=case).order_by("at").values_list("at", flat=True).first()
        if in_progress
        else None
    )
    if case.status == Status.CANCELLED:  # closed without output: no "answered" step to wait for
        last = (str(Status.CANCELLED.label), case.completed_at, True)
    else:
        last = (str(case.channel_spec.delivered_label), case.completed_at, case.status == Status.DELIVERED)
    return [
        (_("Terdaftar"), letter.registered_at, True),
        (_("Diterima Direktur"), letter.received_at, letter.is_received),
        (_("Sedang ditangani"), first_disposition, in_progress),
        last,
    ]


def disposition_context(case: Consultation, letter: IncomingLetter) -> dict:
    """What the disposition sheet (``pdf/disposition-sheet.html``) says."""
    dispositions = Disposition.objects.filter(consultation=case).select_related("from_user", "to_user")
    return {
        "case_number": case.number,
        "received_at": letter.received_at,
        "due_at": case.due_at,
        "addressee": letter.get_addressee_display(),
        "letter_number": letter.letter_number,
        "letter_date": letter.letter_date,
        "sender_name": case.contact_name,
        "sender_institution": case.institution_name,
        "subject": case.subject,
        "directorate_name": case.directorate.localized_name,
        "printed_at": timezone.now(),
        "dispositions": [
            {
                "from_name": item.from_user.full_name,
                "from_position": item.from_user.get_role_display(),
                "to_name": item.to_user.full_name,
                "to_position": item.to_user.get_role_display(),
                "at": item.at,
                "ticks": [(label, value in item.ticks) for value, label in DispositionTick.choices],
                "instructions": item.instructions,
                "target_date": item.target_date,
            }
            for item in dispositions
        ],
    }


def signer_position(director: User, directorate: Directorate, language: str) -> str:
    name = directorate.name_en if language == "en" else directorate.name
    if language == "en":
        return name.replace("Directorate of", "Director of", 1)
    return name.replace("Direktorat", "Direktur", 1)


def letter_context(case: Consultation, letter: IncomingLetter, draft: AnswerDraft, issued: AnswerLetter) -> dict:
    """What the answer letter's PDF (``pdf/answer-letter.html``) says."""
    with translation.override(issued.language):
        kinds = AnswerKind.labels_of(draft.kinds)
        directorate_name = case.directorate.name_en if issued.language == "en" else case.directorate.name
    return {
        "outgoing_number": issued.number,
        "issued_at": issued.issued_at,
        "place": "Jakarta",
        "recipient_name": case.contact_name,
        "recipient_institution": case.institution_name,
        "sender_reference_number": letter.letter_number,
        "sender_reference_date": letter.letter_date,
        "subject": case.subject,
        "kinds": kinds,
        "body": draft.body,
        "director_name": issued.signer_name,
        "director_position": issued.signer_position,
        "directorate_name": directorate_name,
        "verification_code": issued.verification_code,
        "verification_url": letter_emails.verification_url(issued.verification_code),
        "case_number": case.number,
        # The enclosures of the issued version (sent with the letter's e-mail).
        "enclosures": draft.attachments.count(),
    }
