"""A cancelled meeting is not a delivered meeting (issue 21; docs/decisions/0007): called
off, it goes back to the desk for a new schedule — the clock running again, 2 working
days from the cancellation — or the case is closed as cancelled, without output and
without a verdict: neither on time nor late on the dashboard, no survey. The survey of a
meeting goes out when its report does."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations import reports
from consultations.channels.daring import meeting_reports
from consultations.channels.daring import services as meetings
from consultations.channels.surat import services as letters
from consultations.errors import InvalidTransition, NotAllowed
from consultations.models import (
    CancelledBy,
    CaseMonth,
    Consultation,
    EventType,
    Meeting,
    MeetingStatus,
    PriorityCredit,
)
from consultations.rollup import refresh_rollup
from consultations.workflow import Status
from core.lifecycle import sweep
from core.time import WIB
from surveys.models import SurveyInvitation
from surveys.services import invite_delivered

from .test_meetings import PIC, ics_of, invite

# Monday 21 December 2026, 09:00 WIB. Thursday 24 (cuti bersama) and Friday 25 December
# (Christmas) are not working days in the real calendar (the ``holidays`` fixture).
MONDAY = datetime(2026, 12, 21, 9, 0, tzinfo=WIB)
CANCELLED_AT = datetime(2026, 12, 23, 10, 0, tzinfo=WIB)  # Wednesday
# Day 0 the Wednesday; 24-27 December off; Monday 28 is day 1, Tuesday 29 day 2.
DUE_AGAIN = datetime(2026, 12, 29, 23, 59, 59, tzinfo=WIB)


def wib(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller



@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the outbox's after-commit work as the step commits."""

    def run(step, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(**kwargs)

    return run


def in_hand(front_desk, director, member) -> Consultation:
    case = invite(front_desk, letter_date=date(2026, 12, 18), proposed_slots=[wib(28, 10)])
    letters.check_letter(consultation=case, actor=front_desk, ticked=["signed", "letterhead"])
    letters.receive_letter(consultation=case, actor=director)
    letters.dispose(consultation=case, actor=director, to=member, ticks=["hadiri_wakili"], instructions="Koordinasikan.")
    case.refresh_from_db()
    return case


def confirm(case, member, lead, *, day: int = 28, **overrides):
    fields = dict(consultation=case, actor=member, starts_at=wib(day, 10), ends_at=wib(day, 11), platform="Zoom",
                  link="https://zoom.us/j/123", team=[member, lead])
    fields.update(overrides)
    return meetings.confirm_meeting(**fields)


def calendars_to_pic():
    return [ics_of(m) for m in mail.outbox if m.to == [PIC] and any(a[0].endswith(".ics") for a in m.attachments)]


def vevent(calendar):
    return calendar.walk("VEVENT")[0]


def write_and_approve(case, member, lead, held_on: date):
    meeting_reports.write_report(
        consultation=case, author=member, held_on=held_on, attendees_lkpp="Putri Pegawai", attendees_applicant="Dewi",
        problem="Penyesuaian harga.", discussion="Klausul kontrak.", kinds=["saran"], advice="Ikuti formula kontrak.",
    )
    return meeting_reports.approve_report(consultation=case, actor=lead)


# --- back to the desk ------------------------------------------------------------------


def test_a_cancelled_meeting_goes_back_to_the_desk_and_is_set_again_on_the_same_calendar_event(
    monday, front_desk, director_pusat, lead, member, on_commit
):
    case = in_hand(front_desk, director_pusat, member)
    first = on_commit(confirm, case=case, member=member, lead=lead, now=MONDAY + timedelta(hours=3))
    case.refresh_from_db()
    assert case.status == Status.DELIVERED and case.completed_on_time is True
    Consultation.objects.filter(pk=case.pk).update(at_risk_notified_at=MONDAY)  # as if reminded before

    monday.move_to(CANCELLED_AT)
    on_commit(meetings.cancel_meeting, consultation=case, actor=member, reason="PIC berhalangan hadir.",
              cancelled_by=CancelledBy.PIC)
    case.refresh_from_db()
    # Back on the desk, with its assignee; the promise (a confirmed schedule) owed again,
    # 2 working days from the cancellation, over Christmas.
    assert case.status == Status.ASSIGNED and case.assignee == member and case.is_open
    assert (case.clock_started_at, case.due_at) == (CANCELLED_AT, DUE_AGAIN)
    assert case.completed_at is None and case.completed_on_time is None and case.working_days_taken is None
    assert case.at_risk_notified_at is None and case.breached_at is None
    assert case.deadline_state(CANCELLED_AT) == "on_time" and case.working_days_left(CANCELLED_AT) == 2
    meeting = Meeting.objects.get(consultation=case)
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    assert (meeting.cancelled_at, meeting.cancelled_by, meeting.cancel_reason, meeting.cancel_recorded_by) == (
        CANCELLED_AT, CancelledBy.PIC, "PIC berhalangan hadir.", member
    )
    event = case.events.get(type=EventType.MEETING_CANCELLED)
    assert event.actor == member
    assert (event.data["cancelled_by"], event.data["reason"], event.data["sequence"]) == ("pic", "PIC berhalangan hadir.", 1)
    cancel = calendars_to_pic()[-1]
    assert str(cancel["METHOD"]) == "CANCEL" and int(vevent(cancel)["SEQUENCE"]) == 1
    assert str(vevent(cancel)["UID"]) == first.uid
    assert invite_delivered() == 0  # neither the confirmation nor the cancellation is the output

    # Set again on Monday 28 December: the same meeting row and calendar event, SEQUENCE on.
    again_at = wib(28, 15)
    monday.move_to(again_at)
    again = on_commit(confirm, case=case, member=member, lead=lead, day=30, now=again_at)
    case.refresh_from_db()
    assert again.pk == first.pk and again.uid == first.uid and again.sequence == 2
    assert again.status == MeetingStatus.CONFIRMED and again.starts_at == wib(30, 10)
    assert (again.cancelled_at, again.cancelled_by, again.cancel_reason, again.cancel_recorded_by) == (None, "", "", None)
    assert case.status == Status.DELIVERED and case.completed_at == again_at and case.completed_on_time is True
    assert case.working_days_taken == 1  # from the cancellation (Wednesday) to Monday
    request = calendars_to_pic()[-1]
    assert str(request["METHOD"]) == "REQUEST"
    assert str(vevent(request)["UID"]) == first.uid and int(vevent(request)["SEQUENCE"]) == 2
    assert vevent(request)["DTSTART"].dt == wib(30, 10)
    # To the PIC a schedule set after a cancellation is a new meeting, not a moved one.
    to_pic = [m for m in mail.outbox if m.to == [PIC]]
    assert to_pic[-1].subject.endswith(f"Jadwal baru: rapat daring LKPP ({case.number})")
    assert case.events.filter(type=EventType.MEETING_CONFIRMED).count() == 2
    assert invite_delivered() == 0  # confirmed: the clock stops, but the output is the report

    # The report after the meeting, approved and sent: then, and only then, the survey.
    monday.move_to(wib(30, 14))
    on_commit(write_and_approve, case=case, member=member, lead=lead, held_on=date(2026, 12, 30))
    assert Consultation.objects.output_sent().filter(pk=case.pk).exists()
    assert Consultation.objects.get(pk=case.pk).output_sent
    assert invite_delivered() == 1
    assert SurveyInvitation.objects.get().consultation_id == case.pk


def test_a_second_cancellation_goes_on_with_the_sequence(monday, front_desk, director_pusat, lead, member, on_commit):
    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead)
    meetings.cancel_meeting(consultation=case, actor=member, reason="PIC berhalangan.", cancelled_by="pic")
    confirm(case, member, lead, day=29)
    on_commit(meetings.cancel_meeting, consultation=case, actor=lead, reason="Direktur bertugas ke luar kota.",
              cancelled_by="lkpp")
    meeting = Meeting.objects.get(consultation=case)
    assert meeting.sequence == 3 and meeting.cancelled_by == CancelledBy.LKPP
    assert int(vevent(calendars_to_pic()[-1])["SEQUENCE"]) == 3
    assert case.events.filter(type=EventType.MEETING_CANCELLED).count() == 2


def test_a_meeting_confirmed_by_a_lead_from_the_directors_desk_comes_back_to_them(
    monday, front_desk, director_pusat, lead, member
):
    case = invite(front_desk, letter_date=date(2026, 12, 18), proposed_slots=[wib(28, 10)])
    letters.check_letter(consultation=case, actor=front_desk, ticked=["signed", "letterhead"])
    case = letters.receive_letter(consultation=case, actor=director_pusat)
    assert case.status == Status.SUBMITTED and case.assignee is None
    confirm(case, lead, lead, actor=lead, team=[lead])
    meetings.cancel_meeting(consultation=case, actor=lead, reason="PIC meminta diundur.", cancelled_by="pic")
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED and case.assignee == lead


# --- closed as cancelled --------------------------------------------------------------


def test_a_confirmed_meeting_closed_as_cancelled_has_no_verdict_no_survey_and_counts_apart(
    monday, front_desk, director_pusat, lead, member, on_commit
):
    case = in_hand(front_desk, director_pusat, member)
    meeting = confirm(case, member, lead, now=MONDAY + timedelta(hours=1))
    monday.move_to(CANCELLED_AT)
    on_commit(meetings.close_cancelled_meeting, consultation=case, actor=member,
              reason="Permasalahan sudah selesai melalui surat.", cancelled_by="pic")
    case.refresh_from_db()
    assert case.status == Status.CANCELLED and case.status_label == "Dibatalkan" and not case.is_open
    assert case.completed_at == CANCELLED_AT and case.completed_on_time is None and case.working_days_taken is None
    assert case.deadline_state(CANCELLED_AT) is None and not case.clock_running
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    assert (meeting.cancelled_by, meeting.cancel_reason) == (CancelledBy.PIC, "Permasalahan sudah selesai melalui surat.")
    event = case.events.get(type=EventType.MEETING_CLOSED_CANCELLED)
    assert event.data["cancelled_by"] == "pic" and event.actor == member
    cancel = calendars_to_pic()[-1]
    assert str(cancel["METHOD"]) == "CANCEL" and str(vevent(cancel)["UID"]) == meeting.uid
    # Nothing further: no survey, no report, no schedule, no second closing.
    assert invite_delivered() == 0 and not Consultation.objects.output_sent().exists()
    with pytest.raises(InvalidTransition):
        confirm(case, member, lead, day=29)
    with pytest.raises(InvalidTransition):
        meetings.cancel_meeting(consultation=case, actor=member, reason="Lagi.", cancelled_by="pic")
    with pytest.raises(InvalidTransition):
        meetings.close_cancelled_meeting(consultation=case, actor=member, reason="Lagi.", cancelled_by="pic")
    # Not in any deadline state: neither on time nor late, nor anywhere in the sweep.
    for state in ("on_time", "at_risk", "late"):
        assert not Consultation.objects.in_deadline_state(state, CANCELLED_AT).filter(pk=case.pk).exists()
    assert sweep(now=CANCELLED_AT + timedelta(days=30)).breached == 0

    # The dashboard: cancelled, not completed (the on-time rate is over completions).
    refresh_rollup()
    cell = CaseMonth.objects.get(channel="daring")
    assert (cell.received, cell.completed, cell.completed_on_time, cell.breached, cell.cancelled) == (1, 0, 0, 0, 1)
    report = reports.dashboard_report(director_pusat, reports.Filters(start=date(2026, 12, 1), end=date(2026, 12, 1)))
    total = report.total.measures
    assert (total.received, total.completed, total.cancelled, total.on_time_rate, total.breached) == (1, 0, 1, None, 0)
    assert total.median_days is None


def test_a_meeting_cancelled_and_never_set_again_is_closed_from_the_desk(
    monday, front_desk, director_pusat, lead, member, on_commit
):
    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead)
    on_commit(meetings.cancel_meeting, consultation=case, actor=member, reason="PIC meminta diundur.",
              cancelled_by="pic")
    sent = len(mail.outbox)
    monday.move_to(wib(29, 16))
    on_commit(meetings.close_cancelled_meeting, consultation=case, actor=lead,
              reason="PIC tidak menanggapi tawaran jadwal baru.", cancelled_by="pic")
    case.refresh_from_db()
    assert case.status == Status.CANCELLED and case.completed_at == wib(29, 16) and case.completed_on_time is None
    meeting = Meeting.objects.get(consultation=case)
    assert meeting.sequence == 1  # cancelled once in the calendar; nothing more to send
    assert (meeting.cancelled_at, meeting.cancel_reason, meeting.cancel_recorded_by) == (
        wib(29, 16), "PIC tidak menanggapi tawaran jadwal baru.", lead
    )
    assert len(mail.outbox) == sent
    assert [e.type for e in case.events.filter(type__startswith="meeting_").order_by("at", "id")] == [
        EventType.MEETING_CONFIRMED, EventType.MEETING_CANCELLED, EventType.MEETING_CLOSED_CANCELLED
    ]


def test_a_case_whose_schedule_was_never_set_cannot_be_closed_as_cancelled(
    monday, front_desk, director_pusat, member
):
    case = in_hand(front_desk, director_pusat, member)
    with pytest.raises(ValidationError):
        meetings.close_cancelled_meeting(consultation=case, actor=member, reason="Tidak jadi.", cancelled_by="pic")
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED and case.completed_at is None


# --- the clock after a cancellation: a breach stays, and earns no second credit -------------


def test_a_cancellation_after_a_late_confirmation_keeps_the_breach_and_grants_no_second_credit(
    monday, front_desk, director_pusat, lead, member
):
    case = in_hand(front_desk, director_pusat, member)
    assert case.due_at == datetime(2026, 12, 23, 23, 59, 59, tzinfo=WIB)
    late = datetime(2026, 12, 28, 8, 0, tzinfo=WIB)
    monday.move_to(late)
    assert sweep(now=late).breached == 1
    case.refresh_from_db()
    breached_at = case.breached_at
    assert breached_at == late and PriorityCredit.objects.count() == 1
    confirm(case, member, lead, day=30, now=late + timedelta(hours=1))
    case.refresh_from_db()
    assert case.completed_on_time is False and case.breached_at == breached_at

    cancelled_at = late + timedelta(hours=2)
    meetings.cancel_meeting(consultation=case, actor=member, reason="PIC berhalangan.", cancelled_by="pic",
                            now=cancelled_at)
    case.refresh_from_db()
    assert case.breached_at == breached_at  # final
    assert case.due_at == datetime(2026, 12, 30, 23, 59, 59, tzinfo=WIB)  # Monday 28: Tue 29, Wed 30
    # Late again: the sweep records nothing new, the confirmation is judged late, no new credit.
    after = datetime(2026, 12, 31, 9, 0, tzinfo=WIB)
    assert sweep(now=after).breached == 0
    monday.move_to(after)
    confirm(case, member, lead, starts_at=datetime(2027, 1, 4, 10, 0, tzinfo=WIB),
            ends_at=datetime(2027, 1, 4, 11, 0, tzinfo=WIB), now=after)
    case.refresh_from_db()
    assert case.completed_on_time is False and case.breached_at == breached_at
    assert PriorityCredit.objects.count() == 1
    assert case.events.filter(type=EventType.DEADLINE_BREACHED).count() == 1


def test_a_closing_keeps_a_breach_on_record(monday, front_desk, director_pusat, lead, member):
    case = in_hand(front_desk, director_pusat, member)
    late = datetime(2026, 12, 28, 8, 0, tzinfo=WIB)
    sweep(now=late)
    monday.move_to(late)
    confirm(case, member, lead, day=30)
    meetings.close_cancelled_meeting(consultation=case, actor=member, reason="Dibatalkan PIC.", cancelled_by="pic")
    case.refresh_from_db()
    assert case.status == Status.CANCELLED and case.breached_at == late and case.completed_on_time is None
    refresh_rollup()
    assert sorted(CaseMonth.objects.values_list("breached", "cancelled", "completed")) == [(1, 1, 0)]


# --- refused ------------------------------------------------------------------------------


# (Who cancelled and why are the form's: CancelMeetingForm, test_meeting_forms.)


def test_a_meeting_cancelled_once_is_not_cancelled_again(monday, front_desk, director_pusat, lead, member):
    case = in_hand(front_desk, director_pusat, member)
    meeting = confirm(case, member, lead)
    meetings.cancel_meeting(consultation=case, actor=member, reason="PIC berhalangan.", cancelled_by=CancelledBy.PIC)
    with pytest.raises((ValidationError, InvalidTransition)):
        meetings.cancel_meeting(consultation=case, actor=member, reason="Lagi.", cancelled_by=CancelledBy.LKPP)
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.cancelled_by, meeting.cancel_reason) == (1, CancelledBy.PIC, "PIC berhalangan.")
    assert case.events.filter(type=EventType.MEETING_CANCELLED).count() == 1


def test_only_those_handling_the_meeting_may_call_it_off(
    monday, front_desk, director_pusat, director_daerah, lead, member
):
    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead)
    colleague = InternalUserFactory(role=Role.STAFF, directorate=directorate("pusat"))
    for outsider in (colleague, director_daerah, front_desk):
        for step in (meetings.cancel_meeting, meetings.close_cancelled_meeting):
            with pytest.raises(NotAllowed):
                step(consultation=case, actor=outsider, reason="Tidak jadi.", cancelled_by="lkpp")
    assert Consultation.objects.get(pk=case.pk).status == Status.DELIVERED


def test_a_meeting_with_a_report_was_held_and_cannot_be_cancelled(monday, front_desk, director_pusat, lead, member):
    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead)
    monday.move_to(wib(28, 14))
    meeting_reports.write_report(
        consultation=case, author=member, held_on=date(2026, 12, 28), attendees_lkpp="Putri", attendees_applicant="Dewi",
        problem="Harga.", discussion="Kontrak.", kinds=["saran"], advice="Ikuti kontrak.",
    )
    for step in (meetings.cancel_meeting, meetings.close_cancelled_meeting):
        with pytest.raises(ValidationError):
            step(consultation=case, actor=member, reason="Tidak jadi.", cancelled_by="pic")
    assert Meeting.objects.get().status == MeetingStatus.CONFIRMED


# --- the database's own rules -----------------------------------------------------------------


def test_only_a_cancelled_case_may_be_closed_without_a_verdict(db):
    from .factories import ConsultationFactory

    now = datetime(2026, 12, 23, 10, 0, tzinfo=WIB)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationFactory(status=Status.DELIVERED, due_at=now, completed_at=now, completed_on_time=None)
    case = ConsultationFactory(status=Status.CANCELLED, channel="daring", due_at=now, completed_at=now,
                               completed_on_time=None)
    assert case.deadline_state(now) is None
