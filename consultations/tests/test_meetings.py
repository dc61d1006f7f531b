"""The online-meeting channel as SK 234/2024 reads (channel 4): the invitation through
the letter desk (receipt starts 2 working days), disposition, coordination with the PIC,
confirmation with a calendar invitation (which stops the clock), reschedule and cancel,
the report after the meeting, approved and e-mailed as a PDF."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.daring import meeting_reports
from consultations.channels.daring import selectors as meeting_selectors
from consultations.channels.daring import services as meetings
from consultations.channels.surat import selectors as letter_selectors
from consultations.channels.surat import services as letters
from consultations.errors import InvalidTransition, NotAllowed
from consultations.models import EventType, LetterSource, Meeting, MeetingInvitation, PicMessage
from consultations.workflow import Status
from core.time import WIB
from files.checks import validate_letter_scan
from files.tests.builders import letter_scan
from workdays.deadlines import add_working_days

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)
PIC = "dewi.pic@kemenhub.go.id"


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller



def invite(front_desk, **overrides):
    """The service as ``InvitationRegisterForm`` calls it: typed, clean values."""
    fields = dict(
        actor=front_desk, source=LetterSource.EOFFICE, addressee="direktur_pusat", sender_kind="institution",
        sender_name="Dr. Rina Wulandari", institution_name="Kementerian Perhubungan",
        letter_number="UND-77/KEMENHUB/2026", letter_date=date(2026, 10, 30),
        subject="Rapat pembahasan penyesuaian harga kontrak", scan=validate_letter_scan(letter_scan()),
        pic_name="Dewi Lestari", pic_phone="+6281211112222", pic_email=PIC,
        proposed_slots=[datetime(2026, 11, 4, 10, 0, tzinfo=WIB)], platform="Zoom", link="https://zoom.us/j/123",
    )
    fields.update(overrides)
    return meetings.register_invitation(**fields)


def in_hand(front_desk, director, member):
    case = invite(front_desk)
    letters.check_letter(consultation=case, actor=front_desk, ticked=["signed", "letterhead"])
    letters.receive_letter(consultation=case, actor=director)
    letters.dispose(consultation=case, actor=director, to=member, ticks=["hadiri_wakili"], instructions="Koordinasikan.")
    case.refresh_from_db()
    return case


def confirm(case, member, lead, **overrides):
    fields = dict(consultation=case, actor=member, starts_at=datetime(2026, 11, 4, 10, 0, tzinfo=WIB),
                  ends_at=datetime(2026, 11, 4, 11, 0, tzinfo=WIB), platform="Zoom", link="https://zoom.us/j/123",
                  team=[member, lead])
    fields.update(overrides)
    return meetings.confirm_meeting(**fields)


def ics_of(message) -> Calendar:
    name, content, mimetype = next(a for a in message.attachments if a[0].endswith(".ics"))
    return Calendar.from_ical(content if isinstance(content, bytes) else content.encode())


def test_the_invitation_goes_through_the_desk_and_receipt_starts_two_working_days(monday, front_desk, director_pusat):
    case = invite(front_desk)
    assert case.channel == "daring" and case.status == Status.REGISTERED and case.clock_started_at is None
    invitation = MeetingInvitation.objects.get(consultation=case)
    assert (invitation.pic_email, invitation.pic_phone, invitation.platform) == (PIC, "+6281211112222", "Zoom")
    assert case.contact_email == PIC
    assert [item.key for item in letter_selectors.letter_requirements(case.letter)] == ["signed", "letterhead"]
    letters.check_letter(consultation=case, actor=front_desk, ticked=["signed", "letterhead"])
    case = letters.receive_letter(consultation=case, actor=director_pusat)
    assert case.clock_started_at == MONDAY and case.due_at == add_working_days(MONDAY, 2)


def test_an_incomplete_invitation_is_returned_and_no_clock_starts(monday, front_desk):
    case = invite(front_desk)
    case = letters.check_letter(consultation=case, actor=front_desk, ticked=["signed"])
    assert case.status == Status.RETURNED and case.clock_started_at is None


def test_the_invitation_keeps_the_pic_and_the_proposed_times(monday, front_desk):
    slots = [datetime(2026, 11, 4, 10, 0, tzinfo=WIB), datetime(2026, 11, 5, 13, 0, tzinfo=WIB)]
    case = invite(front_desk, proposed_slots=slots, link="", platform="")
    invitation = MeetingInvitation.objects.get(consultation=case)
    assert (invitation.pic_name, invitation.link, invitation.platform) == ("Dewi Lestari", "", "")
    assert len(invitation.proposed_slots) == 2
    assert (case.contact_name, case.contact_phone, case.institution_name) == (
        "Dr. Rina Wulandari", "+6281211112222", "Kementerian Perhubungan")
    assert case.directorate.code == "pusat"


def test_confirming_stops_the_clock_and_sends_a_calendar_invitation(
    monday, front_desk, director_pusat, lead, member, django_capture_on_commit_callbacks
):
    case = in_hand(front_desk, director_pusat, member)
    meetings.message_pic(consultation=case, author=member, body="Apakah Rabu 4 November pukul 10.00 WIB sesuai?")
    meetings.log_pic_reply(consultation=case, author=member, body="Sesuai, terima kasih (telepon).")
    assert PicMessage.objects.filter(consultation=case).count() == 2
    confirmed_at = MONDAY + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = confirm(case, member, lead, now=confirmed_at)
    case.refresh_from_db()
    assert case.status == Status.DELIVERED and case.completed_at == confirmed_at and case.completed_on_time

    to_pic = [m for m in mail.outbox if m.to == [PIC] and any(a[0].endswith(".ics") for a in m.attachments)]
    assert len(to_pic) == 1
    event = ics_of(to_pic[0]).walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid and int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert event["DTSTART"].dt == datetime(2026, 11, 4, 10, 0, tzinfo=WIB)
    assert case.number in str(event["DESCRIPTION"]) and str(event["LOCATION"]) == "https://zoom.us/j/123"
    assert any(m.to == [member.email] for m in mail.outbox)

    # A reschedule: the same event, a higher SEQUENCE; a cancellation: METHOD:CANCEL.
    with django_capture_on_commit_callbacks(execute=True):
        meetings.reschedule_meeting(
            consultation=case, actor=member, starts_at=datetime(2026, 11, 5, 13, 0, tzinfo=WIB),
            ends_at=datetime(2026, 11, 5, 14, 0, tzinfo=WIB), platform="Zoom", link="https://zoom.us/j/456",
            reason="PIC berhalangan.",
        )
    updated = ics_of([m for m in mail.outbox if m.to == [PIC]][-1])
    assert str(updated.walk("VEVENT")[0]["UID"]) == meeting.uid and int(updated.walk("VEVENT")[0]["SEQUENCE"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        meetings.cancel_meeting(consultation=case, actor=member, reason="Permasalahan selesai lewat surat.",
                                cancelled_by="pic")
    cancelled = ics_of([m for m in mail.outbox if m.to == [PIC]][-1])
    assert str(cancelled["METHOD"]) == "CANCEL" and int(cancelled.walk("VEVENT")[0]["SEQUENCE"]) == 2


def test_the_team_is_of_the_cases_directorate(monday, front_desk, director_pusat, lead, member):
    case = in_hand(front_desk, director_pusat, member)
    outsider = InternalUserFactory(role=Role.STAFF, directorate=directorate("daerah"))
    for team in ([], [outsider], [InternalUserFactory(role=Role.STAFF, directorate=directorate("pusat"), is_active=False)]):
        with pytest.raises(ValidationError) as excinfo:
            confirm(case, member, lead, team=team)
        assert "team" in excinfo.value.message_dict
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED and not Meeting.objects.exists()
    # Outsiders are left out of a team that has members.
    meeting = confirm(case, member, lead, team=[member, outsider])
    assert list(meeting.team.all()) == [member]


def test_a_meeting_is_confirmed_once(monday, front_desk, director_pusat, lead, member):
    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead)
    with pytest.raises(InvalidTransition):  # DELIVERED now: a new time is a reschedule
        confirm(case, member, lead, starts_at=datetime(2026, 11, 5, 10, 0, tzinfo=WIB),
                ends_at=datetime(2026, 11, 5, 11, 0, tzinfo=WIB))
    assert Meeting.objects.get().sequence == 0


def test_an_evening_meeting_confirmed_as_such_is_kept_as_set(monday, front_desk, director_pusat, lead, member):
    # (Outside office hours it needs the confirmation tick: ConfirmMeetingForm, test_meeting_forms.)
    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead, starts_at=datetime(2026, 11, 4, 19, 0, tzinfo=WIB),
            ends_at=datetime(2026, 11, 4, 20, 0, tzinfo=WIB))
    assert Meeting.objects.get().starts_at.hour == 12  # 19:00 WIB in UTC


def test_a_confirmation_after_two_working_days_is_breached_by_the_sweep(monday, front_desk, director_pusat, member):
    from core.lifecycle import sweep

    case = in_hand(front_desk, director_pusat, member)
    report = sweep(now=case.due_at + timedelta(minutes=1))
    assert report.breached == 1
    case.refresh_from_db()
    assert case.breached_at is not None and case.events.filter(type=EventType.DEADLINE_BREACHED).count() == 1


def test_the_report_after_the_meeting_approved_rendered_and_mailed(
    monday, front_desk, director_pusat, lead, member, django_capture_on_commit_callbacks
):
    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead)
    report_fields = dict(
        consultation=case, author=member, held_on=date(2026, 11, 4), attendees_lkpp="Putri Pegawai\nKurnia Ketua",
        attendees_applicant="Dewi Lestari (PIC)", problem="Penyesuaian harga aspal.",
        discussion="Klausul penyesuaian harga dalam kontrak.", kinds=["rekomendasi"],
        advice="Lakukan penyesuaian harga sesuai formula kontrak.", follow_ups="PPK menyusun adendum.",
    )
    with pytest.raises(ValidationError) as excinfo:  # before the meeting day
        meeting_reports.write_report(**report_fields)
    assert "held_on" in excinfo.value.message_dict
    monday.move_to(datetime(2026, 11, 4, 15, 0, tzinfo=WIB))
    meeting_reports.write_report(**report_fields)
    with pytest.raises(NotAllowed):  # a team lead or the Director approves, not the member who wrote it
        meeting_reports.approve_report(consultation=case, actor=member)
    with django_capture_on_commit_callbacks(execute=True):
        report = meeting_reports.approve_report(consultation=case, actor=lead)
    content = report.pdf.open("rb").read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert case.number in text and "formula kontrak" in text and "Rekomendasi" in text
    sent = [m for m in mail.outbox if m.to == [PIC] and any(a[0].endswith(".pdf") for a in m.attachments)]
    assert sent
    with pytest.raises(ValidationError):  # approved: final
        meeting_reports.write_report(**report_fields)


def test_a_report_not_approved_five_working_days_after_the_meeting_is_pending(
    monday, front_desk, director_pusat, lead, member
):
    case = in_hand(front_desk, director_pusat, member)
    meeting = confirm(case, member, lead)
    assert not meeting_selectors.report_pending(meeting, None, now=datetime(2026, 11, 10, 12, 0, tzinfo=WIB))
    assert meeting_selectors.report_pending(meeting, None, now=datetime(2026, 11, 12, 12, 0, tzinfo=WIB))


def test_the_directors_dashboard_and_desk_list_a_pending_report(
    monday, front_desk, director_pusat, lead, member, client, login
):
    from django.urls import reverse

    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead)
    monday.move_to(datetime(2026, 11, 12, 12, 0, tzinfo=WIB))
    login(director_pusat)
    dashboard = client.get(reverse("consultations:dashboard")).content.decode()
    assert "laporan-rapat-tertunda" in dashboard and case.number in dashboard
    desk = client.get(reverse("consultations:letter_desk")).content.decode()
    assert case.number in desk.split('id="laporan"')[1]
