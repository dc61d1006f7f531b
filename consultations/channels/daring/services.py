"""The online-meeting channel (SK 234/2024, channel 4), one function per step. The
invitation goes through the letter desk (``letters``: registration, checklist, receipt
— the 2-working-day clock starts — and disposition); then:

    message_pic / log_pic_reply (the coordination with the PIC, kept on the case)
    confirm_meeting (the assignee: date, time, platform, link, the LKPP team)
        -> DELIVERED; the clock stops; the PIC and the team get a calendar invitation
    reschedule_meeting (an update: SEQUENCE + 1)
    cancel_meeting (METHOD:CANCEL) -> ASSIGNED: back to the desk for a new schedule; the
        clock runs again, 2 working days from the cancellation; confirm_meeting again
        (the same calendar event, a higher SEQUENCE)
    close_cancelled_meeting -> CANCELLED: called off for good (from a confirmed schedule,
        or from the desk after a cancellation); closed without output, the clock closed
        without a verdict (docs/decisions/0007-meeting-cancellation.md)
    then the report (``meeting_reports``): written after the meeting, approved, e-mailed
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_verified_email
from accounts.models import Directorate, Role, User
from consultations import policies
from consultations.channels import Channel, check_step
from consultations.channels.surat.services import LetterFacts, create_letter
from consultations.errors import NotAllowed
from consultations.models import (
    ADDRESSEE_DIRECTORATE,
    CancelledBy,
    Consultation,
    EventType,
    LetterSource,
    Meeting,
    MeetingInvitation,
    MeetingReport,
    MeetingStatus,
    PicMessage,
)
from consultations.services.common import lock, record, run_clock, sync
from consultations.services.rates import check_submission_rate
from consultations.workflow import Status, Step
from core import lifecycle
from files.checks import CheckedFile

from . import emails as meeting_emails
from .calendar_invites import invitation

__all__ = [
    "cancel_meeting",
    "close_cancelled_meeting",
    "confirm_meeting",
    "log_pic_reply",
    "message_pic",
    "register_invitation",
    "reschedule_meeting",
    "upload_invitation",
]



# --- the invitation ---------------------------------------------------------------------


def _file_invitation(*, actor, applicant, source, letter: LetterFacts, invitation: dict, language: str, now: datetime):
    """The invitation as a letter to its Director (the PIC is the case's contact) and what
    it asks for (``MeetingInvitation``), in one intake."""

    def attach(consultation: Consultation) -> None:
        MeetingInvitation.objects.create(consultation=consultation, **invitation)

    return create_letter(
        actor=actor, applicant=applicant, source=source,
        directorate=Directorate.objects.get(code=ADDRESSEE_DIRECTORATE[letter.addressee]), letter=letter,
        language=language, now=now, channel=Channel.DARING, then=attach,
    )


@transaction.atomic
def register_invitation(
    *,
    actor: User,
    source: LetterSource,
    addressee: str,
    sender_kind: str,
    sender_name: str,
    institution_name: str,
    letter_number: str,
    letter_date: date,
    subject: str,
    scan: CheckedFile,
    pic_name: str,
    pic_phone: str,
    pic_email: str,
    proposed_slots: Sequence[datetime] = (),
    platform: str = "",
    link: str = "",
    summary: str = "",
    eoffice_reference: str = "",
    language: str = "id",
    now: datetime | None = None,
) -> Consultation:
    """The secretariat registers a meeting invitation (e-office or paper) to a Director.
    The values come as ``InvitationRegisterForm`` cleans them: a Director addressed, the
    PIC's phone in E.164, the proposed times ahead and in order, the link a web address."""
    now = now or timezone.now()
    if not (actor.is_active and actor.role == Role.FRONT_DESK):
        raise NotAllowed(_("Hanya Sekretariat Pelayanan yang dapat mendaftarkan undangan."))
    return _file_invitation(
        actor=actor, applicant=None, source=source, language=language, now=now,
        letter=LetterFacts(
            addressee=addressee, sender_kind=sender_kind, sender_name=sender_name, institution_name=institution_name,
            letter_number=letter_number, letter_date=letter_date, subject=subject, summary=summary,
            contact_email=pic_email, contact_phone=pic_phone, eoffice_reference=eoffice_reference, scan=scan,
        ),
        invitation={"pic_name": pic_name, "pic_phone": pic_phone, "pic_email": pic_email,
                    "proposed_slots": list(proposed_slots), "platform": platform, "link": link},
    )


@transaction.atomic
def upload_invitation(
    *,
    applicant: User,
    addressee: str,
    sender_kind: str,
    sender_name: str,
    institution_name: str,
    letter_number: str,
    letter_date: date,
    subject: str,
    scan: CheckedFile,
    pic_name: str,
    pic_phone: str,
    pic_email: str,
    proposed_slots: Sequence[datetime] = (),
    platform: str = "",
    link: str = "",
    summary: str = "",
    language: str | None = None,
    now: datetime | None = None,
) -> Consultation:
    """An applicant with a verified e-mail uploads their institution's invitation (the
    values as ``InvitationUploadForm`` cleans them)."""
    now = now or timezone.now()
    if applicant.role != Role.APPLICANT or not applicant.is_active:
        raise NotAllowed(_("Hanya pemohon yang dapat mengunggah undangan di portal."))
    if not has_verified_email(applicant):
        raise NotAllowed(_("Verifikasi alamat e-mail Anda sebelum mengunggah undangan."))
    check_submission_rate(applicant=applicant, now=now)  # with the website's questions (SubmissionRateExceeded)
    return _file_invitation(
        actor=applicant, applicant=applicant, source=LetterSource.PORTAL, language=language or applicant.language,
        now=now,
        letter=LetterFacts(
            addressee=addressee, sender_kind=sender_kind, sender_name=sender_name, institution_name=institution_name,
            letter_number=letter_number, letter_date=letter_date, subject=subject, summary=summary,
            contact_email=pic_email, contact_phone=pic_phone, eoffice_reference="", scan=scan,
        ),
        invitation={"pic_name": pic_name, "pic_phone": pic_phone, "pic_email": pic_email,
                    "proposed_slots": list(proposed_slots), "platform": platform, "link": link},
    )


# --- coordination with the PIC -------------------------------------------------------------


def _handler_step(consultation: Consultation, actor: User, step: Step) -> Consultation:
    case = lock(consultation)
    if not policies.can_handle_meeting(actor, case):
        raise NotAllowed(_("Hanya petugas yang menangani rapat ini atau pimpinannya yang dapat melakukannya."))
    check_step(step, case.status, channel=case.channel)
    return case


@transaction.atomic
def message_pic(*, consultation: Consultation, author: User, body: str, now: datetime | None = None) -> PicMessage:
    """A message to the PIC, e-mailed and kept on the case (``body``: as ``PicMessageForm``
    cleans it)."""
    now = now or timezone.now()
    case = _handler_step(consultation, author, Step.MESSAGE_PIC)
    message = PicMessage.objects.create(consultation=case, author=author, from_pic=False, body=body, at=now)
    event = record(case, type=EventType.PIC_MESSAGE, actor=author, at=now, message_id=message.pk, from_pic=False)
    meeting_emails.queue_pic_message(case, message, event)
    return message


@transaction.atomic
def log_pic_reply(*, consultation: Consultation, author: User, body: str, now: datetime | None = None) -> PicMessage:
    """The PIC's reply (by e-mail or telephone), logged on the case by the assignee."""
    now = now or timezone.now()
    case = _handler_step(consultation, author, Step.MESSAGE_PIC)
    message = PicMessage.objects.create(consultation=case, author=author, from_pic=True, body=body, at=now)
    record(case, type=EventType.PIC_MESSAGE, actor=author, at=now, message_id=message.pk, from_pic=True)
    return message


# --- the schedule --------------------------------------------------------------------------


def _team(team: Iterable[User], case: Consultation) -> list[User]:
    """Who of ``team`` may attend for LKPP: active people of the case's directorate; at
    least one."""
    members = [user for user in team if user.is_active and user.directorate_id == case.directorate_id]
    if not members:
        raise ValidationError({"team": _("Pilih paling sedikit satu anggota tim LKPP untuk rapat ini.")}, code="team")
    return members


def _send_invitations(case: Consultation, meeting: Meeting, event, *, now: datetime, cancelled: bool = False) -> None:
    """The ``.ics`` of the meeting as it now stands, e-mailed to the PIC and the team."""
    team = list(meeting.team.all())
    content = invitation(
        uid=meeting.uid,
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=_("Rapat daring LKPP: %(subject)s") % {"subject": case.subject},
        description=_("Nomor konsultasi %(number)s. Tautan: %(link)s") % {"number": case.number, "link": meeting.link},
        link=meeting.link,
        organizer_email=settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">").strip(),
        organizer_name=str(settings.ADVOKASI_OFFICE_NAME),
        attendees=[(case.invitation.pic_email, case.invitation.pic_name)] + [(u.email, u.full_name) for u in team],
        cancelled=cancelled,
        now=now,
    )
    meeting_emails.queue_meeting_invitations(case, meeting, event, ics=content, cancelled=cancelled, team=team)


@transaction.atomic
def confirm_meeting(
    *,
    consultation: Consultation,
    actor: User,
    starts_at: datetime,
    ends_at: datetime,
    platform: str,
    link: str,
    team: Iterable[User],
    now: datetime | None = None,
) -> Meeting:
    """The assignee confirms the schedule with the PIC: the clock stops (the meeting may
    come later); the PIC and the team get the calendar invitation. After a cancellation
    (``cancel_meeting``) the schedule is set again on the same meeting: the same calendar
    event, its SEQUENCE going on from the cancellation's. The times, platform and link
    come as ``ConfirmMeetingForm`` cleans them (ahead, in order, in office hours or
    confirmed outside them, a web link); here: the team, and the meeting's state."""
    now = now or timezone.now()
    case = _handler_step(consultation, actor, Step.CONFIRM_MEETING)
    target = check_step(Step.CONFIRM_MEETING, case.status, channel=case.channel)
    members = _team(team, case)
    meeting = Meeting.objects.select_for_update().filter(consultation=case).first()
    if meeting is None:
        meeting = Meeting(consultation=case, uid=f"{uuid.uuid4()}@e-advokasi.lkpp.go.id", sequence=0)
    elif not meeting.is_cancelled:
        raise ValidationError({"__all__": _("Rapat ini sudah dijadwalkan.")}, code="confirmed")
    else:
        meeting.sequence += 1
        meeting.cancelled_at, meeting.cancelled_by, meeting.cancel_reason = None, "", ""
        meeting.cancel_recorded_by = None
    meeting.status, meeting.starts_at, meeting.ends_at = MeetingStatus.CONFIRMED, starts_at, ends_at
    meeting.platform, meeting.link = platform, link
    meeting.confirmed_by, meeting.confirmed_at, meeting.updated_at = actor, now, now
    meeting.save()
    meeting.team.set(members)
    case.status = target
    fields = run_clock(case, Step.CONFIRM_MEETING, now=now)
    case.save(update_fields=["status", "updated_at", *fields])
    event = record(
        case, type=EventType.MEETING_CONFIRMED, actor=actor, at=now, starts_at=starts_at, ends_at=ends_at,
        team=[u.pk for u in members], on_time=case.completed_on_time, sequence=meeting.sequence,
    )
    _send_invitations(case, meeting, event, now=now)
    sync(consultation, case)
    return meeting


@transaction.atomic
def reschedule_meeting(
    *,
    consultation: Consultation,
    actor: User,
    starts_at: datetime,
    ends_at: datetime,
    platform: str,
    link: str,
    reason: str,
    now: datetime | None = None,
) -> Meeting:
    """A new time (or link): the same calendar event, a higher SEQUENCE. The clock, stopped
    at the first confirmation, is not touched. The values come as ``RescheduleForm``
    cleans them."""
    now = now or timezone.now()
    case = _handler_step(consultation, actor, Step.RESCHEDULE_MEETING)
    meeting = Meeting.objects.select_for_update().get(consultation=case)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"__all__": _("Rapat ini sudah dibatalkan.")}, code="cancelled")
    meeting.starts_at, meeting.ends_at, meeting.platform, meeting.link = starts_at, ends_at, platform, link
    meeting.sequence += 1
    meeting.updated_at = now
    meeting.save()
    event = record(case, type=EventType.MEETING_RESCHEDULED, actor=actor, at=now, starts_at=starts_at,
                   ends_at=ends_at, sequence=meeting.sequence, reason=reason)
    _send_invitations(case, meeting, event, now=now)
    return meeting


def _no_report(case: Consultation) -> None:
    # A report is written after the meeting: a meeting with one was held, not cancelled.
    if MeetingReport.objects.filter(consultation=case).exists():
        raise ValidationError(
            {"__all__": _("Rapat ini sudah dilaporkan, jadi sudah berlangsung; rapat ini tidak dapat dibatalkan.")},
            code="reported",
        )


def _call_off(meeting: Meeting, *, actor: User, reason: str, cancelled_by: CancelledBy, now: datetime) -> None:
    """The meeting as cancelled (the CANCEL the caller sends carries the new SEQUENCE)."""
    meeting.status, meeting.sequence, meeting.updated_at = MeetingStatus.CANCELLED, meeting.sequence + 1, now
    meeting.cancelled_at, meeting.cancelled_by, meeting.cancel_reason = now, cancelled_by, reason
    meeting.cancel_recorded_by = actor
    meeting.save()


@transaction.atomic
def cancel_meeting(
    *,
    consultation: Consultation,
    actor: User,
    reason: str,
    cancelled_by: CancelledBy,
    now: datetime | None = None,
) -> Meeting:
    """The confirmed meeting is called off, by the PIC's side or by LKPP, to be set again:
    a CANCEL for the same event to the PIC and the team, and the case goes back to the
    desk (ASSIGNED; its assignee keeps it). The confirmation no longer stands, so the
    promise — a schedule confirmed within 2 working days — is owed again, counted afresh
    from the cancellation; a breach already on record stays, and earns no second credit
    (docs/decisions/0007-meeting-cancellation.md). ``reason`` and ``cancelled_by``
    come as ``CancelMeetingForm`` cleans them."""
    now = now or timezone.now()
    case = _handler_step(consultation, actor, Step.CANCEL_MEETING)
    target = check_step(Step.CANCEL_MEETING, case.status, channel=case.channel)
    meeting = Meeting.objects.select_for_update().get(consultation=case)
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Rapat ini sudah dibatalkan.")}, code="cancelled")
    who = CancelledBy(cancelled_by)
    _no_report(case)
    cancelled = (meeting.starts_at, meeting.ends_at)
    _call_off(meeting, actor=actor, reason=reason, cancelled_by=who, now=now)
    case.status = target
    if case.assignee_id is None:  # confirmed by a team lead straight from the Director's desk
        case.assignee = actor
    fields = _reopen_clock(case, now=now)
    case.save(update_fields=["status", "assignee", "updated_at", *fields])
    event = record(
        case, type=EventType.MEETING_CANCELLED, actor=actor, at=now, reason=reason, cancelled_by=who.value,
        sequence=meeting.sequence, starts_at=cancelled[0], ends_at=cancelled[1], due_at=case.due_at,
    )
    _send_invitations(case, meeting, event, now=now, cancelled=True)
    sync(consultation, case)
    return meeting


def _reopen_clock(case: Consultation, *, now: datetime) -> list[str]:
    """The clock of a case whose confirmation no longer stands, started again at ``now``
    (``core.lifecycle``: the channel's rule, the same the recompute applies), with no
    verdict and no reminder sent yet. ``breached_at`` is not touched: a breach on record
    is final, and the sweep and the reminders pass a breached clock by."""
    fields = lifecycle.start_clock(case, now)
    case.completed_at = case.completed_on_time = case.working_days_taken = case.at_risk_notified_at = None
    return [*fields, "completed_at", "completed_on_time", "working_days_taken", "at_risk_notified_at"]


@transaction.atomic
def close_cancelled_meeting(
    *,
    consultation: Consultation,
    actor: User,
    reason: str,
    cancelled_by: CancelledBy,
    now: datetime | None = None,
) -> Meeting:
    """The meeting is called off for good: the case is closed as cancelled (CANCELLED), with
    no output. From a confirmed schedule (the PIC and the team get the CANCEL), or from
    the desk when the schedule was cancelled before and no new one will be set (the PIC
    never came back). The clock closes without a verdict — neither on time nor late; a
    breach already on record stays. No survey follows: there was no output."""
    now = now or timezone.now()
    case = _handler_step(consultation, actor, Step.CLOSE_CANCELLED_MEETING)
    target = check_step(Step.CLOSE_CANCELLED_MEETING, case.status, channel=case.channel)
    meeting = Meeting.objects.select_for_update().filter(consultation=case).first()
    confirmed = case.status == Status.DELIVERED
    if meeting is None or meeting.is_cancelled == confirmed:
        # On the desk, only a case whose schedule was cancelled (never one not yet set).
        raise ValidationError(
            {"__all__": _("Belum ada jadwal rapat yang dibatalkan; konsultasi ini tidak dapat ditutup sebagai dibatalkan.")},
            code="not_cancelled",
        )
    who = CancelledBy(cancelled_by)
    _no_report(case)
    if confirmed:
        _call_off(meeting, actor=actor, reason=reason, cancelled_by=who, now=now)
    else:  # cancelled before: the last word on why it is off
        meeting.cancelled_at, meeting.cancelled_by, meeting.cancel_reason = now, who, reason
        meeting.cancel_recorded_by, meeting.updated_at = actor, now
        meeting.save()
    case.status = target
    fields = case.close_clock_without_verdict(now)
    case.save(update_fields=["status", "updated_at", *fields])
    event = record(
        case, type=EventType.MEETING_CLOSED_CANCELLED, actor=actor, at=now, reason=reason, cancelled_by=who.value,
        sequence=meeting.sequence, starts_at=meeting.starts_at, ends_at=meeting.ends_at,
    )
    if confirmed:
        _send_invitations(case, meeting, event, now=now, cancelled=True)
    sync(consultation, case)
    return meeting
