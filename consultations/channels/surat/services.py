"""The letter channel (SK 234/2024, channel 1), one function per step:

    register_letter (secretariat: paper or e-office) | upload_letter (applicant, portal)
        -> REGISTERED, no clock
    check_letter (secretariat, the channel's checklist item by item)
        complete   -> still REGISTERED, now on the Director's desk
        incomplete -> RETURNED, the sender told which items are missing; no clock ever
    receive_letter (the Director) -> SUBMITTED; the clock starts at receipt:
        due = end of the 15th working day after it (the registry's rule); the letter
        gets its agenda number (``agenda``)
    dispose (the Director to a team lead or member; a team lead on to a member)
        -> ASSIGNED, with the disposition sheet's ticks and instructions
    then ``drafting`` (versions, reviews) and ``answer_letters`` (the Director issues
    the approved version: DELIVERED, numbered, a PDF on the letterhead; the clock stops).

Each is ``@transaction.atomic``, locks the case, checks the step against the status
table and the channel (``channels.check_step``) and the actor against ``policies``,
and writes one event. The online-meeting channel's invitations take the same desk.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_verified_email
from accounts.models import Directorate, Role, User
from consultations import notices, policies
from consultations.channels import Channel, check_step
from consultations.errors import InvalidTransition, NotAllowed
from consultations.models import (
    ADDRESSEE_DIRECTORATE,
    Classification,
    Consultation,
    Disposition,
    DispositionTick,
    EventType,
    IncomingLetter,
    LetterSource,
    Urgency,
)
from consultations.services.common import lock, record, run_clock, stored_attachments, sync
from consultations.services.intake import open_case
from consultations.services.rates import check_submission_rate
from consultations.workflow import Status, Step
from files.checks import CheckedFile

from . import emails as letter_emails
from .agenda import AGENDA_FIELDS, assign_agenda_number
from .selectors import letter_requirements, tracking_digest

__all__ = [
    "can_dispose_to",
    "check_letter",
    "dispose",
    "create_letter",
    "LetterFacts",
    "receive_letter",
    "register_letter",
    "upload_letter",
]


# --- intake -------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterFacts:
    """What a letter (or a meeting's invitation) says about itself, as its form cleaned
    it: stripped text within its limits, a known addressee and sender kind, a letter
    date not after today, a valid e-mail, the phone in E.164 (or ``""``), and the scan
    that passed ``files.checks.validate_letter_scan``."""

    addressee: str
    sender_kind: str
    sender_name: str
    institution_name: str
    letter_number: str
    letter_date: date
    subject: str
    summary: str
    contact_email: str
    contact_phone: str
    eoffice_reference: str
    scan: CheckedFile


def create_letter(
    *,
    actor: User,
    applicant: User | None,
    source: LetterSource,
    directorate: Directorate,
    letter: LetterFacts,
    language: str,
    now: datetime,
    channel: Channel = Channel.SURAT,
    then: Callable[[Consultation], object] | None = None,
) -> Consultation:
    """The case, its letter and the scan, written together; the scan's file goes if
    anything after it fails; opened by the intake spine (``intake.open_case``).
    ``channel``: a letter, or an online meeting's invitation (which ``then`` completes
    with what the invitation asks for, in the same transaction, before the sender is
    told)."""
    token = secrets.token_urlsafe(24) if applicant is None else ""
    with stored_attachments([letter.scan], uploaded_by=actor, at=now) as stored:

        def attach(consultation: Consultation) -> dict:
            attachment = stored[0]
            attachment.consultation = consultation
            attachment.save(force_insert=True)
            IncomingLetter.objects.create(
                consultation=consultation,
                source=source,
                addressee=letter.addressee,
                sender_kind=letter.sender_kind,
                letter_number=letter.letter_number,
                letter_date=letter.letter_date,
                eoffice_reference=letter.eoffice_reference,
                scan=attachment,
                registered_by=actor,
                registered_at=now,
                tracking_digest=tracking_digest(token) if token else "",
            )
            if then is not None:
                then(consultation)
            return {"source": str(source), "addressee": letter.addressee, "letter_number": letter.letter_number}

        consultation = open_case(
            channel=channel, step=Step.REGISTER, actor=actor, event_type=EventType.LETTER_REGISTERED,
            directorate=directorate, now=now, attach=attach,
            tell=lambda case, event: letter_emails.queue_letter_registered(case, event, tracking_token=token),
            columns={
                "applicant": applicant,
                "contact_name": letter.sender_name,
                "contact_email": letter.contact_email,
                "contact_phone": letter.contact_phone,
                "subject": letter.subject,
                "description": letter.summary,
                "institution_name": letter.institution_name,
                "language": language,
            },
        )
    return consultation


def _directorate_for(addressee: str, chosen: Directorate | None) -> Directorate:
    """A Director's letter goes to their directorate; the Head's and the Deputy's go
    where the secretariat routes them (``chosen``: the registration form requires it)."""
    code = ADDRESSEE_DIRECTORATE.get(addressee)
    if code is not None:
        return Directorate.objects.get(code=code)
    if chosen is None:
        raise ValueError("a letter to the Head or the Deputy is routed to a directorate (the form requires one)")
    return chosen


@transaction.atomic
def register_letter(
    *,
    actor: User,
    source: LetterSource,
    addressee: str,
    sender_kind: str,
    sender_name: str,
    institution_name: str = "",
    letter_number: str,
    letter_date: date,
    subject: str,
    summary: str = "",
    contact_email: str,
    contact_phone: str = "",
    scan: CheckedFile,
    eoffice_reference: str = "",
    directorate: Directorate | None = None,
    language: str = "id",
    now: datetime | None = None,
) -> Consultation:
    """The Sekretariat Pelayanan registers a paper letter or one from the e-office. No
    clock yet: the letter waits for the checklist, then for the Director. A sender
    without an account gets the case number and a tracking link by e-mail. The values
    come as ``LetterRegisterForm`` cleans them (``LetterFacts``)."""
    now = now or timezone.now()
    if not (actor.is_active and actor.role == Role.FRONT_DESK):
        raise NotAllowed(_("Hanya Sekretariat Pelayanan yang dapat mendaftarkan surat."))
    letter = LetterFacts(
        addressee=addressee, sender_kind=sender_kind, sender_name=sender_name, institution_name=institution_name,
        letter_number=letter_number, letter_date=letter_date, subject=subject, summary=summary,
        contact_email=contact_email, contact_phone=contact_phone, eoffice_reference=eoffice_reference, scan=scan,
    )
    return create_letter(
        actor=actor, applicant=None, source=source, directorate=_directorate_for(addressee, directorate),
        letter=letter, language=language, now=now,
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
    letter_date: date,
    subject: str,
    summary: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    scan: CheckedFile,
    language: str | None = None,
    now: datetime | None = None,
) -> Consultation:
    """An applicant with a verified e-mail uploads their signed letter in the portal. It
    waits for the secretariat's checklist like a paper letter; a letter to the Head or
    the Deputy is routed there (until then it sits with the Directorate for central
    government, which holds national policy questions). Answers go to the account's
    e-mail unless ``contact_email`` names another. The values come as
    ``LetterUploadForm`` cleans them."""
    now = now or timezone.now()
    if applicant.role != Role.APPLICANT or not applicant.is_active:
        raise NotAllowed(_("Hanya pemohon yang dapat mengunggah surat di portal."))
    if not has_verified_email(applicant):
        raise NotAllowed(_("Verifikasi alamat e-mail Anda sebelum mengunggah surat."))
    check_submission_rate(applicant=applicant, now=now)  # with the website's questions (SubmissionRateExceeded)
    letter = LetterFacts(
        addressee=addressee, sender_kind=sender_kind, sender_name=sender_name, institution_name=institution_name,
        letter_number=letter_number, letter_date=letter_date, subject=subject, summary=summary,
        contact_email=contact_email or applicant.email, contact_phone=contact_phone, eoffice_reference="", scan=scan,
    )
    code = ADDRESSEE_DIRECTORATE.get(addressee, "pusat")
    return create_letter(
        actor=applicant, applicant=applicant, source=LetterSource.PORTAL,
        directorate=Directorate.objects.get(code=code), letter=letter, language=language or applicant.language, now=now,
    )


# --- the checklist ------------------------------------------------------------------


def letter_of_locked(case: Consultation) -> IncomingLetter:
    """The case's letter, locked with it (a step on a case that is not a letter: InvalidTransition)."""
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
    letter = letter_of_locked(case)
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
        letter_emails.queue_letter_returned(case, event, missing=missing)
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
    letter = letter_of_locked(case)
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
    assign_agenda_number(letter, directorate=case.directorate, now=now)
    letter.save(update_fields=["received_by", "received_at", *AGENDA_FIELDS])
    event = record(
        case,
        type=EventType.LETTER_RECEIVED,
        actor=actor,
        at=now,
        clock_start=str(case.channel_spec.clock_start),
        due_at=case.due_at,
        agenda_number=letter.agenda_number,
    )
    letter_emails.queue_letter_received(case, event)
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
    urgency: str = Urgency.BIASA,
    classification: str = Classification.BIASA,
    now: datetime | None = None,
) -> Disposition:
    """A disposition ("lembar disposisi"): the letter goes to ``to`` with the ticks and
    written instructions, an optional internal target date, its urgency and its
    classification; ``to`` becomes the assignee and is notified. ``DisposeForm`` has
    checked the ticks (known, or written instructions instead), the urgency and the
    classification (known) and that the target date is not past; here: who may be
    chosen, and the target date against the case's deadline."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_dispose(actor, case):
        raise NotAllowed(_("Anda tidak berwenang mendisposisikan surat ini."))
    if case.status == Status.REGISTERED:
        raise ValidationError({"__all__": _("Surat ini belum diterima Direktur; terima dahulu sebelum disposisi.")})
    target = check_step(Step.DISPOSE, case.status, channel=case.channel)
    if not can_dispose_to(actor, case, to):
        raise ValidationError({"to": _("Pilih Ketua Tim Kerja atau anggota tim direktorat ini yang dapat Anda disposisi.")})
    if target_date is not None and case.due_at is not None and target_date > timezone.localdate(case.due_at):
        raise ValidationError({"target_date": _("Target internal tidak boleh melewati batas waktu layanan.")})
    ticks = set(ticks)
    disposition = Disposition.objects.create(
        consultation=case,
        from_user=actor,
        to_user=to,
        ticks=[tick for tick in DispositionTick.values if tick in ticks],
        instructions=instructions,
        target_date=target_date,
        urgency=urgency,
        classification=classification,
        at=now,
    )
    previous = case.assignee
    case.assignee, case.status = to, target
    case.save(update_fields=["assignee", "status", "updated_at"])
    record(
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
        urgency=str(urgency),
        classification=str(classification),
    )
    sync(consultation, case)
    return disposition


# --- the sender without an account --------------------------------------------------------


# --- what pages and PDFs show --------------------------------------------------------------


