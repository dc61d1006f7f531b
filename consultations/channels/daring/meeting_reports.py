"""The online meeting's report (SK 234/2024, channel 4; ``meetings`` has the schedule):
after the meeting the assignee writes it (``write_report``), a team lead or the Director
approves it (``approve_report``): the PDF on the letterhead, stored with its SHA-256 and
e-mailed to the PIC. The report is the channel's output: the satisfaction survey waits
for its approval (``Consultation.output_sent``). Not approved 5 working days after the
meeting, it is "pending" (``report_pending``), a soft target, not a breach.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from consultations import policies
from consultations.channels import check_step
from consultations.errors import NotAllowed
from consultations.models import Consultation, EventType, Meeting, MeetingReport, MeetingStatus
from consultations.services.common import lock, record
from consultations.workflow import Step
from core.pdf import PdfError, render_pdf
from files.storage import discard

from . import emails as meeting_emails
from .selectors import report_context

__all__ = [
    "approve_report",
    "write_report",
]



@transaction.atomic
def write_report(
    *,
    consultation: Consultation,
    author: User,
    held_on: date,
    attendees_lkpp: str,
    attendees_applicant: str,
    problem: str,
    discussion: str,
    kinds: Sequence[str],
    advice: str,
    follow_ups: str = "",
    now: datetime | None = None,
) -> MeetingReport:
    """The assignee writes (or, until it is approved, rewrites) the report of the meeting,
    on or after its day. The values come as ``ReportForm`` cleans them (the text
    stripped, the kinds known and in order, the day not after today)."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_handle_meeting(author, case):
        raise NotAllowed(_("Hanya petugas yang menangani rapat ini atau pimpinannya yang dapat melakukannya."))
    check_step(Step.WRITE_REPORT, case.status, channel=case.channel)
    meeting = Meeting.objects.filter(consultation=case).first()
    if meeting is None or meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"__all__": _("Tidak ada rapat terjadwal untuk dilaporkan.")}, code="no_meeting")
    meeting_day = timezone.localdate(meeting.starts_at)
    if timezone.localdate(now) < meeting_day or held_on < meeting_day:
        raise ValidationError(
            {"held_on": _("Laporan ditulis setelah rapat: rapat dijadwalkan %(day)s.")
             % {"day": meeting_day.strftime("%d-%m-%Y")}},
            code="before_meeting",
        )
    existing = MeetingReport.objects.select_for_update().filter(consultation=case).first()
    if existing is not None and existing.is_approved:
        raise ValidationError({"__all__": _("Laporan ini sudah disetujui dan dikirim; tidak dapat diubah.")})
    report = existing or MeetingReport(consultation=case)
    report.attendees_lkpp, report.attendees_applicant = attendees_lkpp, attendees_applicant
    report.problem, report.discussion, report.kinds = problem, discussion, list(kinds)
    report.advice, report.follow_ups = advice, follow_ups
    report.author, report.held_on, report.written_at = author, held_on, now
    report.save()
    record(case, type=EventType.REPORT_WRITTEN, actor=author, at=now, held_on=held_on)
    return report


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
        meeting_emails.queue_meeting_report(case, report, event)
    except BaseException:
        discard([report], field="pdf")
        raise
    return report


