"""Changing the calendar moves the deadlines of open cases whose clock runs (SPEC.md)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils.dateparse import parse_datetime
from kombu.exceptions import OperationalError

from consultations.channels import Channel
from consultations.models import Consultation, Event, EventType
from consultations.workflow import Status
from core import lifecycle, tasks
from workdays.models import Holiday, HolidayKind
from workdays.services import add_holiday, deactivate_holiday

from .conftest import SPEC_DUE, SPEC_START, WIB
from .factories import ConsultationFactory


def recomputed(case):
    return list(Event.objects.filter(consultation=case, type=EventType.DEADLINE_RECOMPUTED))


@pytest.fixture
def others(case, director_pusat):
    """Cases the recomputation must leave alone."""
    answered = ConsultationFactory(
        submitted_at=SPEC_START,
        due_at=SPEC_DUE,
        status=Status.DELIVERED,
        completed_at=SPEC_START + timedelta(days=1),
        completed_on_time=True,
    )
    walk_in = ConsultationFactory(
        channel=Channel.TATAP_MUKA, submitted_at=SPEC_START, due_at=SPEC_START + timedelta(hours=1)
    )
    letter_waiting = ConsultationFactory(
        channel=Channel.SURAT, status=Status.REGISTERED, submitted_at=SPEC_START, clock_started_at=None, due_at=None
    )
    return [answered, walk_in, letter_waiting]


def test_removing_a_holiday_brings_the_deadline_forward(case, others, admin_user, django_capture_on_commit_callbacks):
    before = {c.pk: c.due_at for c in others}
    with django_capture_on_commit_callbacks(execute=True):
        deactivate_holiday(holiday=Holiday.objects.get(date="2025-04-18"), actor=admin_user)  # Good Friday
    case.refresh_from_db()
    assert case.due_at == datetime(2025, 4, 21, 23, 59, 59, tzinfo=WIB)
    [event] = recomputed(case)
    assert event.actor is None and event.at == SPEC_START
    assert parse_datetime(event.data["old_due_at"]) == SPEC_DUE
    assert parse_datetime(event.data["new_due_at"]) == datetime(2025, 4, 21, 23, 59, 59, tzinfo=WIB)
    assert {c.pk: c.due_at for c in Consultation.objects.filter(pk__in=before)} == before
    assert not Event.objects.filter(type=EventType.DEADLINE_RECOMPUTED).exclude(consultation=case).exists()


def test_adding_a_holiday_pushes_the_deadline_back(case, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_holiday(date=date(2025, 4, 15), name="Cuti bersama tambahan", kind=HolidayKind.CUTI_BERSAMA, actor=admin_user)
    case.refresh_from_db()
    assert case.due_at == datetime(2025, 4, 23, 23, 59, 59, tzinfo=WIB)
    assert len(recomputed(case)) == 1


def test_recomputing_again_changes_nothing(case):
    assert lifecycle.recompute_desk("consultations") == 0
    Consultation.objects.filter(pk=case.pk).update(due_at=SPEC_DUE + timedelta(days=3))
    assert lifecycle.recompute_desk("consultations") == 1
    assert lifecycle.recompute_desk("consultations") == 0
    case.refresh_from_db()
    assert case.due_at == SPEC_DUE
    assert len(recomputed(case)) == 1


def test_with_the_broker_down_the_recomputation_runs_inline(case, admin_user, monkeypatch, django_capture_on_commit_callbacks):
    def refuse(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.recompute_deadlines, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        deactivate_holiday(holiday=Holiday.objects.get(date="2025-04-18"), actor=admin_user)
    case.refresh_from_db()
    assert case.due_at == datetime(2025, 4, 21, 23, 59, 59, tzinfo=WIB)


def test_the_nightly_task_recomputes_too(case):
    Consultation.objects.filter(pk=case.pk).update(due_at=SPEC_DUE - timedelta(days=1))
    assert tasks.recompute_deadlines.delay().get()["consultations"] == 1
    case.refresh_from_db()
    assert case.due_at == SPEC_DUE
