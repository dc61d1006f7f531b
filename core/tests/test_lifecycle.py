"""One deadline lifecycle for every desk (core.lifecycle): a complaint and a consultation,
open at once, are recomputed by one calendar change, swept by one sweep, reminded once,
breached once — each with its own desk's consequences (a consultation's breach earns a
priority credit, a complaint's does not).

The consultation is submitted through the real website intake on Monday 27 October 2025
and the complaint filed through the real web form on Monday 3 November; no holiday falls
in between, so both are due at the end of Monday 10 November (10 and 5 working days).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils.dateparse import parse_datetime
from kombu.exceptions import OperationalError

from accounts.models import InstitutionType
from accounts.tests.factories import directorate
from complaints import services as complaint_services
from complaints.models import Complaint, ComplaintEvent
from complaints.models import EventType as ComplaintEventType
from complaints.models import Kind as ComplaintKind
from consultations.models import Consultation, Event, EventType, PriorityCredit
from consultations.tests.factories import set_institution_type, submit
from core import lifecycle, tasks
from core.time import WIB
from notifications.models import Notice
from workdays.calendar import invalidate_calendar
from workdays.models import Holiday, HolidayKind
from workdays.services import add_holiday

pytestmark = pytest.mark.django_db

CASE_DAY = datetime(2025, 10, 27, 10, 0, tzinfo=WIB)  # Monday
COMPLAINT_DAY = datetime(2025, 11, 3, 10, 0, tzinfo=WIB)  # Monday, a week later
DUE = datetime(2025, 11, 10, 23, 59, 59, tzinfo=WIB)  # end of Monday 10 November: both
AT_RISK = datetime(2025, 11, 7, 9, 0, tzinfo=WIB)  # Friday: one working day left
LATE = DUE + timedelta(seconds=2)


@pytest.fixture
def clock(holidays):
    with time_machine.travel(CASE_DAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(clock, applicant_a, director_pusat) -> Consultation:
    clock.move_to(CASE_DAY)
    return submit(set_institution_type(applicant_a, InstitutionType.KL))


@pytest.fixture
def complaint(clock, case, complaint_handler) -> Complaint:
    clock.move_to(COMPLAINT_DAY)
    return complaint_services.file_complaint(
        kind=ComplaintKind.PENGADUAN, text="Jawaban atas konsultasi saya belum datang.", directorate=directorate("pusat")
    ).complaint


def fresh(row):
    row.refresh_from_db()
    return row


def breaches(case: Consultation, complaint: Complaint) -> tuple[int, int, int]:
    """(consultation breach events, complaint breach events, credits granted)."""
    return (
        Event.objects.filter(consultation=case, type=EventType.DEADLINE_BREACHED).count(),
        ComplaintEvent.objects.filter(complaint=complaint, type=ComplaintEventType.BREACHED).count(),
        PriorityCredit.objects.count(),
    )


def test_both_desks_are_on_the_lifecycle_and_start_their_clocks_by_its_rule(case, complaint):
    assert [desk.label for desk in lifecycle.desks()] == ["consultations", "complaints"]
    assert lifecycle.desk_for(Consultation).label == "consultations"
    assert lifecycle.desk_for(complaint).label == "complaints"
    assert (case.due_at, complaint.due_at) == (DUE, DUE)
    # The rule a clock starts by is the rule the recompute applies: nothing moves.
    assert lifecycle.recompute() == {"consultations": 0, "complaints": 0}


# --- the calendar changes ------------------------------------------------------------


def test_a_holiday_added_while_both_are_open_moves_both_deadlines_and_says_so_on_each(
    case, complaint, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_holiday(date=date(2025, 11, 5), name="Cuti bersama tambahan", kind=HolidayKind.CUTI_BERSAMA, actor=admin_user)
    moved = datetime(2025, 11, 11, 23, 59, 59, tzinfo=WIB)
    assert fresh(case).due_at == moved
    assert fresh(complaint).due_at == moved

    [event] = Event.objects.filter(consultation=case, type=EventType.DEADLINE_RECOMPUTED)
    assert event.actor is None and event.at == COMPLAINT_DAY
    assert parse_datetime(event.data["new_due_at"]) == moved
    [complaint_event] = ComplaintEvent.objects.filter(complaint=complaint, type=ComplaintEventType.RECOMPUTED)
    assert complaint_event.actor is None and complaint_event.at == COMPLAINT_DAY
    assert parse_datetime(complaint_event.data["old_due_at"]) == DUE
    assert parse_datetime(complaint_event.data["new_due_at"]) == moved
    # Shown on the complaint's timeline in words.
    assert complaint_event.get_type_display() == "Batas waktu dihitung ulang"

    # Once: the same calendar again moves nothing.
    assert lifecycle.recompute() == {"consultations": 0, "complaints": 0}


def test_with_the_broker_down_the_complaints_deadline_is_recomputed_inline(
    complaint, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.recompute_deadlines, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        add_holiday(date=date(2025, 11, 5), name="Libur tambahan", kind=HolidayKind.CUTI_BERSAMA, actor=admin_user)
    assert fresh(complaint).due_at == datetime(2025, 11, 11, 23, 59, 59, tzinfo=WIB)


def test_closed_and_breached_complaints_keep_the_deadline_they_were_judged_by(
    clock, case, complaint, complaint_handler
):
    closed = complaint_services.file_complaint(
        kind=ComplaintKind.SARAN, text="Saran untuk layanan.", directorate=directorate("pusat")
    ).complaint
    complaint_services.close(complaint=closed, follow_up="Terima kasih.", actor=complaint_handler)
    clock.move_to(LATE)
    lifecycle.sweep(now=LATE)
    assert fresh(complaint).breached_at == LATE
    # A holiday inside their five days, added afterwards.
    Holiday.objects.create(date=date(2025, 11, 5), name="Libur tambahan", is_active=True)
    invalidate_calendar()
    assert lifecycle.recompute(now=LATE) == {"consultations": 0, "complaints": 0}
    assert (fresh(complaint).due_at, fresh(closed).due_at) == (DUE, DUE)
    assert not ComplaintEvent.objects.filter(type=ComplaintEventType.RECOMPUTED).exists()


def test_the_nightly_task_recomputes_every_desk(case, complaint, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["deadlines-recompute"]
    assert entry["task"] == "core.tasks.recompute_deadlines"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({0}, {30})
    # Deadlines stored by a calendar the nightly run no longer agrees with.
    Consultation.objects.filter(pk=case.pk).update(due_at=DUE - timedelta(days=1))
    Complaint.objects.filter(pk=complaint.pk).update(due_at=DUE + timedelta(days=1))
    assert tasks.recompute_deadlines.delay().get() == {"consultations": 1, "complaints": 1}
    assert (fresh(case).due_at, fresh(complaint).due_at) == (DUE, DUE)
    assert ComplaintEvent.objects.filter(complaint=complaint, type=ComplaintEventType.RECOMPUTED).count() == 1


# --- the sweep ------------------------------------------------------------------------


def test_one_sweep_records_both_breaches_once_a_credit_for_the_consultation_only(
    clock, case, complaint, director_pusat
):
    clock.move_to(LATE)
    report = lifecycle.sweep(now=LATE)
    assert (report["consultations"].breached, report["complaints"].breached) == (1, 1)
    assert report.breached == 2 and not report.problems
    assert (fresh(case).breached_at, fresh(complaint).breached_at) == (LATE, LATE)
    assert breaches(case, complaint) == (1, 1, 1)
    assert PriorityCredit.objects.get().granted_for == case
    assert Notice.objects.filter(recipient=director_pusat, kind="complaint_breached").count() == 1

    again = lifecycle.sweep(now=LATE + timedelta(minutes=1))
    assert (again.breached, again.at_risk) == (0, 0)
    assert breaches(case, complaint) == (1, 1, 1)
    assert Notice.objects.filter(recipient=director_pusat, kind="complaint_breached").count() == 1


def test_one_sweep_reminds_both_once_when_one_working_day_is_left(clock, case, complaint, complaint_handler):
    clock.move_to(AT_RISK)
    report = lifecycle.sweep(now=AT_RISK)
    assert (report["consultations"].at_risk, report["complaints"].at_risk) == (1, 1)
    assert report.breached == 0
    assert (fresh(case).at_risk_notified_at, fresh(complaint).at_risk_notified_at) == (AT_RISK, AT_RISK)
    assert Event.objects.filter(consultation=case, type=EventType.DEADLINE_AT_RISK).count() == 1
    assert ComplaintEvent.objects.filter(complaint=complaint, type=ComplaintEventType.AT_RISK).count() == 1
    assert Notice.objects.filter(recipient=complaint_handler, kind="complaint_at_risk").count() == 1

    assert lifecycle.sweep(now=AT_RISK + timedelta(hours=1)).at_risk == 0
    assert ComplaintEvent.objects.filter(type=ComplaintEventType.AT_RISK).count() == 1


def test_without_the_years_calendar_breaches_are_still_recorded_and_the_report_says_why(clock, case, complaint):
    Holiday.objects.all().delete()
    invalidate_calendar()
    clock.move_to(LATE)
    report = lifecycle.sweep(now=LATE)
    assert report.breached == 2 and report.at_risk == 0
    assert "Kalender hari libur tahun 2025 belum ada" in report.problems[0]


def test_the_beat_runs_one_sweep_of_every_desk_every_minute(clock, case, complaint, settings):
    from advokasi.celery import app

    scheduled = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert scheduled.count("core.tasks.sweep_deadlines") == 1
    assert not {"consultations.tasks.sweep_deadlines", "complaints.tasks.sweep_complaints"} & set(scheduled)
    assert settings.CELERY_BEAT_SCHEDULE["deadlines-sweep"]["schedule"] == timedelta(minutes=1)
    app.loader.import_default_modules()
    assert {"core.tasks.sweep_deadlines", "core.tasks.recompute_deadlines"} <= set(app.tasks)
    clock.move_to(LATE)
    done = tasks.sweep_deadlines.delay().get()
    assert (done["breached"], done["desks"]["consultations"]["breached"], done["desks"]["complaints"]["breached"]) == (
        2, 1, 1,
    )
    assert tasks.sweep_deadlines.delay().get()["breached"] == 0


def test_the_commands_sweep_every_desk_or_the_complaints_desk_alone(clock, case, complaint):
    clock.move_to(LATE)
    out = StringIO()
    call_command("sweep_complaints", stdout=out)
    assert "complaint sweep: 1 newly late" in out.getvalue()
    assert fresh(case).breached_at is None  # not the complaints desk's
    out = StringIO()
    call_command("sweep_deadlines", stdout=out)
    assert "1 newly late cases recorded" in out.getvalue()
    assert "consultations: 1 newly late" in out.getvalue() and "complaints: 0 newly late" in out.getvalue()
    assert breaches(case, complaint) == (1, 1, 1)


def test_the_complaints_command_says_so_when_the_calendar_lacks_the_year(clock, complaint):
    Holiday.objects.all().delete()
    invalidate_calendar()
    clock.move_to(LATE)
    with pytest.raises(CommandError, match="Kalender hari libur tahun 2025 belum ada"):
        call_command("sweep_complaints", stdout=StringIO())
    assert fresh(complaint).breached_at == LATE


# --- a clock stopped over its deadline --------------------------------------------------


def test_a_complaint_closed_late_before_any_sweep_gets_its_breach_as_the_sweep_would_give_it(
    clock, complaint, complaint_handler, director_pusat
):
    clock.move_to(LATE + timedelta(hours=9))
    complaint_services.close(complaint=complaint, follow_up="Maaf terlambat.", actor=complaint_handler)
    complaint = fresh(complaint)
    assert complaint.completed_on_time is False and complaint.breached_at == LATE + timedelta(hours=9)
    types = list(complaint.events.values_list("type", flat=True))
    assert types[-2:] == [ComplaintEventType.BREACHED, ComplaintEventType.CLOSED]
    assert Notice.objects.filter(recipient=director_pusat, kind="complaint_breached").count() == 1
    assert not PriorityCredit.objects.exists()
    # The sweep after it finds nothing more on the complaint.
    assert lifecycle.sweep()["complaints"].breached == 0
    assert complaint.events.filter(type=ComplaintEventType.BREACHED).count() == 1


def test_a_mark_that_finds_a_row_marked_already_rolls_the_batch_back(clock, complaint):
    other = complaint_services.file_complaint(
        kind=ComplaintKind.MASUKAN, text="Masukan untuk layanan.", directorate=directorate("pusat")
    ).complaint
    clock.move_to(LATE)
    Complaint.objects.filter(pk=complaint.pk).update(breached_at=LATE)  # another sweep, without a lock
    with pytest.raises(lifecycle.ClaimLost), transaction.atomic():
        lifecycle.record_breaches(Complaint, [complaint, other], now=LATE)
    # Nothing told, and the other's mark went with the batch.
    assert fresh(other).breached_at is None
    assert not ComplaintEvent.objects.filter(type=ComplaintEventType.BREACHED).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mark_outside_the_transaction_that_locked_the_rows_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        lifecycle.record_breaches("complaints", [Complaint(pk=1)], now=LATE)


def test_a_model_without_a_desk_is_refused():
    with pytest.raises(LookupError):
        lifecycle.desk_for(Holiday)
    with pytest.raises(ValueError, match="on the lifecycle already"):

        class Again(lifecycle.DeadlineDesk):
            label = "again"
            model = Complaint

        lifecycle.register(Again())


def test_one_claim_loop_inside_a_transaction():
    # The test's own transaction: another connection would not see its rows (and on
    # SQLite, which has no row locks, there is only ever one).
    assert lifecycle._connections_for("default") == 1
    with transaction.atomic():
        assert lifecycle._connections_for("default") == 1
