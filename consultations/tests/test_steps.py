"""Every staff and applicant step on a case, at service level: who may, from which
status, what it changes, the event it writes and the e-mail it queues."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations import emails
from consultations.channels.website import answers
from consultations.channels.website import emails as website_emails
from consultations.errors import InvalidTransition, NotAllowed
from consultations.models import (
    Answer,
    AnswerKind,
    Attachment,
    Consultation,
    Event,
    EventType,
    InternalNote,
    Message,
)
from consultations.policies import available_actions, case_access
from consultations.selectors import visible_cases
from consultations.services import steps
from consultations.workflow import Status, Step
from core.records import AppendOnlyViolation
from files.tests.builders import checked
from notifications.models import OutboundEmail

from .conftest import SPEC_DUE, SPEC_START
from .factories import pdf


@pytest.fixture
def colleague(db):
    return InternalUserFactory(email="rekan@lkpp.go.id", role=Role.STAFF)


@pytest.fixture
def staff_daerah(db):
    return InternalUserFactory(email="pegawai.daerah@lkpp.go.id", role=Role.STAFF, directorate=directorate("daerah"))


def events(case, type=None):
    qs = Event.objects.filter(consultation=case)
    return list(qs.filter(type=type) if type else qs)


def reload(case) -> Consultation:
    return Consultation.objects.get(pk=case.pk)


def answer(case, author, **overrides):
    fields = {"kinds": [AnswerKind.SARAN], "text": "HPS disusun berdasarkan harga pasar setempat."}
    fields.update(overrides)
    return answers.send_answer(consultation=case, author=author, **fields)


# --- assign ---------------------------------------------------------------------


def test_director_assigns_staff(case, director_pusat, staff):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    assert case.status == Status.ASSIGNED and case.assignee == staff  # the caller's instance too
    stored = reload(case)
    assert stored.status == Status.ASSIGNED and stored.assignee == staff
    [event] = events(case, EventType.ASSIGNED)
    assert event.actor == director_pusat and event.at == SPEC_START
    assert event.data["assignee_id"] == staff.pk and event.data["previous_assignee_id"] is None


def test_reassignment_records_the_previous_assignee(case, director_pusat, staff, colleague):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    steps.assign(consultation=case, assignee=colleague, actor=director_pusat)
    assert reload(case).assignee == colleague
    assert [e.data["previous_assignee_id"] for e in events(case, EventType.ASSIGNED)] == [None, staff.pk]


def test_assigning_the_same_person_again_changes_nothing(case, director_pusat, staff):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    assert len(events(case, EventType.ASSIGNED)) == 1


def test_team_lead_assigns_team_members_but_not_the_director(case, team_lead, staff, director_pusat):
    steps.assign(consultation=case, assignee=staff, actor=team_lead)
    steps.assign(consultation=case, assignee=team_lead, actor=team_lead)
    with pytest.raises(NotAllowed):
        steps.assign(consultation=case, assignee=director_pusat, actor=team_lead)
    assert reload(case).assignee == team_lead


def test_director_may_take_the_case_himself(case, director_pusat):
    steps.assign(consultation=case, assignee=director_pusat, actor=director_pusat)
    assert reload(case).assignee == director_pusat


@pytest.mark.parametrize("actor", ["staff", "complaint_handler", "front_desk", "admin_user", "director_daerah", "applicant_a"])
def test_who_may_not_assign(request, case, staff, actor):
    with pytest.raises(NotAllowed):
        steps.assign(consultation=case, assignee=staff, actor=request.getfixturevalue(actor))
    assert reload(case).status == Status.SUBMITTED
    assert not events(case, EventType.ASSIGNED)


def test_assignees_must_handle_cases_in_the_case_directorate(case, director_pusat, staff_daerah, complaint_handler, colleague):
    for outsider in (staff_daerah, complaint_handler):
        with pytest.raises(NotAllowed):
            steps.assign(consultation=case, assignee=outsider, actor=director_pusat)
    colleague.is_active = False
    colleague.save()
    with pytest.raises(NotAllowed):
        steps.assign(consultation=case, assignee=colleague, actor=director_pusat)


def test_an_answered_case_cannot_be_assigned(case, director_pusat, staff):
    answer(case, director_pusat)
    with pytest.raises(InvalidTransition):
        steps.assign(consultation=case, assignee=staff, actor=director_pusat)


# --- claim ----------------------------------------------------------------------


def test_staff_claim_an_unassigned_case(case, staff):
    steps.claim(consultation=case, actor=staff)
    stored = reload(case)
    assert stored.status == Status.ASSIGNED and stored.assignee == staff
    [event] = events(case, EventType.CLAIMED)
    assert event.actor == staff and event.data["assignee_id"] == staff.pk


def test_the_second_claim_sees_the_first(case, staff, colleague):
    stale = reload(case)
    steps.claim(consultation=case, actor=staff)
    # ``stale`` still says "submitted"; the service reads the locked row, not the instance.
    assert stale.status == Status.SUBMITTED
    with pytest.raises(InvalidTransition):
        steps.claim(consultation=stale, actor=colleague)
    assert reload(case).assignee == staff


@pytest.mark.parametrize("actor", ["staff_daerah", "complaint_handler", "front_desk", "applicant_a", "applicant_b"])
def test_who_may_not_claim(request, case, actor):
    with pytest.raises(NotAllowed):
        steps.claim(consultation=case, actor=request.getfixturevalue(actor))
    assert reload(case).assignee is None


# --- reroute --------------------------------------------------------------------


def test_reroute_keeps_the_deadline_and_records_the_reason(case, director_pusat, staff, director_hukum):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    steps.reroute(
        consultation=case, directorate=directorate("hukum"), reason="Menyangkut pemutusan kontrak.", actor=staff
    )
    stored = reload(case)
    assert stored.directorate.code == "hukum"
    assert stored.assignee is None and stored.status == Status.SUBMITTED
    assert stored.due_at == SPEC_DUE
    [event] = events(case, EventType.REROUTED)
    assert event.actor == staff
    assert parse_datetime(event.data.pop("due_at")) == SPEC_DUE
    assert event.data == {
        "from_directorate": "pusat",
        "to_directorate": "hukum",
        "reason": "Menyangkut pemutusan kontrak.",
        "previous_assignee_id": staff.pk,
    }
    # The old directorate lets go; the new one takes over.
    assert not visible_cases(staff).filter(pk=case.pk).exists()
    with pytest.raises(NotAllowed):
        steps.claim(consultation=case, actor=staff)
    steps.claim(consultation=case, actor=director_hukum)


def test_reroute_needs_another_directorate(case, staff):
    with pytest.raises(ValidationError) as caught:
        steps.reroute(consultation=case, directorate=directorate("pusat"), reason="Salah arah.", actor=staff)
    assert "directorate" in caught.value.message_dict
    assert not events(case, EventType.REROUTED)


@pytest.mark.parametrize("actor", ["staff_daerah", "front_desk", "applicant_a", "complaint_handler"])
def test_who_may_not_reroute(request, case, actor):
    with pytest.raises(NotAllowed):
        steps.reroute(
            consultation=case, directorate=directorate("daerah"), reason="Salah arah.", actor=request.getfixturevalue(actor)
        )


def test_an_answered_case_is_not_rerouted(case, director_pusat):
    answer(case, director_pusat)
    with pytest.raises(InvalidTransition):
        steps.reroute(consultation=case, directorate=directorate("hukum"), reason="Terlambat.", actor=director_pusat)


# --- internal notes -------------------------------------------------------------


def test_internal_notes_stay_internal(case, staff):
    emails_before = OutboundEmail.objects.count()
    note = steps.add_internal_note(consultation=case, author=staff, body="Cek putusan KPPU 2023 dulu.")
    assert InternalNote.objects.get() == note
    [event] = events(case, EventType.NOTE_ADDED)
    assert event.data == {"note_id": note.pk}  # no text in the history
    assert OutboundEmail.objects.count() == emails_before
    assert EventType.NOTE_ADDED not in Event.objects.filter(consultation=case).for_applicant().values_list("type", flat=True)


@pytest.mark.parametrize("author", ["applicant_a", "applicant_b", "director_daerah"])
def test_who_may_not_write_notes(request, case, author):
    with pytest.raises(NotAllowed):
        steps.add_internal_note(consultation=case, author=request.getfixturevalue(author), body="Catatan.")


# --- messages -------------------------------------------------------------------


def test_applicant_message_goes_to_the_director_while_unassigned(case, kl_applicant, director_pusat, spec_day):
    spec_day.shift(timedelta(days=1))
    message = steps.post_message(
        consultation=case, author=kl_applicant, body="Saya lampirkan kontraknya.", files=checked(pdf("kontrak.pdf"))
    )
    assert message.from_applicant
    assert Attachment.objects.get(message=message).original_name == "kontrak.pdf"
    stored = reload(case)
    assert stored.status == Status.SUBMITTED and stored.due_at == SPEC_DUE and stored.completed_at is None
    [event] = events(case, EventType.MESSAGE_POSTED)
    assert event.data["from_applicant"] is True and event.data["message_id"] == message.pk
    [email] = emails.event_emails(event)
    assert email.template == emails.APPLICANT_MESSAGE and email.recipient == director_pusat.email
    assert "/staf/" in email.context["url"]


def test_applicant_message_goes_to_the_assignee(case, kl_applicant, director_pusat, staff):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    steps.post_message(consultation=case, author=kl_applicant, body="Ada tambahan.")
    assert list(OutboundEmail.objects.filter(template=emails.APPLICANT_MESSAGE).values_list("recipient", flat=True)) == [
        staff.email
    ]


def test_staff_message_goes_to_the_applicant(case, staff, kl_applicant):
    message = steps.post_message(consultation=case, author=staff, body="Mohon kirimkan dokumen HPS.")
    assert not message.from_applicant
    [email] = OutboundEmail.objects.filter(template=emails.STAFF_MESSAGE)
    assert email.recipient == kl_applicant.email
    assert email.context["message_body"] == "Mohon kirimkan dokumen HPS."


def test_messages_go_on_after_the_answer(case, director_pusat, kl_applicant):
    answer(case, director_pusat)
    steps.post_message(consultation=case, author=kl_applicant, body="Terima kasih, jelas.")
    assert Message.objects.count() == 1


@pytest.mark.parametrize("author", ["applicant_b", "front_desk", "staff_daerah", "complaint_handler"])
def test_who_may_not_post_messages(request, case, author):
    with pytest.raises(NotAllowed):
        steps.post_message(consultation=case, author=request.getfixturevalue(author), body="Halo.")


# --- answers --------------------------------------------------------------------


def test_the_answer_stops_the_clock_on_time(case, director_pusat, staff, kl_applicant, spec_day):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    spec_day.shift(timedelta(days=5))
    sent = answer(
        case,
        staff,
        kinds=[AnswerKind.SARAN, AnswerKind.REKOMENDASI],  # as the form orders them
        files=checked(pdf("jawaban.pdf")),
    )
    assert sent.kinds == ["saran", "rekomendasi"]  # the standard's order
    assert sent.sent_at == SPEC_START + timedelta(days=5)
    assert Attachment.objects.get(answer=sent).uploaded_by == staff
    stored = reload(case)
    assert stored.status == Status.DELIVERED
    assert stored.completed_at == sent.sent_at and stored.completed_on_time is True
    assert stored.deadline_state() == "on_time" and stored.working_days_left() is None
    [event] = events(case, EventType.ANSWER_SENT)
    assert event.actor == staff
    assert event.data["on_time"] is True and event.data["kinds"] == ["saran", "rekomendasi"]
    assert event.data["clock_stop"] == "answer_sent"
    [email] = emails.event_emails(event)
    assert email.template == website_emails.ANSWER_SENT and email.recipient == kl_applicant.email
    assert email.context["answer_text"] == sent.text and email.context["is_correction"] is False


def test_an_answer_at_the_last_second_is_on_time(case, director_pusat, spec_day):
    spec_day.move_to(SPEC_DUE)
    assert answer(case, director_pusat).consultation.completed_on_time is True


def test_a_late_answer_is_recorded_late(case, director_pusat, spec_day):
    spec_day.move_to(SPEC_DUE + timedelta(seconds=1))
    answer(case, director_pusat)
    stored = reload(case)
    assert stored.completed_on_time is False and stored.deadline_state() == "late"
    assert events(case, EventType.ANSWER_SENT)[0].data["on_time"] is False


def test_a_lead_answering_an_unassigned_case_becomes_its_assignee(case, team_lead):
    answer(case, team_lead)
    assert reload(case).assignee == team_lead


@pytest.mark.parametrize("author", ["colleague", "staff_daerah", "applicant_a", "front_desk", "complaint_handler", "director_daerah"])
def test_who_may_not_answer(request, case, director_pusat, staff, author):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    with pytest.raises(NotAllowed):
        answer(case, request.getfixturevalue(author))
    assert reload(case).status == Status.ASSIGNED


def test_staff_claim_before_answering(case, staff):
    with pytest.raises(NotAllowed):
        answer(case, staff)
    steps.claim(consultation=case, actor=staff)
    answer(case, staff)


def test_a_case_is_answered_once(case, director_pusat):
    answer(case, director_pusat)
    with pytest.raises(InvalidTransition):
        answer(case, director_pusat)


def test_a_sent_answer_cannot_be_edited_or_deleted(case, director_pusat):
    sent = answer(case, director_pusat)
    sent.text = "Ralat diam-diam."
    with pytest.raises(AppendOnlyViolation):
        sent.save()
    with pytest.raises(AppendOnlyViolation):
        Answer.objects.filter(pk=sent.pk).update(text="Ralat diam-diam.")
    with pytest.raises(AppendOnlyViolation):
        sent.delete()
    with pytest.raises(AppendOnlyViolation):
        Answer.objects.all().delete()
    assert Answer.objects.get(pk=sent.pk).text == "HPS disusun berdasarkan harga pasar setempat."


def test_a_correction_is_a_new_answer(case, director_pusat, staff, kl_applicant, spec_day):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    first = answer(case, staff)
    completed_at = reload(case).completed_at
    spec_day.shift(timedelta(hours=2))
    correction = answers.correct_answer(
        answer=first, author=staff, kinds=[AnswerKind.SARAN, AnswerKind.TINDAKAN_KOREKSI], text="Ralat: gunakan survei harga."
    )
    assert correction.corrects == first and correction.is_correction
    assert list(Answer.objects.order_by("id")) == [first, correction]
    assert Answer.objects.get(pk=first.pk).text == "HPS disusun berdasarkan harga pasar setempat."
    stored = reload(case)
    assert stored.status == Status.DELIVERED and stored.completed_at == completed_at
    [event] = events(case, EventType.ANSWER_CORRECTED)
    assert event.data["corrects_id"] == first.pk and event.data["answer_id"] == correction.pk
    [email] = emails.event_emails(event)
    assert email.recipient == kl_applicant.email and email.context["is_correction"] is True


def test_corrections_only_after_an_answer_and_by_the_answering_side(case, director_pusat, staff, kl_applicant, colleague):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    draft = Answer(consultation=case, author=staff, kinds=["saran"], text="x", sent_at=SPEC_START)
    with pytest.raises(InvalidTransition):
        answers.correct_answer(answer=draft, author=staff, kinds=["saran"], text="Ralat.")
    first = answer(case, staff)
    for outsider in (kl_applicant, colleague):
        with pytest.raises(NotAllowed):
            answers.correct_answer(answer=first, author=outsider, kinds=["saran"], text="Ralat.")
    answers.correct_answer(answer=first, author=director_pusat, kinds=["saran"], text="Ralat.")


# --- the history as a whole --------------------------------------------------------


def test_every_step_writes_its_event(case, director_pusat, staff, kl_applicant):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    steps.add_internal_note(consultation=case, author=staff, body="Perlu telaah.")
    steps.post_message(consultation=case, author=staff, body="Mohon data tambahan.")
    steps.post_message(consultation=case, author=kl_applicant, body="Terlampir.")
    first = answer(case, staff)
    answers.correct_answer(answer=first, author=staff, kinds=["pendapat"], text="Ralat.")
    assert [e.type for e in events(case)] == [
        EventType.SUBMITTED,
        EventType.ASSIGNED,
        EventType.NOTE_ADDED,
        EventType.MESSAGE_POSTED,
        EventType.MESSAGE_POSTED,
        EventType.ANSWER_SENT,
        EventType.ANSWER_CORRECTED,
    ]
    event = events(case)[0]
    with pytest.raises(AppendOnlyViolation):
        event.save()
    with pytest.raises(AppendOnlyViolation):
        event.delete()
    with pytest.raises(AppendOnlyViolation):
        Event.objects.filter(consultation=case).update(type=EventType.CLAIMED)


def test_available_actions_follow_role_and_status(case, director_pusat, team_lead, staff, kl_applicant, director_daerah):
    assert available_actions(director_pusat, case) == {
        Step.ASSIGN, Step.CLAIM, Step.REROUTE, Step.ADD_INTERNAL_NOTE, Step.POST_MESSAGE, Step.SEND_ANSWER
    }
    assert available_actions(staff, case) == {Step.CLAIM, Step.REROUTE, Step.ADD_INTERNAL_NOTE, Step.POST_MESSAGE}
    assert available_actions(kl_applicant, case) == {Step.POST_MESSAGE}
    assert available_actions(director_daerah, case) == set()
    steps.claim(consultation=case, actor=staff)
    assert Step.SEND_ANSWER in available_actions(staff, case)
    answer(case, staff)
    assert available_actions(staff, case) == {Step.ADD_INTERNAL_NOTE, Step.POST_MESSAGE, Step.CORRECT_ANSWER}
    assert available_actions(team_lead, case) == {Step.ADD_INTERNAL_NOTE, Step.POST_MESSAGE, Step.CORRECT_ANSWER}


def test_case_access_separates_what_the_role_permits_from_what_the_status_allows_now(case, director_pusat, staff):
    access = case_access(director_pusat, case)
    assert {Step.ASSIGN, Step.SEND_ANSWER, Step.CORRECT_ANSWER} <= access.permitted
    # Nothing to correct before the answer: permitted, not on offer.
    assert Step.CORRECT_ANSWER not in access and Step.SEND_ANSWER in access
    answers.send_answer(consultation=case, author=director_pusat, kinds=["saran"], text="Jawaban.")
    after = case_access(director_pusat, case)
    assert Step.CORRECT_ANSWER in after and Step.SEND_ANSWER not in after and Step.ASSIGN not in after
    # Staff of the directorate may not assign whatever the status: a POST is a 403.
    with pytest.raises(NotAllowed):
        case_access(staff, case).require(Step.ASSIGN, "no")
