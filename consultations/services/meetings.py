"""The online-meeting channel (SK 234/2024, channel 4), one function per step. The
invitation goes through the letter desk (``letters``: registration, checklist, receipt
— the 2-working-day clock starts — and disposition); then:

    message_pic / log_pic_reply (the coordination with the PIC, kept on the case)
    confirm_meeting (the assignee: date, time, platform, link, the LKPP team)
        -> DELIVERED; the clock stops; the PIC and the team get a calendar invitation
    reschedule_meeting (an update: SEQUENCE + 1) / cancel_meeting (METHOD:CANCEL)
    write_report (after the meeting) -> approve_report (a team lead or the Director):
        the PDF on the letterhead, stored with its SHA-256, e-mailed to the PIC
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_verified_email
from accounts.models import Directorate, Role, User
from core.pdf import PdfError, render_pdf
from files.storage import discard
from workdays.deadlines import add_working_days

from .. import emails, policies
from ..calendar_invites import invitation
from ..channels import Channel, check_step
from ..errors import NotAllowed
from ..models import (
    ADDRESSEE_DIRECTORATE,
    Consultation,
    EventType,
    LetterSource,
    Meeting,
    MeetingInvitation,
    MeetingReport,
    MeetingStatus,
    PicMessage,
)
from ..workflow import Step
from .common import collect, indonesian_phone, lock, record, run_clock, sync, text
from .common import kinds as checked_kinds
from .letters import create_letter, letter_fields
from .office_hours import desk_is_open

__all__ = [
    "REPORT_DUE_WORKING_DAYS",
    "approve_report",
    "cancel_meeting",
    "confirm_meeting",
    "log_pic_reply",
    "message_pic",
    "register_invitation",
    "report_pending",
    "reports_pending",
    "reschedule_meeting",
    "upload_invitation",
    "write_report",
]

# A soft target (not a breach): the report within 5 working days after the meeting.
REPORT_DUE_WORKING_DAYS = 5
MESSAGE_MAX = 4000
_HTTP = URLValidator(schemes=["http", "https"])


# --- the invitation ---------------------------------------------------------------------


def _meeting_link(value: str, *, field: str = "link", required: bool = False) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError({field: _("Isi tautan rapat.")}, code="required")
        return ""
    try:
        _HTTP(value)
    except ValidationError:
        raise ValidationError(
            {field: _("Tautan rapat harus alamat web yang diawali http:// atau https://.")}, code="link"
        ) from None
    return value


def _slots(values: Iterable[datetime], *, now: datetime) -> list[datetime]:
    slots = [value for value in values or () if value]
    past = [value for value in slots if value <= now]
    if past:
        raise ValidationError(
            {"proposed_slots": _("Waktu yang diusulkan sudah lewat: %(when)s.")
             % {"when": ", ".join(timezone.localtime(v).strftime("%d-%m-%Y %H:%M") for v in past)}},
            code="past",
        )
    return sorted(slots)


def _invitation_parts(*, pic_name, pic_phone, pic_email, proposed_slots, platform, link, now) -> dict:
    name, phone, _email, slots, link = collect(
        lambda: text(pic_name, field="pic_name", max_length=200),
        lambda: indonesian_phone(pic_phone, field="pic_phone"),
        lambda: _pic_email(pic_email),
        lambda: _slots(proposed_slots, now=now),
        lambda: _meeting_link(link),
    )
    return {"pic_name": name, "pic_phone": phone, "proposed_slots": slots, "platform": (platform or "").strip()[:100],
            "link": link}


def _pic_email(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({"pic_email": _("Isi alamat e-mail PIC.")}, code="required")
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError({"pic_email": _("Alamat e-mail PIC tidak valid.")}, code="invalid") from None
    return value


def _file_invitation(*, actor, applicant, source, fields_in: dict, invitation_in: dict, language: str, now: datetime):
    if fields_in["addressee"] not in ADDRESSEE_DIRECTORATE:
        raise ValidationError(
            {"addressee": _("Undangan rapat daring ditujukan kepada salah satu dari tiga Direktur.")}, code="addressee"
        )
    try:
        parts, fields = collect(
            lambda: _invitation_parts(now=now, **invitation_in),
            lambda: letter_fields(
                **fields_in, contact_email=invitation_in["pic_email"], contact_phone="", today=timezone.localdate(now)
            ),
        )
    except ValidationError as exc:
        # The PIC's e-mail is the case's contact: said once, next to the PIC's field.
        raise ValidationError({k: v for k, v in exc.error_dict.items() if k != "contact_email"}) from None
    fields["contact_email"] = invitation_in["pic_email"].strip()
    fields["contact_phone"] = parts["pic_phone"]

    def attach(consultation: Consultation) -> None:
        MeetingInvitation.objects.create(consultation=consultation, pic_email=fields["contact_email"], **parts)

    return create_letter(
        actor=actor, applicant=applicant, source=source,
        directorate=Directorate.objects.get(code=ADDRESSEE_DIRECTORATE[fields_in["addressee"]]), fields=fields,
        addressee=fields_in["addressee"], sender_kind=fields_in["sender_kind"], letter_date=fields_in["letter_date"],
        language=language, now=now, channel=Channel.DARING, attach=attach,
    )


@transaction.atomic
def register_invitation(
    *,
    actor: User,
    source: str,
    addressee: str,
    sender_kind: str,
    sender_name: str,
    institution_name: str,
    letter_number: str,
    letter_date: date | None,
    subject: str,
    scan: UploadedFile | None,
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
    """The secretariat registers a meeting invitation (e-office or paper) to a Director."""
    now = now or timezone.now()
    if not (actor.is_active and actor.role == Role.FRONT_DESK):
        raise NotAllowed(_("Hanya Sekretariat Pelayanan yang dapat mendaftarkan undangan."))
    if source not in (LetterSource.PAPER, LetterSource.EOFFICE):
        raise ValidationError({"source": _("Pilih asal surat: surat fisik atau e-office.")}, code="source")
    return _file_invitation(
        actor=actor, applicant=None, source=LetterSource(source), language=language, now=now,
        fields_in={"addressee": addressee, "sender_kind": sender_kind, "sender_name": sender_name,
                   "institution_name": institution_name, "letter_number": letter_number, "letter_date": letter_date,
                   "subject": subject, "summary": summary, "eoffice_reference": eoffice_reference, "scan": scan},
        invitation_in={"pic_name": pic_name, "pic_phone": pic_phone, "pic_email": pic_email,
                       "proposed_slots": proposed_slots, "platform": platform, "link": link},
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
    letter_date: date | None,
    subject: str,
    scan: UploadedFile | None,
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
    """An applicant with a verified e-mail uploads their institution's invitation."""
    now = now or timezone.now()
    if applicant.role != Role.APPLICANT or not applicant.is_active:
        raise NotAllowed(_("Hanya pemohon yang dapat mengunggah undangan di portal."))
    if not has_verified_email(applicant):
        raise NotAllowed(_("Verifikasi alamat e-mail Anda sebelum mengunggah undangan."))
    return _file_invitation(
        actor=applicant, applicant=applicant, source=LetterSource.PORTAL, language=language or applicant.language,
        now=now,
        fields_in={"addressee": addressee, "sender_kind": sender_kind, "sender_name": sender_name,
                   "institution_name": institution_name, "letter_number": letter_number, "letter_date": letter_date,
                   "subject": subject, "summary": summary, "eoffice_reference": "", "scan": scan},
        invitation_in={"pic_name": pic_name, "pic_phone": pic_phone, "pic_email": pic_email,
                       "proposed_slots": proposed_slots, "platform": platform, "link": link},
    )


# --- coordination with the PIC -------------------------------------------------------------


def _handler_step(consultation: Consultation, actor: User, step: Step) -> Consultation:
    case = lock(consultation)
    if not (policies.is_assignee(actor, case) or policies.is_lead_of(actor, case)):
        raise NotAllowed(_("Hanya petugas yang menangani rapat ini atau pimpinannya yang dapat melakukannya."))
    check_step(step, case.status, channel=case.channel)
    return case


@transaction.atomic
def message_pic(*, consultation: Consultation, author: User, body: str, now: datetime | None = None) -> PicMessage:
    """A message to the PIC, e-mailed and kept on the case."""
    now = now or timezone.now()
    case = _handler_step(consultation, author, Step.MESSAGE_PIC)
    body = text(body, field="body", max_length=MESSAGE_MAX)
    message = PicMessage.objects.create(consultation=case, author=author, from_pic=False, body=body, at=now)
    event = record(case, type=EventType.PIC_MESSAGE, actor=author, at=now, message_id=message.pk, from_pic=False)
    emails.queue_pic_message(case, message, event)
    return message


@transaction.atomic
def log_pic_reply(*, consultation: Consultation, author: User, body: str, now: datetime | None = None) -> PicMessage:
    """The PIC's reply (by e-mail or telephone), logged on the case by the assignee."""
    now = now or timezone.now()
    case = _handler_step(consultation, author, Step.MESSAGE_PIC)
    body = text(body, field="body", max_length=MESSAGE_MAX)
    message = PicMessage.objects.create(consultation=case, author=author, from_pic=True, body=body, at=now)
    record(case, type=EventType.PIC_MESSAGE, actor=author, at=now, message_id=message.pk, from_pic=True)
    return message


# --- the schedule --------------------------------------------------------------------------


def _schedule(*, starts_at, ends_at, link, platform, now, outside_hours_ok: bool) -> tuple[str, str]:
    def check_times():
        if starts_at is None or ends_at is None:
            raise ValidationError({"starts_at": _("Isi tanggal, jam mulai dan jam selesai rapat.")}, code="required")
        if starts_at <= now:
            raise ValidationError({"starts_at": _("Waktu rapat sudah lewat; pilih waktu yang akan datang.")}, code="past")
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": _("Jam selesai harus setelah jam mulai.")}, code="order")
        if not outside_hours_ok and not (desk_is_open(starts_at) and desk_is_open(ends_at - timedelta(minutes=1))):
            raise ValidationError(
                {"starts_at": _(
                    "Waktu ini di luar jam kerja LKPP (atau hari libur). Centang konfirmasi bila rapat memang "
                    "dijadwalkan pada waktu tersebut."
                )},
                code="outside_hours",
            )

    _times, link, platform = collect(
        check_times,
        lambda: _meeting_link(link, required=True),
        lambda: text(platform, field="platform", max_length=100),
    )
    return link, platform


def _team(team: Iterable[User], case: Consultation) -> list[User]:
    members = [user for user in team or () if user.is_active and user.directorate_id == case.directorate_id]
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
    emails.queue_meeting_invitations(case, meeting, event, ics=content, cancelled=cancelled, team=team)


@transaction.atomic
def confirm_meeting(
    *,
    consultation: Consultation,
    actor: User,
    starts_at: datetime | None,
    ends_at: datetime | None,
    platform: str,
    link: str,
    team: Iterable[User],
    outside_hours_ok: bool = False,
    now: datetime | None = None,
) -> Meeting:
    """The assignee confirms the schedule with the PIC: the clock stops (the meeting may
    come later); the PIC and the team get the calendar invitation."""
    now = now or timezone.now()
    case = _handler_step(consultation, actor, Step.CONFIRM_MEETING)
    target = check_step(Step.CONFIRM_MEETING, case.status, channel=case.channel)
    (link, platform), members = collect(
        lambda: _schedule(starts_at=starts_at, ends_at=ends_at, link=link, platform=platform, now=now,
                          outside_hours_ok=outside_hours_ok),
        lambda: _team(team, case),
    )
    meeting = Meeting.objects.create(
        consultation=case, uid=f"{uuid.uuid4()}@e-advokasi.lkpp.go.id", sequence=0, starts_at=starts_at,
        ends_at=ends_at, platform=platform, link=link, confirmed_by=actor, confirmed_at=now, updated_at=now,
    )
    meeting.team.set(members)
    case.status = target
    fields = run_clock(case, Step.CONFIRM_MEETING, now=now)
    case.save(update_fields=["status", "updated_at", *fields])
    event = record(
        case, type=EventType.MEETING_CONFIRMED, actor=actor, at=now, starts_at=starts_at, ends_at=ends_at,
        team=[u.pk for u in members], on_time=case.completed_on_time,
    )
    _send_invitations(case, meeting, event, now=now)
    sync(consultation, case)
    return meeting


@transaction.atomic
def reschedule_meeting(
    *,
    consultation: Consultation,
    actor: User,
    starts_at: datetime | None,
    ends_at: datetime | None,
    platform: str,
    link: str,
    reason: str,
    outside_hours_ok: bool = False,
    now: datetime | None = None,
) -> Meeting:
    """A new time (or link): the same calendar event, a higher SEQUENCE. The clock, stopped
    at the first confirmation, is not touched."""
    now = now or timezone.now()
    case = _handler_step(consultation, actor, Step.RESCHEDULE_MEETING)
    meeting = Meeting.objects.select_for_update().get(consultation=case)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"__all__": _("Rapat ini sudah dibatalkan.")}, code="cancelled")
    (link, platform), reason = collect(
        lambda: _schedule(starts_at=starts_at, ends_at=ends_at, link=link, platform=platform, now=now,
                          outside_hours_ok=outside_hours_ok),
        lambda: text(reason, field="reason", max_length=500),
    )
    meeting.starts_at, meeting.ends_at, meeting.platform, meeting.link = starts_at, ends_at, platform, link
    meeting.sequence += 1
    meeting.updated_at = now
    meeting.save()
    event = record(case, type=EventType.MEETING_RESCHEDULED, actor=actor, at=now, starts_at=starts_at,
                   ends_at=ends_at, sequence=meeting.sequence, reason=reason)
    _send_invitations(case, meeting, event, now=now)
    return meeting


@transaction.atomic
def cancel_meeting(*, consultation: Consultation, actor: User, reason: str, now: datetime | None = None) -> Meeting:
    """The meeting is called off: a CANCEL for the same event."""
    now = now or timezone.now()
    case = _handler_step(consultation, actor, Step.CANCEL_MEETING)
    meeting = Meeting.objects.select_for_update().get(consultation=case)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"__all__": _("Rapat ini sudah dibatalkan.")}, code="cancelled")
    reason = text(reason, field="reason", max_length=500)
    meeting.status, meeting.sequence, meeting.updated_at = MeetingStatus.CANCELLED, meeting.sequence + 1, now
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    event = record(case, type=EventType.MEETING_CANCELLED, actor=actor, at=now, reason=reason, sequence=meeting.sequence)
    _send_invitations(case, meeting, event, now=now, cancelled=True)
    return meeting


# --- the report --------------------------------------------------------------------------------


@transaction.atomic
def write_report(
    *,
    consultation: Consultation,
    author: User,
    held_on: date | None,
    attendees_lkpp: str,
    attendees_applicant: str,
    problem: str,
    discussion: str,
    kinds: Iterable[str],
    advice: str,
    follow_ups: str = "",
    now: datetime | None = None,
) -> MeetingReport:
    """The assignee writes (or, until it is approved, rewrites) the report of the meeting."""
    now = now or timezone.now()
    case = _handler_step(consultation, author, Step.WRITE_REPORT)
    meeting = Meeting.objects.filter(consultation=case).first()
    if meeting is None or meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"__all__": _("Tidak ada rapat terjadwal untuk dilaporkan.")}, code="no_meeting")
    meeting_day = timezone.localdate(meeting.starts_at)

    def check_day():
        if held_on is None:
            raise ValidationError({"held_on": _("Isi tanggal rapat.")}, code="required")
        if timezone.localdate(now) < meeting_day or held_on < meeting_day:
            raise ValidationError(
                {"held_on": _("Laporan ditulis setelah rapat: rapat dijadwalkan %(day)s.")
                 % {"day": meeting_day.strftime("%d-%m-%Y")}},
                code="before_meeting",
            )
        if held_on > timezone.localdate(now):
            raise ValidationError({"held_on": _("Tanggal rapat tidak boleh setelah hari ini.")}, code="future")

    values = collect(
        check_day,
        lambda: text(attendees_lkpp, field="attendees_lkpp"),
        lambda: text(attendees_applicant, field="attendees_applicant"),
        lambda: text(problem, field="problem"),
        lambda: text(discussion, field="discussion"),
        lambda: checked_kinds(kinds),
        lambda: text(advice, field="advice"),
        lambda: text(follow_ups, field="follow_ups", required=False),
    )
    existing = MeetingReport.objects.select_for_update().filter(consultation=case).first()
    if existing is not None and existing.is_approved:
        raise ValidationError({"__all__": _("Laporan ini sudah disetujui dan dikirim; tidak dapat diubah.")})
    report = existing or MeetingReport(consultation=case)
    (report.attendees_lkpp, report.attendees_applicant, report.problem, report.discussion, report.kinds,
     report.advice, report.follow_ups) = values[1:]
    report.author, report.held_on, report.written_at = author, held_on, now
    report.save()
    record(case, type=EventType.REPORT_WRITTEN, actor=author, at=now, held_on=held_on)
    return report


def report_context(case: Consultation, report: MeetingReport) -> dict:
    """What the report's PDF (``pdf/meeting-report.html``) says."""
    return {
        "case_number": case.number,
        "directorate_name": case.directorate.localized_name,
        "subject": case.subject,
        "institution": case.institution_name,
        "letter_number": case.letter.letter_number,
        "held_on": report.held_on,
        "starts_at": case.meeting.starts_at,
        "ends_at": case.meeting.ends_at,
        "platform": case.meeting.platform,
        "attendees_lkpp": report.attendees_lkpp,
        "attendees_applicant": report.attendees_applicant,
        "problem": report.problem,
        "discussion": report.discussion,
        "kinds": report.kind_labels,
        "advice": report.advice,
        "follow_ups": report.follow_ups,
        "author_name": report.author.full_name,
        "approver_name": report.approved_by.full_name if report.approved_by_id else "",
        "approved_at": report.approved_at,
    }


@transaction.atomic
def approve_report(*, consultation: Consultation, actor: User, now: datetime | None = None) -> MeetingReport:
    """A team lead (or the Director) approves: the PDF is rendered once, stored with its
    SHA-256 and e-mailed to the PIC. If rendering fails nothing changes."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.is_lead_of(actor, case):
        raise NotAllowed(_("Hanya Ketua Tim Kerja atau Direktur direktorat ini yang menyetujui laporan rapat."))
    check_step(Step.APPROVE_REPORT, case.status, channel=case.channel)
    report = MeetingReport.objects.select_for_update().filter(consultation=case).first()
    if report is None:
        raise ValidationError({"__all__": _("Laporan rapat belum ditulis.")}, code="no_report")
    if report.is_approved:
        raise ValidationError({"__all__": _("Laporan ini sudah disetujui.")}, code="approved")
    if report.author_id == actor.pk and actor.role != Role.DIRECTOR:
        raise ValidationError({"__all__": _("Laporan disetujui oleh Ketua Tim Kerja lain atau Direktur, bukan penyusunnya.")})
    report.approved_by, report.approved_at = actor, now
    try:
        content = render_pdf("meeting-report", report_context(case, report), language=case.language)
    except PdfError as exc:
        raise ValidationError(
            {"__all__": _("Laporan gagal dibuat sebagai PDF; tidak ada yang berubah. Coba lagi sebentar lagi.")},
            code="pdf_failed",
        ) from exc
    report.sha256 = hashlib.sha256(content).hexdigest()
    report.pdf.save(f"laporan-{case.number}.pdf", ContentFile(content), save=False)
    try:
        report.save()
        event = record(case, type=EventType.REPORT_APPROVED, actor=actor, at=now, sha256=report.sha256)
        emails.queue_meeting_report(case, report, event)
    except BaseException:
        discard([report], field="pdf")
        raise
    return report


def report_pending(meeting: Meeting, report: MeetingReport | None, *, now: datetime) -> bool:
    """No approved report 5 working days after the meeting: "report pending" (soft)."""
    if meeting.status == MeetingStatus.CANCELLED or (report is not None and report.is_approved):
        return False
    return now > add_working_days(meeting.starts_at, REPORT_DUE_WORKING_DAYS)


def reports_pending(cases, *, now: datetime) -> list[Consultation]:
    """Among ``cases``, the meetings held whose report is pending (``report_pending``)."""
    # Meetings whose report is approved are out in SQL: the list stays the few in flight,
    # not every meeting ever held (the dashboard and the desk read it on every view).
    held = (
        cases.filter(channel=Channel.DARING, meeting__status=MeetingStatus.CONFIRMED, meeting__starts_at__lt=now)
        .exclude(meeting_report__approved_at__isnull=False)
        .select_related("meeting", "meeting_report")
        .order_by("meeting__starts_at")
    )
    return [
        case for case in held
        if report_pending(case.meeting, getattr(case, "meeting_report", None), now=now)
    ]
