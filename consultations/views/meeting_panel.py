"""What the staff case page shows of an online meeting: the invitation's PIC and proposed
times, the messages with the PIC, the schedule, the report, and the forms of the steps
the user may take now. The POST views are ``views.meetings``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import User
from accounts.roles import CASEWORKER_ROLES
from consultations import policies
from consultations.channels import Channel
from consultations.forms import CancelMeetingForm, ConfirmMeetingForm, PicMessageForm, ReportForm, RescheduleForm
from consultations.models import Consultation, Meeting, MeetingInvitation, MeetingReport, MeetingStatus, PicMessage
from consultations.services import meetings
from consultations.workflow import Step


def team_candidates(case: Consultation) -> list[User]:
    return list(User.objects.in_directorate(case.directorate).filter(role__in=CASEWORKER_ROLES).order_by("full_name"))


def meeting_panel(user: User, case: Consultation, access: policies.CaseAccess, bound: dict) -> dict | None:
    if case.channel != Channel.DARING:
        return None
    invitation = MeetingInvitation.objects.filter(consultation=case).first()
    if invitation is None:
        return None
    meeting = Meeting.objects.filter(consultation=case).prefetch_related("team").first()
    report = MeetingReport.objects.filter(consultation=case).select_related("author", "approved_by").first()
    now = timezone.now()
    forms: dict = {}
    if Step.MESSAGE_PIC in access:
        forms["pic"] = bound.get("pic") or PicMessageForm(prefix="pic")
    if Step.CONFIRM_MEETING in access:
        initial = {}
        if invitation.proposed_slots:
            first = timezone.localtime(parse_datetime(invitation.proposed_slots[0]))
            initial = {"day": first.date(), "starts": first.time()}
        initial |= {"platform": invitation.platform, "link": invitation.link}
        forms["confirm"] = bound.get("confirm") or ConfirmMeetingForm(
            prefix="jadwal", candidates=team_candidates(case), initial=initial
        )
    live = meeting is not None and meeting.status == MeetingStatus.CONFIRMED
    if live and Step.RESCHEDULE_MEETING in access and (report is None or not report.is_approved):
        forms["reschedule"] = bound.get("reschedule") or RescheduleForm(prefix="ubah")
        forms["cancel"] = bound.get("cancel") or CancelMeetingForm(prefix="batal")
    if live and Step.WRITE_REPORT in access and (report is None or not report.is_approved):
        if timezone.localdate(now) >= timezone.localdate(meeting.starts_at):
            initial = {}
            if report is not None:
                initial = {f: getattr(report, f) for f in ("held_on", "attendees_lkpp", "attendees_applicant", "problem",
                                                           "discussion", "kinds", "advice", "follow_ups")}
            else:
                initial = {"held_on": timezone.localdate(meeting.starts_at),
                           "attendees_lkpp": "\n".join(u.full_name for u in meeting.team.all())}
            forms["report"] = bound.get("report") or ReportForm(prefix="lapor", initial=initial)
    if report is not None and not report.is_approved and Step.APPROVE_REPORT in access:
        forms["approve"] = True
    return {
        "invitation": invitation,
        "slots": [parse_datetime(value) for value in invitation.proposed_slots],
        "messages": list(PicMessage.objects.filter(consultation=case).select_related("author")),
        "meeting": meeting,
        "report": report,
        "report_pending": meeting is not None and meetings.report_pending(meeting, report, now=now),
        "forms": forms,
    }
