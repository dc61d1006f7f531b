"""What the staff case page shows of an online meeting: the invitation's PIC and proposed
times, the messages with the PIC, the schedule (and the schedules cancelled before), the
report, and the forms of the steps the user may take now. The POST views are
``views.meetings``."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import User
from accounts.roles import CASEWORKER_ROLES
from consultations import policies
from consultations.channels import Channel
from consultations.channels.surat.letter_panel import LETTER_PEOPLE, LETTER_SHOWN, fields_of
from consultations.models import (
    CancelledBy,
    Consultation,
    Event,
    EventType,
    IncomingLetter,
    Meeting,
    MeetingInvitation,
    MeetingReport,
    MeetingStatus,
    PicMessage,
)
from consultations.views import case_rows
from consultations.workflow import Step
from core.prepared import Prepared, set_prefetched

from . import panel_html
from . import selectors as meeting_selectors
from .forms import CancelMeetingForm, ConfirmMeetingForm, PicMessageForm, ReportForm, RescheduleForm


def team_candidates(case: Consultation) -> list[User]:
    return list(User.objects.in_directorate(case.directorate).filter(role__in=CASEWORKER_ROLES).order_by("full_name"))


# The rows of an online-meeting case besides the case, read together (:func:`meeting_records`).
MEETING_ROWS = ("invitation", "meeting", "meeting_report")
LETTER_ROWS = ("letter__scan",)


def _hub(*related: str, shown: tuple[str, ...]) -> Prepared:
    """The case's rows ``related`` by their one-to-one links, with only the columns shown
    (not the case's own: the page has it)."""
    return Prepared(
        lambda case_id: Consultation.objects.filter(pk=case_id).select_related(*related).only("pk", *shown).order_by()
    )


# The people of these rows (the report's author and approver, the letter's desk and
# Director) come from the page's records (``case_rows.attach_people``).
_MEETING_RELATED = ("invitation", "meeting", "meeting_report")
_MEETING_SHOWN = (*fields_of(MeetingInvitation, "invitation__"), *fields_of(Meeting, "meeting__"),
                  *fields_of(MeetingReport, "meeting_report__"))
_HUBS = {
    False: _hub(*_MEETING_RELATED, shown=_MEETING_SHOWN),
    True: _hub(*_MEETING_RELATED, *LETTER_ROWS, shown=(
        *_MEETING_SHOWN, *fields_of(IncomingLetter, "letter__"), *(f"letter__{name}" for name in LETTER_SHOWN))),
}
_TEAM = Prepared(
    lambda case_id: Meeting.team.through.objects.filter(meeting_id=case_id).select_related("user")
    .order_by("user__full_name", "user__email")
)
_PIC_MESSAGES = Prepared(lambda case_id: PicMessage.objects.filter(consultation_id=case_id).select_related("author"))


def meeting_records(case: Consultation, *, with_letter: bool = False, rows=None) -> dict:
    """The invitation, the meeting and the report of ``case`` — and with ``with_letter``
    the invitation's letter with its scan —, in one query, by name (``invitation``,
    ``meeting``, ``meeting_report``, ``letter``; None when there is none); their people
    from ``rows``, the page's records (``case_rows.attach_people``)."""
    names = (*MEETING_ROWS, *(("letter",) if with_letter else ()))
    if rows is not None and all(name in rows.kinds for name in names):  # read with the page's records
        found = {name: next(iter(getattr(rows, name)), None) for name in names}
        letter = found.get("letter")
        scan = next((file for file in rows.files if letter is not None and file.pk == letter.scan_id), None)
        if scan is not None:
            letter.scan = scan
    else:
        hubs = _HUBS[with_letter](case.pk)
        hub = hubs[0] if hubs else None
        found = {name: _one(hub, name) for name in names}
    letter, report = found.get("letter"), found["meeting_report"]
    if letter is not None:
        letter.consultation = case  # the page's own case: no second read of it
    case_rows.attach_people(rows, [(report, "author"), (report, "approved_by"),
                                   *((letter, name) for name in LETTER_PEOPLE)])
    return found


def _one(hub: Consultation | None, name: str):
    """``hub.<name>`` read with it, or None (a reverse one-to-one without a row)."""
    try:
        return getattr(hub, name) if hub is not None else None
    except ObjectDoesNotExist:
        return None


def meeting_panel(
    user: User,
    case: Consultation,
    access: policies.CaseAccess,
    bound: dict,
    *,
    records: dict | None = None,
    events: list[Event] | None = None,
    rows=None,
) -> dict | None:
    """``records``: :func:`meeting_records` if the caller read them; ``events``: the
    case's history as the page read it (the cancellations are among them); ``rows``: the
    page's other records (views/case_rows: the team, the messages with the PIC)."""
    if case.channel != Channel.DARING:
        return None
    records = records if records is not None else meeting_records(case, rows=rows)
    invitation, meeting, report = (records[name] for name in MEETING_ROWS)
    if invitation is None:
        return None
    # What ``case.output_sent`` reads: the report, known now.
    Consultation.meeting_report.related.set_cached_value(case, report)
    if meeting is not None:
        # One query for every ``meeting.team.all()`` below, as prefetch_related("team") would.
        team = rows.team if rows is not None and "team" in rows.kinds else [m.user for m in _TEAM(case.pk)]
        set_prefetched(meeting, "team", team)
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
    slots = [parse_datetime(value) for value in invitation.proposed_slots]
    messages = rows.pic_messages if rows is not None and "pic_messages" in rows.kinds else _PIC_MESSAGES(case.pk)
    called_off = cancellations(case, events)
    return {
        "invitation": invitation,
        "slots": slots,
        "messages": messages,
        "messages_html": panel_html.pic_messages_html(messages) if messages else "",
        "meeting": meeting,
        "cancellations": called_off,
        "facts_html": panel_html.facts_html(
            invitation, meeting, slots=slots, team=meeting.team.all() if meeting is not None else (),
            cancellations=called_off,
        ),
        "report_html": panel_html.report_html(case, report) if report is not None else "",
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


CANCELLED = (EventType.MEETING_CANCELLED, EventType.MEETING_CLOSED_CANCELLED)


def cancellations(case: Consultation, events: list[Event] | None = None) -> list[dict]:
    """The schedules called off on this case, oldest first: when, the schedule it was, by
    whom (the PIC's side or LKPP), why, who recorded it, and whether it closed the case.
    ``events``: the case's whole history with the actors, if already read."""
    if events is None:
        events = Event.objects.filter(consultation=case, type__in=CANCELLED).select_related("actor")
    else:
        events = [event for event in events if event.type in CANCELLED]
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
