"""The letter channel (SK 234/2024, channel 1), one function per step:

    register_letter (secretariat: paper or e-office) | upload_letter (applicant, portal)
        -> REGISTERED, no clock
    check_letter (secretariat, the channel's checklist item by item)
        complete   -> still REGISTERED, now on the Director's desk
        incomplete -> RETURNED, the sender told which items are missing; no clock ever
    receive_letter (the Director) -> SUBMITTED; the clock starts at receipt:
        due = end of the 15th working day after it (the registry's rule)
    dispose (the Director to a team lead or member; a team lead on to a member)
        -> ASSIGNED, with the disposition sheet's ticks and instructions
    write_draft (the assignee) -> a new version of the answer
    review_draft (team lead, then Director: approve, or return with notes)
    issue_answer_letter (the Director, once the latest version is approved)
        -> DELIVERED: numbered, rendered as a PDF on the letterhead, stored with its
        SHA-256, e-mailed to the contact address; the clock stops.

Each is ``@transaction.atomic``, locks the case, checks the step against the status
table and the channel (``channels.check_step``) and the actor against ``policies``,
and writes one event. The online-meeting channel's invitations take the same desk.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_verified_email
from accounts.models import Directorate, Role, User
from core.pdf import PdfError, render_pdf
from files.checks import validate_letter_scan
from files.storage import discard

from .. import emails, notices, policies
from ..channels import Channel, check_step, spec
from ..errors import InvalidTransition, NotAllowed
from ..limits import DESCRIPTION_MAX_LENGTH
from ..models import (
    ADDRESSEE_DIRECTORATE,
    Addressee,
    AnswerDraft,
    AnswerKind,
    AnswerLetter,
    Consultation,
    Disposition,
    DispositionTick,
    DraftReview,
    EventType,
    IncomingLetter,
    LetterSettings,
    LetterSource,
    OutgoingCounter,
    ReviewDecision,
    ReviewStage,
    SenderKind,
)
from ..workflow import Status, Step
from .common import collect, kinds as checked_kinds, lock, record, run_clock, stored_attachments, sync, text
from .compensation import consume_priority_credit
from .intake import allocate_case_number

SUBJECT_MAX = Consultation._meta.get_field("subject").max_length
NAME_MAX = Consultation._meta.get_field("contact_name").max_length
INSTITUTION_MAX = Consultation._meta.get_field("institution_name").max_length
PHONE_MAX = Consultation._meta.get_field("contact_phone").max_length
NUMBER_MAX = IncomingLetter._meta.get_field("letter_number").max_length
EOFFICE_MAX = IncomingLetter._meta.get_field("eoffice_reference").max_length
INSTRUCTIONS_MAX = 4000
NOTES_MAX = 4000

__all__ = [
    "DraftState",
    "can_dispose_to",
    "check_letter",
    "disposition_context",
    "dispose",
    "draft_state",
    "issue_answer_letter",
    "letter_requirements",
    "progress",
    "receive_letter",
    "register_letter",
    "review_draft",
    "track",
    "upload_letter",
    "write_draft",
]


# --- intake -------------------------------------------------------------------------


def _letter_fields(
    *,
    addressee: str,
    sender_kind: str,
    sender_name: str,
    institution_name: str,
    letter_number: str,
    letter_date: date | None,
    subject: str,
    summary: str,
    contact_email: str,
    contact_phone: str,
    eoffice_reference: str,
    scan: UploadedFile | None,
    today: date,
) -> dict:
    """Every field of a letter checked at once: one ValidationError naming each bad one."""

    def check_addressee():
        if addressee not in Addressee.values:
            raise ValidationError({"addressee": _("Pilih kepada siapa surat ini ditujukan.")}, code="addressee")

    def check_sender_kind():
        if sender_kind not in SenderKind.values:
            raise ValidationError({"sender_kind": _("Pilih jenis pengirim: perorangan atau instansi/badan hukum.")})

    def check_institution():
        value = text(institution_name, field="institution_name", max_length=INSTITUTION_MAX, required=False)
        if sender_kind == SenderKind.INSTITUTION and not value:
            raise ValidationError({"institution_name": _("Isi nama instansi atau badan hukum pengirim.")})
        return value

    def check_date():
        if letter_date is None:
            raise ValidationError({"letter_date": _("Isi tanggal surat.")}, code="required")
        if letter_date > today:
            raise ValidationError({"letter_date": _("Tanggal surat tidak boleh setelah hari ini.")}, code="future")

    def check_email():
        value = (contact_email or "").strip()
        if not value:
            raise ValidationError({"contact_email": _("Isi alamat e-mail untuk jawaban.")}, code="required")
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError({"contact_email": _("Alamat e-mail ini tidak valid.")}, code="invalid") from None
        return value

    results = collect(
        lambda: text(sender_name, field="sender_name", max_length=NAME_MAX),
        check_institution,
        lambda: text(letter_number, field="letter_number", max_length=NUMBER_MAX),
        lambda: text(subject, field="subject", max_length=SUBJECT_MAX),
        lambda: text(summary, field="summary", max_length=DESCRIPTION_MAX_LENGTH, required=False),
        check_email,
        lambda: text(contact_phone, field="contact_phone", max_length=PHONE_MAX, required=False),
        lambda: text(eoffice_reference, field="eoffice_reference", max_length=EOFFICE_MAX, required=False),
        lambda: validate_letter_scan(scan),
        check_addressee,
        check_sender_kind,
        check_date,
    )
    names = ("sender_name", "institution_name", "letter_number", "subject", "summary", "contact_email",
             "contact_phone", "eoffice_reference", "scan")
    return dict(zip(names, results[: len(names)], strict=True))


def _create_letter(
    *,
    actor: User,
    applicant: User | None,
    source: LetterSource,
    directorate: Directorate,
    fields: dict,
    addressee: str,
    sender_kind: str,
    letter_date: date,
    language: str,
    now: datetime,
) -> Consultation:
    """The case, its letter and the scan, written together; the scan's file goes if
    anything after it fails."""
    scan = fields["scan"]
    with stored_attachments([scan], uploaded_by=actor, at=now) as stored:
        consultation = Consultation(
            number=allocate_case_number(year=timezone.localtime(now).year),
            channel=Channel.SURAT,
            status=check_step(Step.REGISTER, None, channel=Channel.SURAT),
            applicant=applicant,
            contact_name=fields["sender_name"],
            contact_email=fields["contact_email"],
            contact_phone=fields["contact_phone"],
            subject=fields["subject"],
            description=fields["summary"],
            institution_name=fields["institution_name"],
            directorate=directorate,
            language=language,
            submitted_at=now,
        )
        consultation.save(force_insert=True)
        attachment = stored[0]
        attachment.consultation = consultation
        attachment.save(force_insert=True)
        token = secrets.token_urlsafe(24) if applicant is None else ""
        letter = IncomingLetter.objects.create(
            consultation=consultation,
            source=source,
            addressee=addressee,
            sender_kind=sender_kind,
            letter_number=fields["letter_number"],
            letter_date=letter_date,
            eoffice_reference=fields["eoffice_reference"],
            scan=attachment,
            registered_by=actor,
            registered_at=now,
            tracking_digest=_digest(token) if token else "",
        )
        credit = consume_priority_credit(consultation=consultation, now=now)
        event = record(
            consultation,
            type=EventType.LETTER_REGISTERED,
            actor=actor,
            at=now,
            channel=Channel.SURAT.value,
            source=source.value,
            addressee=addressee,
            directorate=directorate.code,
            letter_number=letter.letter_number,
            priority=consultation.is_priority,
            priority_credit_for=credit.granted_for.number if credit else None,
        )
        emails.queue_letter_registered(consultation, event, tracking_token=token)
    return consultation


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _directorate_for(addressee: str, chosen: Directorate | None) -> Directorate:
    """A Director's letter goes to their directorate; the Head's and the Deputy's go
    where the secretariat routes them (``chosen``, required then)."""
    code = ADDRESSEE_DIRECTORATE.get(addressee)
    if code is not None:
        return Directorate.objects.get(code=code)
    if chosen is None:
        raise ValidationError(
            {"directorate": _("Surat kepada Kepala LKPP atau Deputi harus diteruskan ke salah satu direktorat.")},
            code="directorate_required",
        )
    return chosen


@transaction.atomic
def register_letter(
    *,
    actor: User,
    source: str,
    addressee: str,
    sender_kind: str,
    sender_name: str,
    institution_name: str = "",
    letter_number: str,
    letter_date: date | None,
    subject: str,
    summary: str = "",
    contact_email: str,
    contact_phone: str = "",
    scan: UploadedFile | None,
    eoffice_reference: str = "",
    directorate: Directorate | None = None,
    language: str = "id",
    now: datetime | None = None,
) -> Consultation:
    """The Sekretariat Pelayanan registers a paper letter or one from the e-office. No
    clock yet: the letter waits for the checklist, then for the Director. A sender
    without an account gets the case number and a tracking link by e-mail."""
    now = now or timezone.now()
    if not (actor.is_active and actor.role == Role.FRONT_DESK):
        raise NotAllowed(_("Hanya Sekretariat Pelayanan yang dapat mendaftarkan surat."))
    if source not in (LetterSource.PAPER, LetterSource.EOFFICE):
        raise ValidationError({"source": _("Pilih asal surat: surat fisik atau e-office.")}, code="source")
    fields = _letter_fields(
        addressee=addressee, sender_kind=sender_kind, sender_name=sender_name, institution_name=institution_name,
        letter_number=letter_number, letter_date=letter_date, subject=subject, summary=summary,
        contact_email=contact_email, contact_phone=contact_phone, eoffice_reference=eoffice_reference, scan=scan,
        today=timezone.localdate(now),
    )
    target = _directorate_for(addressee, directorate)
    return _create_letter(
        actor=actor, applicant=None, source=LetterSource(source), directorate=target, fields=fields,
        addressee=addressee, sender_kind=sender_kind, letter_date=letter_date, language=language, now=now,
    )


@transaction.atomic
def upload_letter(
    *,
    applicant: User,
    addressee: str,
    sender_kind: str,
    sender_name: str,
    institution_name: str = "",
    letter_number: str,
    letter_date: date | None,
    subject: str,
    summary: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    scan: UploadedFile | None,
    language: str | None = None,
    now: datetime | None = None,
) -> Consultation:
    """An applicant with a verified e-mail uploads their signed letter in the portal. It
    waits for the secretariat's checklist like a paper letter; a letter to the Head or
    the Deputy is routed there (until then it sits with the Directorate for central
    government, which holds national policy questions)."""
    now = now or timezone.now()
    if applicant.role != Role.APPLICANT or not applicant.is_active:
        raise NotAllowed(_("Hanya pemohon yang dapat mengunggah surat di portal."))
    if not has_verified_email(applicant):
        raise NotAllowed(_("Verifikasi alamat e-mail Anda sebelum mengunggah surat."))
    fields = _letter_fields(
        addressee=addressee, sender_kind=sender_kind, sender_name=sender_name, institution_name=institution_name,
        letter_number=letter_number, letter_date=letter_date, subject=subject, summary=summary,
        contact_email=contact_email or applicant.email, contact_phone=contact_phone, eoffice_reference="",
        scan=scan, today=timezone.localdate(now),
    )
    code = ADDRESSEE_DIRECTORATE.get(addressee, "pusat")
    return _create_letter(
        actor=applicant, applicant=applicant, source=LetterSource.PORTAL,
        directorate=Directorate.objects.get(code=code), fields=fields, addressee=addressee,
        sender_kind=sender_kind, letter_date=letter_date, language=language or applicant.language, now=now,
    )


# --- the checklist ------------------------------------------------------------------


def letter_requirements(letter: IncomingLetter):
    """The channel's checklist items (registry) that apply to this sender."""
    institution = letter.sender_kind == SenderKind.INSTITUTION
    return [item for item in spec(Channel.SURAT).requirements if institution or not item.institutions_only]


def _letter_of(case: Consultation) -> IncomingLetter:
    try:
        return IncomingLetter.objects.select_for_update().get(consultation=case)
    except IncomingLetter.DoesNotExist:
        raise InvalidTransition(case.status, None, action="letter") from None


@transaction.atomic
def check_letter(
    *,
    consultation: Consultation,
    actor: User,
    ticked: Iterable[str],
    directorate: Directorate | None = None,
    now: datetime | None = None,
) -> Consultation:
    """The secretariat checks the checklist item by item (``ticked``: the keys met).
    All met: the letter goes to the Director's desk of its directorate (the secretariat
    may route a letter to the Head or the Deputy here). Any missing: the letter is
    returned — the sender is told which items, and no clock starts."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_check_letter(actor, case):
        raise NotAllowed(_("Hanya Sekretariat Pelayanan yang memeriksa kelengkapan surat."))
    check_step(Step.CHECK_LETTER, case.status, channel=case.channel)
    letter = _letter_of(case)
    if letter.is_checked:
        raise ValidationError({"__all__": _("Kelengkapan surat ini sudah diperiksa.")}, code="checked_twice")
    items = letter_requirements(letter)
    ticked = set(ticked or ())
    unknown = ticked - {item.key for item in items}
    if unknown:
        raise ValidationError({"ticked": _("Butir daftar periksa tidak dikenal.")}, code="unknown_item")
    checklist = {item.key: item.key in ticked for item in items}
    missing = [str(item.label) for item in items if not checklist[item.key]]
    letter.checklist, letter.checked_by, letter.checked_at = checklist, actor, now
    letter.save(update_fields=["checklist", "checked_by", "checked_at"])
    if missing:
        case.status = check_step(Step.RETURN_LETTER, case.status, channel=case.channel)
        case.save(update_fields=["status", "updated_at"])
        event = record(case, type=EventType.LETTER_RETURNED, actor=actor, at=now, checklist=checklist, missing=missing)
        emails.queue_letter_returned(case, event, missing=missing)
        sync(consultation, case)
        return case
    fields = ["updated_at"]
    if directorate is not None and directorate.pk != case.directorate_id:
        if letter.addressee in ADDRESSEE_DIRECTORATE:
            raise ValidationError(
                {"directorate": _("Surat kepada Direktur diteruskan ke direktoratnya sendiri.")}, code="routing"
            )
        case.directorate = directorate
        fields.append("directorate")
    case.save(update_fields=fields)
    event = record(
        case, type=EventType.LETTER_CHECKED, actor=actor, at=now, checklist=checklist, directorate=case.directorate.code
    )
    # On the Director's desk now: the directorate's leads are told.
    notices.notify_new_case(case, event)
    sync(consultation, case)
    return case


# --- the Director's desk --------------------------------------------------------------


@transaction.atomic
def receive_letter(*, consultation: Consultation, actor: User, now: datetime | None = None) -> Consultation:
    """The Director receives the checked letter: the clock starts now, due at the end of
    the 15th working day after it (the channel's rule)."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_receive(actor, case):
        raise NotAllowed(_("Hanya Direktur direktorat ini yang dapat menerima surat."))
    letter = _letter_of(case)
    if letter.is_received:
        raise ValidationError(
            {"__all__": _("Surat ini sudah diterima pada %(at)s WIB.")
             % {"at": timezone.localtime(letter.received_at).strftime("%d-%m-%Y %H:%M")}},
            code="received_twice",
        )
    if not letter.is_complete:
        raise ValidationError(
            {"__all__": _("Kelengkapan surat ini belum diperiksa lengkap oleh Sekretariat Pelayanan.")}, code="unchecked"
        )
    case.status = check_step(Step.RECEIVE, case.status, channel=case.channel)
    fields = run_clock(case, Step.RECEIVE, now=now)
    case.save(update_fields=["status", "updated_at", *fields])
    letter.received_by, letter.received_at = actor, now
    letter.save(update_fields=["received_by", "received_at"])
    event = record(
        case,
        type=EventType.LETTER_RECEIVED,
        actor=actor,
        at=now,
        clock_start=str(spec(Channel.SURAT).clock_start),
        due_at=case.due_at,
    )
    emails.queue_letter_received(case, event)
    sync(consultation, case)
    return case


def can_dispose_to(actor: User, case: Consultation, to: User) -> bool:
    """Directors dispose to a team lead or a member of their directorate; a team lead
    holding the letter disposes on to a member."""
    if not (to.is_active and to.directorate_id == case.directorate_id and to.pk != actor.pk):
        return False
    if actor.role == Role.DIRECTOR:
        return to.role in (Role.TEAM_LEAD, Role.STAFF)
    return actor.role == Role.TEAM_LEAD and to.role == Role.STAFF


@transaction.atomic
def dispose(
    *,
    consultation: Consultation,
    actor: User,
    to: User,
    ticks: Iterable[str] = (),
    instructions: str = "",
    target_date: date | None = None,
    now: datetime | None = None,
) -> Disposition:
    """A disposition ("lembar disposisi"): the letter goes to ``to`` with the ticks and
    written instructions, and an optional internal target date; ``to`` becomes the
    assignee and is notified."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_dispose(actor, case):
        raise NotAllowed(_("Anda tidak berwenang mendisposisikan surat ini."))
    if case.status == Status.REGISTERED:
        raise ValidationError({"__all__": _("Surat ini belum diterima Direktur; terima dahulu sebelum disposisi.")})
    target = check_step(Step.DISPOSE, case.status, channel=case.channel)
    if not can_dispose_to(actor, case, to):
        raise ValidationError({"to": _("Pilih Ketua Tim Kerja atau anggota tim direktorat ini yang dapat Anda disposisi.")})
    ticks = set(ticks or ())
    if ticks - set(DispositionTick.values):
        raise ValidationError({"ticks": _("Tanda disposisi tidak dikenal.")}, code="unknown_tick")
    instructions = text(instructions, field="instructions", max_length=INSTRUCTIONS_MAX, required=False)
    if not ticks and not instructions:
        raise ValidationError({"instructions": _("Beri paling sedikit satu tanda disposisi atau tulis instruksinya.")})
    if target_date is not None:
        if target_date < timezone.localdate(now):
            raise ValidationError({"target_date": _("Target internal tidak boleh sebelum hari ini.")})
        if case.due_at is not None and target_date > timezone.localdate(case.due_at):
            raise ValidationError({"target_date": _("Target internal tidak boleh melewati batas waktu layanan.")})
    disposition = Disposition.objects.create(
        consultation=case,
        from_user=actor,
        to_user=to,
        ticks=[tick for tick in DispositionTick.values if tick in ticks],
        instructions=instructions,
        target_date=target_date,
        at=now,
    )
    previous = case.assignee
    case.assignee, case.status = to, target
    case.save(update_fields=["assignee", "status", "updated_at"])
    event = record(
        case,
        type=EventType.DISPOSED,
        actor=actor,
        at=now,
        disposition_id=disposition.pk,
        assignee_id=to.pk,
        assignee_name=to.full_name,
        previous_assignee_id=previous.pk if previous else None,
        ticks=disposition.ticks,
        target_date=target_date,
    )
    notices.notify_assigned(case, event)
    sync(consultation, case)
    return disposition


# --- drafting and approval ------------------------------------------------------------


class DraftState:
    """Where the latest version stands."""

    NONE = "none"
    AWAITING_LEAD = "awaiting_lead"
    AWAITING_DIRECTOR = "awaiting_director"
    RETURNED = "returned"
    APPROVED = "approved"


def draft_state(draft: AnswerDraft | None) -> str:
    """From the version's verdicts (``draft.reviews``). A version written by a team lead
    (or the Director) needs no team lead's review of its own."""
    if draft is None:
        return DraftState.NONE
    verdicts = {review.stage: review.decision for review in draft.reviews.all()}
    if ReviewDecision.RETURN in verdicts.values():
        return DraftState.RETURNED
    if verdicts.get(ReviewStage.DIRECTOR) == ReviewDecision.APPROVE:
        return DraftState.APPROVED
    if verdicts.get(ReviewStage.TEAM_LEAD) == ReviewDecision.APPROVE or _lead_wrote(draft):
        return DraftState.AWAITING_DIRECTOR
    return DraftState.AWAITING_LEAD


def _lead_wrote(draft: AnswerDraft) -> bool:
    return draft.author.role in (Role.TEAM_LEAD, Role.DIRECTOR)


def latest_draft(case: Consultation) -> AnswerDraft | None:
    return AnswerDraft.objects.filter(consultation=case).select_related("author").order_by("-version").first()


@transaction.atomic
def write_draft(
    *, consultation: Consultation, author: User, kinds: Iterable[str], body: str, now: datetime | None = None
) -> AnswerDraft:
    """The assignee (or a lead of the directorate) writes a version of the answer. A new
    version replaces none: it waits for its own review. Nothing approved is rewritten:
    after the Director's approval the letter is issued, not edited."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_answer(author, case):
        raise NotAllowed(_("Anda tidak berwenang menyusun jawaban surat ini."))
    check_step(Step.WRITE_DRAFT, case.status, channel=case.channel)
    current = latest_draft(case)
    if draft_state(current) == DraftState.APPROVED:
        raise ValidationError(
            {"__all__": _("Versi terakhir sudah disetujui Direktur; terbitkan surat jawabannya.")}, code="approved"
        )
    chosen, body = collect(lambda: checked_kinds(kinds), lambda: text(body, field="body"))
    draft = AnswerDraft.objects.create(
        consultation=case,
        version=(current.version + 1) if current else 1,
        author=author,
        kinds=chosen,
        body=body,
        created_at=now,
    )
    record(case, type=EventType.DRAFT_WRITTEN, actor=author, at=now, draft_id=draft.pk, version=draft.version)
    return draft


@transaction.atomic
def review_draft(
    *, draft: AnswerDraft, reviewer: User, decision: str, notes: str = "", now: datetime | None = None
) -> DraftReview:
    """A team lead reviews the latest version, then the Director: approve, or return it
    with notes for a new version."""
    now = now or timezone.now()
    case = lock(draft.consultation)
    if not policies.can_review_draft(reviewer, case):
        raise NotAllowed(_("Hanya Ketua Tim Kerja atau Direktur direktorat ini yang menelaah konsep jawaban."))
    check_step(Step.REVIEW_DRAFT, case.status, channel=case.channel)
    current = latest_draft(case)
    if current is None or current.pk != draft.pk:
        raise ValidationError({"__all__": _("Sudah ada versi yang lebih baru; telaah versi terakhir.")}, code="stale")
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": _("Pilih: setujui atau kembalikan.")}, code="decision")
    state = draft_state(current)
    stage = ReviewStage.DIRECTOR if reviewer.role == Role.DIRECTOR else ReviewStage.TEAM_LEAD
    expected = {DraftState.AWAITING_LEAD: ReviewStage.TEAM_LEAD, DraftState.AWAITING_DIRECTOR: ReviewStage.DIRECTOR}
    if expected.get(state) != stage:
        message = {
            DraftState.AWAITING_LEAD: _("Konsep ini menunggu telaah Ketua Tim Kerja lebih dahulu."),
            DraftState.AWAITING_DIRECTOR: _("Konsep ini menunggu persetujuan Direktur."),
            DraftState.RETURNED: _("Konsep ini sudah dikembalikan; tunggu versi perbaikannya."),
            DraftState.APPROVED: _("Konsep ini sudah disetujui Direktur."),
        }[state]
        raise ValidationError({"__all__": message}, code="stage")
    notes = text(notes, field="notes", max_length=NOTES_MAX, required=decision == ReviewDecision.RETURN)
    review = DraftReview.objects.create(
        draft=current, stage=stage, decision=decision, reviewer=reviewer, notes=notes, at=now
    )
    record(
        case,
        type=EventType.DRAFT_REVIEWED,
        actor=reviewer,
        at=now,
        draft_id=current.pk,
        version=current.version,
        stage=stage.value,
        decision=decision,
    )
    return review


# --- the answer letter ------------------------------------------------------------------


def _next_outgoing_number(*, directorate: Directorate, now: datetime) -> tuple[str, int, int]:
    """The next number of the year (the counter row stays locked until commit: gapless),
    formatted by the admin's setting."""
    local = timezone.localtime(now)
    OutgoingCounter.objects.get_or_create(year=local.year)
    counter = OutgoingCounter.objects.select_for_update().get(year=local.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    settings_row = LetterSettings.objects.first()
    fmt = settings_row.number_format if settings_row else LetterSettings.DEFAULT_FORMAT
    number = fmt.format(
        seq=counter.last_number, code=directorate.letter_code or directorate.code, month=local.month, year=local.year
    )
    return number, local.year, counter.last_number


def _verification_code() -> str:
    raw = secrets.token_hex(6).upper()
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def signer_position(director: User, directorate: Directorate, language: str) -> str:
    name = directorate.name_en if language == "en" else directorate.name
    if language == "en":
        return name.replace("Directorate of", "Director of", 1)
    return name.replace("Direktorat", "Direktur", 1)


def letter_context(case: Consultation, letter: IncomingLetter, draft: AnswerDraft, issued: AnswerLetter) -> dict:
    """What the answer letter's PDF (``pdf/answer-letter.html``) says."""
    from django.utils import translation

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
        "verification_url": emails.verification_url(issued.verification_code),
        "case_number": case.number,
    }


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
    letter = _letter_of(case)
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
        emails.queue_answer_letter(case, issued, event)
    except BaseException:
        discard([issued], field="pdf")
        raise
    sync(consultation, case)
    return issued


# --- the sender without an account --------------------------------------------------------


def track(token: str) -> Consultation | None:
    """The letter case a tracking token opens, or None (same answer for a wrong token as
    for none)."""
    if not token or len(token) > 64:
        return None
    letter = (
        IncomingLetter.objects.filter(tracking_digest=_digest(token))
        .select_related("consultation", "consultation__directorate")
        .first()
    )
    return letter.consultation if letter else None



# --- what pages and PDFs show --------------------------------------------------------------


def progress(case: Consultation) -> list[tuple[str, datetime | None, bool]]:
    """The sender's view: registered -> received by the Director -> in progress ->
    answered, each with its time once reached ``(label, at, reached)``."""
    letter = case.letter
    if case.status == Status.RETURNED:
        return [
            (_("Terdaftar"), letter.registered_at, True),
            (_("Dikembalikan karena persyaratan belum lengkap"), letter.checked_at, True),
        ]
    in_progress = case.status in (Status.ASSIGNED, Status.DELIVERED)
    first_disposition = (
        Disposition.objects.filter(consultation=case).order_by("at").values_list("at", flat=True).first()
        if in_progress
        else None
    )
    return [
        (_("Terdaftar"), letter.registered_at, True),
        (_("Diterima Direktur"), letter.received_at, letter.is_received),
        (_("Sedang ditangani"), first_disposition, in_progress),
        (_("Dijawab"), case.completed_at, case.status == Status.DELIVERED),
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
