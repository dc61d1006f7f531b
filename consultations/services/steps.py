"""The steps staff take on a case of any channel while it is in hand: assign, claim,
re-route, internal notes and clarification messages. None of them touches the clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Directorate, User
from accounts.phones import email_key
from accounts.selectors import applicant_by_verified_email, verified_emails
from files.checks import CheckedFile

from .. import emails, notices, policies
from ..channels import check_step
from ..errors import NotAllowed
from ..models import Consultation, EventType, InternalNote, Message
from ..workflow import Step
from .common import check_case_bytes, lock, record, save_attachments, stored_attachments, sync
from .compensation import claim_contact_credits
from .rates import check_message_rate


@transaction.atomic
def assign(*, consultation: Consultation, assignee: User, actor: User, now: datetime | None = None) -> Consultation:
    """A director (anyone handling cases in the directorate) or a team lead (team leads
    and staff) gives the case to ``assignee``. Assigning the current assignee again
    changes nothing and records nothing."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_assign(actor, case):
        raise NotAllowed(_("Anda tidak berwenang menugaskan konsultasi ini."))
    target = check_step(Step.ASSIGN, case.status, channel=case.channel)
    if not policies.can_assign(actor, case, assignee):
        raise NotAllowed(_("Petugas ini tidak dapat ditugaskan oleh Anda untuk konsultasi ini."))
    if case.assignee_id == assignee.pk:
        return case
    previous = case.assignee
    case.assignee = assignee
    case.status = target
    case.save(update_fields=["assignee", "status", "updated_at"])
    record(
        case,
        type=EventType.ASSIGNED,
        actor=actor,
        at=now,
        assignee_id=assignee.pk,
        assignee_name=assignee.full_name,
        previous_assignee_id=previous.pk if previous else None,
        previous_assignee_name=previous.full_name if previous else None,
    )
    sync(consultation, case)
    return case


@transaction.atomic
def claim(*, consultation: Consultation, actor: User, now: datetime | None = None) -> Consultation:
    """Staff (or a lead) of the directorate take an unassigned case themselves."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.is_caseworker_of(actor, case):
        raise NotAllowed(_("Anda tidak berwenang menangani konsultasi ini."))
    target = check_step(Step.CLAIM, case.status, channel=case.channel)
    case.assignee = actor
    case.status = target
    case.save(update_fields=["assignee", "status", "updated_at"])
    record(case, type=EventType.CLAIMED, actor=actor, at=now, assignee_id=actor.pk, assignee_name=actor.full_name)
    sync(consultation, case)
    return case


@transaction.atomic
def reroute(
    *, consultation: Consultation, directorate: Directorate, reason: str, actor: User, now: datetime | None = None
) -> Consultation:
    """Send the case to another directorate, with a reason. The deadline does not move;
    nobody there is assigned yet, so the case waits in the new directorate's queue."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_reroute(actor, case):
        raise NotAllowed(_("Anda tidak berwenang mengalihkan konsultasi ini."))
    target = check_step(Step.REROUTE, case.status, channel=case.channel)
    if directorate.pk == case.directorate_id:
        raise ValidationError({"directorate": _("Konsultasi ini sudah berada di direktorat tersebut.")})
    previous_directorate, previous_assignee = case.directorate, case.assignee
    case.directorate = directorate
    case.assignee = None
    case.status = target
    case.save(update_fields=["directorate", "assignee", "status", "updated_at"])
    event = record(
        case,
        type=EventType.REROUTED,
        actor=actor,
        at=now,
        from_directorate=previous_directorate.code,
        to_directorate=directorate.code,
        reason=reason,
        previous_assignee_id=previous_assignee.pk if previous_assignee else None,
        due_at=case.due_at,
    )
    # The new directorate has a case nobody there handles yet.
    notices.notify_new_case(case, event)
    sync(consultation, case)
    return case


@transaction.atomic
def link_account(*, consultation: Consultation, email: str, actor: User, now: datetime | None = None) -> Consultation:
    """A case filed without an account (a walk-in guest, a paper letter, a PIC) becomes
    the case of the person's account: staff name the account by its verified e-mail
    address, and the account must be the case's contact — the same e-mail address or
    the same phone number when the case names no address — so a slip of the keyboard
    cannot show a case to a stranger.
    What the contact is owed (priority credits) moves to the account too. The applicant
    sees the case in "Konsultasi Saya" from then on."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_link_account(actor, case):
        raise NotAllowed(_("Konsultasi ini tidak dapat Anda tautkan ke akun pemohon."))
    check_step(Step.LINK_ACCOUNT, case.status, channel=case.channel)
    account = applicant_by_verified_email(email)
    if account is None:
        raise ValidationError(
            {"email": _("Tidak ada akun pemohon aktif dengan alamat e-mail terverifikasi ini.")}, code="no_account"
        )
    emails = verified_emails(account)
    profile_phone = getattr(getattr(account, "profile", None), "phone", "")
    same_email = email_key(case.contact_email) in {email_key(address) for address in emails}
    # A profile's phone number is not proven: it counts only for a case that named no
    # e-mail address (a guest who gave the desk only a phone, shown with her identity).
    same_phone = not case.contact_email and bool(case.contact_phone) and case.contact_phone == profile_phone
    if not (same_email or same_phone):
        raise ValidationError(
            {"email": _(
                "Akun ini tidak cocok dengan kontak konsultasi: alamat e-mail atau nomor telepon akun harus sama "
                "dengan yang tercatat pada konsultasi."
            )},
            code="not_the_contact",
        )
    case.applicant = account
    case.save(update_fields=["applicant", "updated_at"])
    moved = claim_contact_credits(account=account, emails=[case.contact_email], phone=case.contact_phone, now=now)
    record(
        case, type=EventType.ACCOUNT_LINKED, actor=actor, at=now, account_id=account.pk,
        matched_by="email" if same_email else "phone", credits_moved=moved,
    )
    sync(consultation, case)
    return case


@transaction.atomic
def add_internal_note(
    *, consultation: Consultation, author: User, body: str, now: datetime | None = None
) -> InternalNote:
    """A note for staff only: never shown to the applicant, never in an e-mail."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_add_note(author, case):
        raise NotAllowed(_("Anda tidak berwenang menulis catatan pada konsultasi ini."))
    check_step(Step.ADD_INTERNAL_NOTE, case.status, channel=case.channel)
    note = InternalNote.objects.create(consultation=case, author=author, body=body, created_at=now)
    # The note's text stays out of the event: the history is shown more widely.
    record(case, type=EventType.NOTE_ADDED, actor=author, at=now, note_id=note.pk)
    return note


@transaction.atomic
def post_message(
    *,
    consultation: Consultation,
    author: User,
    body: str,
    files: Sequence[CheckedFile] = (),
    now: datetime | None = None,
) -> Message:
    """A clarification message from the applicant or from staff. The clock keeps
    running; the other side is told by e-mail."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_post_message(author, case):
        raise NotAllowed(_("Anda tidak dapat mengirim pesan pada konsultasi ini."))
    check_step(Step.POST_MESSAGE, case.status, channel=case.channel)
    check_message_rate(consultation=case, author=author, now=now)
    checked = list(files)
    check_case_bytes(checked, consultation=case)
    with stored_attachments(checked, uploaded_by=author, at=now) as stored:
        message = Message.objects.create(
            consultation=case, author=author, from_applicant=author.pk == case.applicant_id, body=body, created_at=now
        )
        save_attachments(stored, consultation=case, message=message)
        event = record(
            case,
            type=EventType.MESSAGE_POSTED,
            actor=author,
            at=now,
            message_id=message.pk,
            from_applicant=message.from_applicant,
            attachments=len(stored),
        )
        emails.queue_message(message, event)
    return message
