"""Deadlines enforce themselves: the sweep records each breach once, with its event,
its priority credit and its apology; the applicant's next case uses the credit.

Cases are submitted through the real website intake on the SPEC.md day (Thursday 27
March 2025, due at the end of Tuesday 22 April 2025) and swept at chosen moments after.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from accounts.tests.factories import ApplicantFactory
from consultations.channels import Channel
from consultations.channels.website import answers
from consultations.emails import BREACH_APOLOGY
from consultations.models import Consultation, Event, EventType, PriorityCredit, contact_keys
from consultations.services import compensation, steps
from consultations.workflow import Status
from core import lifecycle
from notifications import tasks as outbox_tasks
from notifications.models import OutboundEmail, OutboxStatus
from notifications.rendering import render_email
from workdays.models import Holiday

from .conftest import SPEC_DUE
from .factories import ConsultationFactory, submit

pytestmark = pytest.mark.django_db

JUST_LATE = SPEC_DUE + timedelta(minutes=1)


def breach_counts(case: Consultation) -> tuple[int, int, int]:
    """(breach events, credits granted, apology e-mails) of one case."""
    return (
        Event.objects.filter(consultation=case, type=EventType.DEADLINE_BREACHED).count(),
        PriorityCredit.objects.filter(granted_for=case).count(),
        OutboundEmail.objects.about(case).filter(template=BREACH_APOLOGY).count(),
    )


@pytest.fixture
def late_case(spec_day, holidays, kl_applicant):
    """A website case submitted on the SPEC.md day, nobody answered it."""
    return submit(kl_applicant)


def test_a_case_is_not_late_before_the_end_of_its_last_working_day(late_case):
    report = lifecycle.sweep(now=SPEC_DUE - timedelta(seconds=1))
    assert report.breached == 0
    late_case.refresh_from_db()
    assert late_case.breached_at is None
    assert breach_counts(late_case) == (0, 0, 0)


def test_a_late_case_is_recorded_once_with_its_event_credit_and_apology(late_case, kl_applicant):
    report = lifecycle.sweep(now=JUST_LATE)
    assert report.breached == 1

    late_case.refresh_from_db()
    assert late_case.breached_at == JUST_LATE
    assert late_case.is_breached and late_case.clock_running
    assert breach_counts(late_case) == (1, 1, 1)
    credit = PriorityCredit.objects.get()
    assert (credit.applicant, credit.granted_for, credit.used_by) == (kl_applicant, late_case, None)
    event = Event.objects.get(consultation=late_case, type=EventType.DEADLINE_BREACHED)
    assert event.actor is None and event.at == JUST_LATE
    assert event.data["credit_granted"] is True
    apology = OutboundEmail.objects.get(template=BREACH_APOLOGY)
    assert apology.recipient == kl_applicant.email

    # Every later sweep finds nothing new.
    for minutes in (2, 3, 60 * 24 * 30):
        assert lifecycle.sweep(now=SPEC_DUE + timedelta(minutes=minutes)).breached == 0
    assert breach_counts(late_case) == (1, 1, 1)


def test_the_apology_says_what_the_credit_means_in_the_applicants_language(late_case, kl_applicant):
    kl_applicant.language = "en"
    kl_applicant.save()
    lifecycle.sweep(now=JUST_LATE)
    row = OutboundEmail.objects.get(template=BREACH_APOLOGY)
    assert row.language == "en"
    subject, text, html = render_email(row.template, row.context, row.language)
    assert late_case.number in subject and "deadline" in subject.lower()
    assert "priority credit" in text and "any channel" in text
    assert "Tuesday, 22 April 2025, 23:59" in text
    with translation.override("id"):
        subject, text, _ = render_email(row.template, row.context, "id")
    assert "Permohonan maaf" in subject and "kredit prioritas" in text


def test_an_answer_after_the_deadline_records_the_breach_in_its_own_transaction(late_case, director_pusat):
    with time_machine.travel(SPEC_DUE + timedelta(hours=3), tick=False):
        answers.send_answer(consultation=late_case, author=director_pusat, kinds=["saran"], text="Jawaban terlambat.")
    late_case.refresh_from_db()
    assert late_case.status == Status.DELIVERED
    assert late_case.completed_on_time is False
    assert late_case.breached_at == late_case.completed_at
    assert breach_counts(late_case) == (1, 1, 1)
    event = Event.objects.get(consultation=late_case, type=EventType.DEADLINE_BREACHED)
    assert event.data["completed_at"] is not None
    # The sweep that comes after sees nothing to do.
    assert lifecycle.sweep(now=SPEC_DUE + timedelta(hours=4)).breached == 0
    assert breach_counts(late_case) == (1, 1, 1)


def test_an_answer_after_a_recorded_breach_records_nothing_more(late_case, director_pusat):
    lifecycle.sweep(now=JUST_LATE)
    with time_machine.travel(SPEC_DUE + timedelta(days=1), tick=False):
        answers.send_answer(consultation=late_case, author=director_pusat, kinds=["saran"], text="Jawaban.")
    assert breach_counts(late_case) == (1, 1, 1)


def test_an_answer_on_time_records_no_breach(late_case, director_pusat):
    with time_machine.travel(SPEC_DUE - timedelta(hours=1), tick=False):
        answers.send_answer(consultation=late_case, author=director_pusat, kinds=["saran"], text="Tepat waktu.")
    assert lifecycle.sweep(now=SPEC_DUE + timedelta(days=5)).breached == 0
    assert breach_counts(late_case) == (0, 0, 0)


def test_a_recorded_breach_is_final_whatever_the_calendar_says_later(late_case, admin_user):
    lifecycle.sweep(now=JUST_LATE)
    late_case.refresh_from_db()
    due = late_case.due_at
    # An admin adds a holiday inside the case's ten working days: the deadline of an open
    # case would move a day later, and the breach would no longer be one.
    Holiday.objects.create(date=SPEC_DUE.date() - timedelta(days=1), name="Libur tambahan", is_active=True)
    lifecycle.recompute(now=JUST_LATE + timedelta(minutes=5))
    late_case.refresh_from_db()
    assert late_case.due_at == due
    assert late_case.breached_at == JUST_LATE
    assert PriorityCredit.objects.filter(granted_for=late_case).exists()


def test_cases_stopped_late_before_breaches_were_recorded_get_theirs(db, holidays):
    now = timezone.now()
    old = ConsultationFactory(
        status=Status.DELIVERED,
        clock_started_at=now - timedelta(days=30),
        due_at=now - timedelta(days=16),
        completed_at=now - timedelta(days=10),
        completed_on_time=False,
    )
    on_time = ConsultationFactory(
        status=Status.DELIVERED,
        clock_started_at=now - timedelta(days=30),
        due_at=now - timedelta(days=16),
        completed_at=now - timedelta(days=20),
        completed_on_time=True,
    )
    assert lifecycle.sweep(now=now).breached == 1
    assert breach_counts(old) == (1, 1, 1)
    assert breach_counts(on_time) == (0, 0, 0)


def test_the_sweep_works_in_batches(spec_day, holidays):
    applicants = [ApplicantFactory() for _ in range(7)]
    cases = [submit(applicant) for applicant in applicants]
    report = lifecycle.sweep(now=JUST_LATE, batch_size=3)
    assert (report.breached, report.batches) == (7, 3)
    assert all(breach_counts(case) == (1, 1, 1) for case in cases)


def test_a_case_without_a_running_clock_is_never_late(db, holidays):
    # A letter on file that the Director has not received yet: no clock, no deadline.
    ConsultationFactory(channel=Channel.SURAT, status=Status.REGISTERED, clock_started_at=None, due_at=None)
    assert lifecycle.sweep().breached == 0


# --- the credit, used ---------------------------------------------------------------


def test_the_next_case_of_a_credited_applicant_is_priority_and_uses_the_credit(late_case, kl_applicant):
    lifecycle.sweep(now=JUST_LATE)
    with time_machine.travel(SPEC_DUE + timedelta(days=2), tick=False):
        next_case = submit(kl_applicant, subject="Pertanyaan berikutnya")
        after_that = submit(kl_applicant, subject="Pertanyaan ketiga")
    assert next_case.is_priority and Consultation.objects.get(pk=next_case.pk).is_priority
    credit = PriorityCredit.objects.get()
    assert (credit.granted_for, credit.used_by) == (late_case, next_case)
    assert credit.used_at is not None
    submitted = Event.objects.get(consultation=next_case, type=EventType.SUBMITTED)
    assert submitted.data["priority"] is True
    assert submitted.data["priority_credit_for"] == late_case.number
    # One credit, one priority case.
    assert not after_that.is_priority


def test_credits_are_used_oldest_first_one_per_case(spec_day, holidays, kl_applicant):
    first, second = submit(kl_applicant), submit(kl_applicant)
    lifecycle.sweep(now=JUST_LATE)
    with time_machine.travel(SPEC_DUE + timedelta(days=2), tick=False):
        third = submit(kl_applicant)
        fourth = submit(kl_applicant)
        fifth = submit(kl_applicant)
    assert [third.is_priority, fourth.is_priority, fifth.is_priority] == [True, True, False]
    used = dict(PriorityCredit.objects.values_list("granted_for", "used_by"))
    assert used == {first.pk: third.pk, second.pk: fourth.pk}


def test_another_applicants_credit_is_never_used(late_case, applicant_b):
    lifecycle.sweep(now=JUST_LATE)
    with time_machine.travel(SPEC_DUE + timedelta(days=2), tick=False):
        other = submit(applicant_b)
    assert not other.is_priority
    assert PriorityCredit.objects.unused().count() == 1


def test_a_contact_without_an_account_is_owed_the_credit_by_their_address(db, holidays):
    now = timezone.now()
    guest = dict(applicant=None, contact_name="Tamu", contact_email="Tamu@Contoh.go.id", contact_phone="")
    late = ConsultationFactory(channel=Channel.TATAP_MUKA, due_at=now - timedelta(minutes=5), **guest)
    lifecycle.sweep(now=now)
    credit = PriorityCredit.objects.get(granted_for=late)
    assert credit.applicant is None
    assert (credit.email_key, credit.phone_key) == contact_keys(email="tamu@contoh.go.id")

    stranger = ConsultationFactory(applicant=None, contact_name="Lain", contact_email="lain@contoh.go.id")
    assert compensation.consume_priority_credit(consultation=stranger, now=now) is None
    # One person across channels (DESIGN.md 5b): the same address, in any letter case, is
    # the same person, with an account or without.
    again = ConsultationFactory(applicant=None, contact_name="Tamu", contact_email="TAMU@contoh.go.id")
    assert compensation.consume_priority_credit(consultation=again, now=now) == credit
    again.refresh_from_db()
    assert again.is_priority



def test_a_contact_that_left_no_way_to_be_found_again_gets_the_breach_without_a_credit(db, holidays):
    now = timezone.now()
    paper = ConsultationFactory(
        channel=Channel.SURAT, applicant=None, contact_name="Pengirim Surat", contact_email="", contact_phone="",
        due_at=now - timedelta(days=1),
    )
    assert lifecycle.sweep(now=now).breached == 1
    event = Event.objects.get(consultation=paper, type=EventType.DEADLINE_BREACHED)
    assert event.data["credit_granted"] is False
    assert breach_counts(paper) == (1, 0, 0)  # no address: answered on paper


# --- faults -----------------------------------------------------------------------


def test_the_command_on_an_empty_database_says_there_was_nothing(db, holidays):
    out = StringIO()
    with time_machine.travel(JUST_LATE, tick=False):
        call_command("sweep_deadlines", stdout=out)
    assert "0 newly late cases recorded" in out.getvalue()
    assert "0 at-risk reminders" in out.getvalue()


def test_the_command_rejects_a_batch_size_below_one(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("sweep_deadlines", batch_size=0)


def test_without_a_calendar_for_the_year_breaches_are_recorded_and_the_command_says_so(late_case):
    Holiday.objects.all().delete()  # no year at all: covered_years is empty
    from workdays.calendar import invalidate_calendar

    invalidate_calendar()
    out = StringIO()
    with time_machine.travel(JUST_LATE, tick=False), pytest.raises(CommandError) as refused:
        call_command("sweep_deadlines", stdout=out)
    assert "Kalender hari libur tahun 2025 belum ada" in str(refused.value)
    assert "sync_holidays" in str(refused.value)
    assert "1 newly late cases recorded" in out.getvalue()
    assert breach_counts(late_case) == (1, 1, 1)


def test_with_the_broker_down_breaches_are_recorded_and_the_emails_wait_in_the_outbox(late_case, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("[Errno 111] Connection refused")

    monkeypatch.setattr(outbox_tasks.enqueue_emails, "apply_async", refuse)
    monkeypatch.setattr(outbox_tasks.send_outbound_email, "apply_async", refuse)
    assert lifecycle.sweep(now=JUST_LATE).breached == 1
    assert breach_counts(late_case) == (1, 1, 1)
    apology = OutboundEmail.objects.get(template=BREACH_APOLOGY)
    assert apology.status == OutboxStatus.PENDING
    # The broker is back: the outbox's own sweep sends what waited, once.
    monkeypatch.undo()
    assert outbox_tasks.dispatch_pending(now=timezone.now() + timedelta(minutes=5)) >= 1
    apology.refresh_from_db()
    assert apology.status == OutboxStatus.SENT
    assert lifecycle.sweep(now=JUST_LATE + timedelta(minutes=1)).breached == 0
    assert breach_counts(late_case) == (1, 1, 1)


def test_the_beat_schedule_runs_the_sweep_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["deadlines-sweep"]
    assert entry["task"] == "core.tasks.sweep_deadlines"
    assert entry["schedule"] == timedelta(minutes=1)


def test_the_task_runs_one_sweep(late_case):
    from core import tasks

    with time_machine.travel(JUST_LATE, tick=False):
        assert tasks.sweep_deadlines.delay().get()["breached"] == 1
        assert tasks.sweep_deadlines.delay().get()["breached"] == 0
    assert breach_counts(late_case) == (1, 1, 1)


def test_the_breach_is_escalated_once_to_the_assignee_and_the_director(late_case, director_pusat, staff):
    from consultations.emails import DEADLINE_BREACHED
    from notifications.models import Notice

    steps.assign(consultation=late_case, assignee=staff, actor=director_pusat)
    for minutes in (1, 2):
        lifecycle.sweep(now=SPEC_DUE + timedelta(minutes=minutes))
    escalations = OutboundEmail.objects.about(late_case).filter(template=DEADLINE_BREACHED)
    assert sorted(escalations.values_list("recipient", flat=True)) == sorted([staff.email, director_pusat.email])
    notices = Notice.objects.filter(kind="deadline_breached", subject_id=late_case.pk)
    assert sorted(notices.values_list("recipient", flat=True)) == sorted([staff.pk, director_pusat.pk])


def test_a_batch_of_breaches_costs_the_same_few_queries_as_one(spec_day, holidays, director_pusat, django_assert_max_num_queries):
    cases = [submit(ApplicantFactory()) for _ in range(12)]
    # Claim, read, mark, credits, events, apologies (exists + insert), leads, notices
    # (exists + insert), escalations (exists + insert), the content type, savepoints:
    # the same for 12 cases as for 1.
    with django_assert_max_num_queries(30):
        assert lifecycle.sweep(now=JUST_LATE, batch_size=500).breached == 12
    assert all(breach_counts(case) == (1, 1, 1) for case in cases)


def test_a_system_event_is_written_by_id_with_its_case_at_hand(late_case, django_assert_num_queries):
    at = timezone.now()
    event = Event.of_system(late_case, EventType.DEADLINE_BREACHED, at=at, data={"credit_granted": True})
    with django_assert_num_queries(0):
        assert event.consultation is late_case
        assert event.actor is None
    assert (event.consultation_id, event.type, event.at, event.data) == (
        late_case.pk, EventType.DEADLINE_BREACHED, at, {"credit_granted": True}
    )
    event.save()
    assert Event.objects.get(pk=event.pk).consultation_id == late_case.pk
