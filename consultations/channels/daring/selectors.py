"""Reads of the online-meeting channel: whether a case's schedule stands cancelled, its
approved report, what the report's PDF says, and which meetings held still wait for
their report."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404

from accounts.models import Role
from consultations.channels import Channel
from consultations.models import Consultation, Meeting, MeetingReport, MeetingStatus
from consultations.policies import Scope, case_scope
from consultations.selectors import ScopeViewer, visible_cases
from core.prepared import Prepared
from workdays.deadlines import add_working_days

# A soft target (not a breach): the report within 5 working days after the meeting.
REPORT_DUE_WORKING_DAYS = 5


def schedule_cancelled(*, case: Consultation) -> bool:
    """The case's schedule was cancelled and not set again (its meeting stands
    CANCELLED): what is left on the cancel form is closing the case."""
    return Meeting.objects.filter(consultation=case, status=MeetingStatus.CANCELLED).exists()


def approved_report_of(*, case: Consultation) -> MeetingReport:
    """The case's approved report (a case the user already may see); 404 before it is
    approved."""
    return get_object_or_404(MeetingReport, consultation=case, approved_at__isnull=False)


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
        "link": case.meeting.link,
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


def report_pending(meeting: Meeting, report: MeetingReport | None, *, now: datetime) -> bool:
    """No approved report 5 working days after the meeting: "report pending" (soft)."""
    if meeting.status == MeetingStatus.CANCELLED or (report is not None and report.is_approved):
        return False
    return now > add_working_days(meeting.starts_at, REPORT_DUE_WORKING_DAYS)


def _held(cases, now: datetime):
    """Among ``cases``, the confirmed meetings held before ``now`` with no approved report,
    soonest first. Meetings whose report is approved are out in SQL: the list stays the
    few in flight, not every meeting ever held (the dashboard and the desk read it on
    every view)."""
    return (
        cases.filter(channel=Channel.DARING, meeting__status=MeetingStatus.CONFIRMED, meeting__starts_at__lt=now)
        .exclude(meeting_report__approved_at__isnull=False)
        .select_related("meeting", "meeting_report")
        .order_by("meeting__starts_at")
    )


def _pending(held, now: datetime) -> list[Consultation]:
    return [case for case in held if report_pending(case.meeting, getattr(case, "meeting_report", None), now=now)]


def reports_pending(cases, *, now: datetime) -> list[Consultation]:
    """Among ``cases``, the meetings held whose report is pending (``report_pending``)."""
    return _pending(_held(cases, now), now)


# The dashboard's list, read on every view while a meeting waits for its report: its SQL
# written once per process (``core.prepared``; Django took ~2 ms to build and compile it,
# ten times what PostgreSQL takes to answer), one query per scope a dashboard may have.
_HELD_BY_SCOPE = {
    Scope.DIRECTORATE: Prepared(
        lambda directorate_id, now: _held(visible_cases(ScopeViewer(Role.DIRECTOR, directorate_id)), now), datetimes=(1,)
    ),
    Scope.ALL: Prepared(lambda now: _held(visible_cases(ScopeViewer(Role.ADMIN)), now), datetimes=(0,)),
}


def reports_pending_for(user, *, now: datetime) -> list[Consultation]:
    """:func:`reports_pending` among the cases ``user`` may see (``visible_cases``)."""
    scope = case_scope(user)
    if scope is Scope.DIRECTORATE and user.directorate_id is not None:
        return _pending(_HELD_BY_SCOPE[scope](user.directorate_id, now), now)
    if scope is Scope.ALL:
        return _pending(_HELD_BY_SCOPE[scope](now), now)
    return reports_pending(visible_cases(user), now=now)
