"""``views.case_rows`` reads a case's records in one query and gives back what the ORM
gives, kind by kind: the same rows, in the same order, every column the same, and the
people's names without a query more."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from consultations.channels.daring import meeting_reports
from consultations.models import (
    Answer,
    AnswerDraft,
    AnswerLetter,
    Attachment,
    Disposition,
    DraftReview,
    Event,
    GuestHandoff,
    IncomingLetter,
    InternalNote,
    Meeting,
    MeetingInvitation,
    MeetingReport,
    Message,
    PicMessage,
    WalkIn,
)
from consultations.services import steps
from consultations.views import case_rows

from .case_builders import (
    MONDAY,
    grow_letter,
    grow_meeting,
    grow_walk_in,
    letter_case,
    make_people,
    meeting_case,
    walk_in_case,
)
from .test_views_queries import fail_answer_emails, grow


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(db, front_desk, director_pusat):
    return make_people(front_desk, director_pusat)


ALL_KINDS = (case_rows.ANSWERS, case_rows.MESSAGES, case_rows.FAILED_EMAILS, case_rows.DISPOSITIONS, case_rows.REVIEWS,
             case_rows.PIC_MESSAGES, case_rows.TEAM, case_rows.HANDOFFS, case_rows.DRAFTS, case_rows.ANSWER_LETTER,
             case_rows.LETTER, case_rows.INVITATION, case_rows.MEETING, case_rows.REPORT, case_rows.VISIT)


def _columns(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields
            if field.attname in obj.__dict__}


def _orm(case) -> dict[str, list]:
    from consultations.channels.website.selectors import failed_answer_emails

    return {
        case_rows.EVENTS: list(Event.objects.filter(consultation=case)),
        case_rows.NOTES: list(InternalNote.objects.filter(consultation=case)),
        case_rows.FILES: list(Attachment.objects.filter(consultation=case).order_by("uploaded_at", "id")),
        case_rows.ANSWERS: list(Answer.objects.filter(consultation=case)),
        case_rows.MESSAGES: list(Message.objects.filter(consultation=case)),
        case_rows.FAILED_EMAILS: failed_answer_emails(case),
        case_rows.DISPOSITIONS: list(Disposition.objects.filter(consultation=case)),
        case_rows.REVIEWS: list(DraftReview.objects.filter(draft__consultation=case)),
        case_rows.PIC_MESSAGES: list(PicMessage.objects.filter(consultation=case)),
        case_rows.TEAM: list(User.objects.filter(pk__in=case.meeting.team.values("pk"))) if hasattr(case, "meeting") else [],
        case_rows.HANDOFFS: list(GuestHandoff.objects.filter(consultation=case)),
        case_rows.DRAFTS: list(AnswerDraft.objects.filter(consultation=case)),
        case_rows.ANSWER_LETTER: list(AnswerLetter.objects.filter(consultation=case)),
        case_rows.LETTER: list(IncomingLetter.objects.filter(consultation=case)),
        case_rows.INVITATION: list(MeetingInvitation.objects.filter(consultation=case)),
        case_rows.MEETING: list(Meeting.objects.filter(consultation=case)),
        case_rows.REPORT: list(MeetingReport.objects.filter(consultation=case)),
        case_rows.VISIT: list(WalkIn.objects.filter(consultation=case)),
    }


PEOPLE = {"actor": "events", "author": "notes answers messages pic_messages drafts", "reviewer": "reviews",
          "from_user": "dispositions handoffs", "to_user": "dispositions handoffs"}


def _same_as_the_orm(case) -> None:
    with CaptureQueriesContext(connection) as queries:
        rows = case_rows.read(case, ALL_KINDS)
        names = {kind: [(getattr(row, who).full_name if getattr(row, f"{who}_id") else None)
                        for row in getattr(rows, kind) for who in PEOPLE if kind in PEOPLE[who].split()]
                 for kind in ALL_KINDS + (case_rows.EVENTS, case_rows.NOTES)}
    assert len(queries) == 1  # the records and the people's names, in one query
    for kind, expected in _orm(case).items():
        found = getattr(rows, kind)
        assert [row.pk for row in found] == [row.pk for row in expected], kind
        for row, other in zip(found, expected, strict=True):
            mine = _columns(row)
            assert mine == {name: value for name, value in _columns(other).items() if name in mine}, kind
        assert names.get(kind, []) == [
            (getattr(row, who).full_name if getattr(row, f"{who}_id") else None)
            for row in expected for who in PEOPLE if kind in PEOPLE[who].split()
        ], kind


def test_a_website_case(case, kl_applicant, people, settings):
    settings.ADVOKASI_MESSAGES_PER_CASE_PER_HOUR = settings.ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR = 100
    steps.claim(consultation=case, actor=people["staff"])
    grow(case, 3, applicant=kl_applicant, staff=people["staff"])
    fail_answer_emails(case)
    _same_as_the_orm(case)


def test_a_letter_case(monday, people):
    case = letter_case(people)
    grow_letter(case, people, 3)
    _same_as_the_orm(case)


def test_a_meeting_case(monday, people):
    case = meeting_case(people)
    grow_meeting(case, people, 3)
    meeting_reports.write_report(
        consultation=case, author=people["staff"], held_on=date(2026, 11, 5), attendees_lkpp="Putri",
        attendees_applicant="Dewi", problem="Harga.", discussion="Pasal 12.", kinds=["saran"], advice="Indeks BPS.",
        now=MONDAY + timedelta(days=3, hours=6),  # after the (rescheduled) meeting
    )
    case.refresh_from_db()
    _same_as_the_orm(case)


def test_a_visit_with_and_without_a_form_filled_beforehand(monday, people):
    case = walk_in_case(people, files=1)
    rows = case_rows.read(case, (case_rows.VISIT,))
    assert rows.visit[0].form.code == WalkIn.objects.get(pk=case.pk).form.code


def test_a_walk_in_case(monday, people):
    case = walk_in_case(people, files=3)
    grow_walk_in(case, people, 3)
    _same_as_the_orm(case)
