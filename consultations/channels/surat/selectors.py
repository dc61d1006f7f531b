"""Reads of the letter channel: the letter desk's sections, the directorates a letter may
be routed to, the checklist that applies to a sender, a letter by its tracking token,
an answer letter by its case or its verification code, where a letter is (for its
sender), and what the disposition sheet and the answer letter's PDFs say."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Directorate, Role, User
from accounts.roles import CASEWORKER_ROLES
from consultations.channels import Channel, spec
from consultations.channels.daring.selectors import reports_pending
from consultations.models import (
    AnswerDraft,
    AnswerKind,
    AnswerLetter,
    Classification,
    Consultation,
    Disposition,
    DispositionTick,
    DraftReview,
    IncomingLetter,
    LetterNature,
    ReviewDecision,
    ReviewStage,
    SenderKind,
    Urgency,
)
from consultations.workflow import Status

from . import emails as letter_emails

# The most rows a section of the letter desk shows.
DESK_SECTION_ROWS = 200


def desk_sections(*, user: User, now: datetime) -> list[tuple[str, str, list[Consultation]]]:
    """The letter desk as ``user`` sees it, ``(title, anchor, cases)`` per section: the
    secretariat's letters and invitations to check and those returned; for everyone,
    those waiting for the Director's receipt, those in hand, and the meetings held
    whose report is pending (``daring.selectors.reports_pending``). Directors and team
    leads see their directorate's only."""
    cases = Consultation.objects.filter(channel__in=[Channel.SURAT, Channel.DARING]).select_related(
        "letter", "directorate", "assignee"
    )
    if user.role in CASEWORKER_ROLES:
        cases = cases.filter(directorate_id=user.directorate_id)
    secretariat = user.role in (Role.FRONT_DESK, Role.ADMIN)
    sections = []
    if secretariat:
        sections.append(
            (_("Menunggu pemeriksaan kelengkapan"), "periksa",
             cases.filter(status=Status.REGISTERED, letter__checked_at__isnull=True).order_by("submitted_at", "id"))
        )
    sections.append(
        (_("Menunggu diterima Direktur"), "terima",
         cases.filter(status=Status.REGISTERED, letter__checked_at__isnull=False).order_by("-is_priority", "submitted_at", "id"))
    )
    sections.append(
        (_("Sedang ditangani"), "ditangani", cases.filter(status__in=[Status.SUBMITTED, Status.ASSIGNED]).queue_order())
    )
    if secretariat:
        sections.append(
            (_("Dikembalikan kepada pengirim"), "dikembalikan",
             cases.filter(status=Status.RETURNED).order_by("-updated_at", "-id")[:50])
        )
    sections.append((_("Laporan rapat tertunda"), "laporan", reports_pending(cases, now=now)))
    return [(title, anchor, list(rows[:DESK_SECTION_ROWS])) for title, anchor, rows in sections]


def directorates() -> list[Directorate]:
    """The directorates a letter may be routed to (the registration's and the checklist's
    choice)."""
    return list(Directorate.objects.all())


def answer_letter_for(*, case: Consultation) -> AnswerLetter | None:
    """The case's issued answer letter, or None before it is issued."""
    return AnswerLetter.objects.filter(consultation=case).first()


def verification_code(typed: str) -> str:
    """A verification code as stored (``9F3A-61C0-E27B-5D84``; three groups on letters
    issued before issue 24), however typed: any case, with or without dashes or spaces;
    anything else as typed, upper case (it matches nothing)."""
    compact = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    if len(compact) in (12, 16) and all(ch in "0123456789ABCDEF" for ch in compact):
        return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return (typed or "").upper()


def answer_letter_by_code(*, code: str) -> AnswerLetter | None:
    """The answer letter a printed verification code names (any case, dashes or not),
    with its case and directorate for the verification page; None if none."""
    return (
        AnswerLetter.objects.filter(verification_code=verification_code(code))
        .select_related("consultation", "consultation__directorate")
        .first()
    )


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
    """What the disposition sheet (``pdf/disposition-sheet.html``) says. The urgency and
    the classification at its head are those of the latest disposition (a team lead's
    form starts from the Director's); labels stay lazy, so they print in the PDF's
    language."""
    dispositions = list(Disposition.objects.filter(consultation=case).select_related("from_user", "to_user"))
    latest = dispositions[-1] if dispositions else None
    return {
        "case_number": case.number,
        "agenda_number": letter.agenda_number,
        "urgency": Urgency(latest.urgency).label if latest else "",
        "classification": Classification(latest.classification).label if latest else "",
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
                "urgency": Urgency(item.urgency).label,
                "classification": Classification(item.classification).label,
            }
            for item in dispositions
        ],
    }


def signer_position(director: User, directorate: Directorate, language: str) -> str:
    name = directorate.name_en if language == "en" else directorate.name
    if language == "en":
        return name.replace("Directorate of", "Director of", 1)
    return name.replace("Direktorat", "Direktur", 1)


def director_approval(draft: AnswerDraft) -> DraftReview | None:
    """The Director's approval of ``draft`` (its "Sifat" and copies), if given."""
    return draft.reviews.filter(stage=ReviewStage.DIRECTOR, decision=ReviewDecision.APPROVE).first()


_ONES = {
    "id": ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"],
    "en": ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
           "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"],
}
_TENS_EN = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def count_in_words(number: int, language: str) -> str:
    """1 to 99 in words, as letters write a count ("1 (satu) berkas", "1 (one) file");
    ``""`` outside that range."""
    if not 0 < number < 100:
        return ""
    ones = _ONES["en" if language == "en" else "id"]
    if language == "en":
        if number < 20:
            return ones[number]
        tens, unit = divmod(number, 10)
        return _TENS_EN[tens] + (f"-{ones[unit]}" if unit else "")
    if number < 12:
        return ones[number]
    tens, unit = divmod(number, 10)
    if tens == 1:
        return f"{ones[unit]} belas"
    return f"{ones[tens]} puluh" + (f" {ones[unit]}" if unit else "")


def letter_context(case: Consultation, letter: IncomingLetter, draft: AnswerDraft, issued: AnswerLetter) -> dict:
    """What the answer letter's PDF (``pdf/answer-letter.html``) says: with the
    Director's approval's "Sifat" and copies ("Tembusan"), and the enclosures counted
    from the approved version's attachments."""
    approval = director_approval(draft)
    enclosures = draft.attachments.count()
    with translation.override(issued.language):
        kinds = AnswerKind.labels_of(draft.kinds)
        directorate_name = case.directorate.name_en if issued.language == "en" else case.directorate.name
        nature = str(LetterNature((approval and approval.nature) or LetterNature.BIASA).label)
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
        "enclosures": enclosures,
        "enclosures_in_words": count_in_words(enclosures, issued.language),
        "nature": nature,
        "copies": list(approval.copies) if approval else [],
    }
