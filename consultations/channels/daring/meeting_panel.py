"""What the staff case page shows of an online meeting: the invitation's PIC and proposed
times, the messages with the PIC, the schedule (and the schedules cancelled before), the
report, and the forms of the steps the user may take now. The POST views are
``views.meetings``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import User
from accounts.roles import CASEWORKER_ROLES
from consultations import policies
from consultations.channels import Channel
from consultations.models import (
    CancelledBy,
    Consultation,
    Event,
    EventType,
    Meeting,
    MeetingInvitation,
    MeetingReport,
    MeetingStatus,
    PicMessage,
)
from consultations.workflow import Step

from . import selectors as meeting_selectors
from .forms import CancelMeetingForm, ConfirmMeetingForm, PicMessageForm, ReportForm, RescheduleForm


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
        forms["confirm"] = bound.get("confirm") or ConfirmMeetingForm(
            prefix="jadwal", candidates=team_candidates(case), initial=_confirm_initial(invitation, meeting, now)
        )
    live = meeting is not None and meeting.status == MeetingStatus.CONFIRMED
    if live and Step.RESCHEDULE_MEETING in access and (report is None or not report.is_approved):
        forms["reschedule"] = bound.get("reschedule") or RescheduleForm(prefix="ubah")
    if live and Step.CANCEL_MEETING in access and report is None:
        forms["cancel"] = bound.get("cancel") or CancelMeetingForm(prefix="batal")
    elif meeting is not None and meeting.is_cancelled and Step.CLOSE_CANCELLED_MEETING in access:
        # Back on the desk after a cancellation: a new schedule (above), or close the case.
        forms["cancel"] = bound.get("cancel") or CancelMeetingForm(prefix="batal", closing_only=True)
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
        "cancellations": cancellations(case),
        "report": report,
        "report_pending": meeting is not None and meeting_selectors.report_pending(meeting, report, now=now),
        "forms": forms,
    }


def _confirm_initial(invitation: MeetingInvitation, meeting: Meeting | None, now) -> dict:
    """The schedule form's first values: after a cancellation, the cancelled schedule's
    platform, link and team (the times are to be agreed again); else the invitation's
    first proposed time, if still ahead, and its platform and link."""
    if meeting is not None:
        return {"platform": meeting.platform, "link": meeting.link, "team": [u.pk for u in meeting.team.all()]}
    initial = {"platform": invitation.platform, "link": invitation.link}
    if invitation.proposed_slots:
        first = timezone.localtime(parse_datetime(invitation.proposed_slots[0]))
        if first > now:
            initial |= {"day": first.date(), "starts": first.time()}
    return initial


def cancellations(case: Consultation) -> list[dict]:
    """The schedules called off on this case, oldest first: when, the schedule it was, by
    whom (the PIC's side or LKPP), why, who recorded it, and whether it closed the case."""
    events = Event.objects.filter(
        consultation=case, type__in=[EventType.MEETING_CANCELLED, EventType.MEETING_CLOSED_CANCELLED]
    ).select_related("actor")
    return [
        {
            "at": event.at,
            "starts_at": parse_datetime(event.data["starts_at"]) if event.data.get("starts_at") else None,
            "cancelled_by": CancelledBy(event.data["cancelled_by"]).label if event.data.get("cancelled_by") else "",
            "reason": event.data.get("reason", ""),
            "recorded_by": event.actor.full_name if event.actor_id else "",
            "closed": event.type == EventType.MEETING_CLOSED_CANCELLED,
        }
        for event in events
    ]
