"""At-risk reminders of the consultations desk (core.lifecycle.remind_at_risk with the
desk's hook, consultations/services/deadlines.py): once per case, to the people who
must act."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from consultations import notices
from consultations.channels import Channel
from consultations.models import Consultation, Event, EventType
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status
from core import lifecycle
from core.time import WIB
from notifications.models import Notice, OutboundEmail
from workdays.calendar import get_calendar

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 10, 9, 0, tzinfo=WIB)  # Tuesday; Wednesday is a working day


def remind_at_risk(*, now, batch_size: int = 500) -> int:
    """The consultations desk's at-risk reminders, through the one engine: how many."""
    return lifecycle.remind_at_risk("consultations", now=now, batch_size=batch_size)[0]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def end_of(day: int) -> datetime:
    return datetime(2025, 6, day, 23, 59, 59, tzinfo=WIB)


def test_an_unassigned_case_at_risk_is_told_to_the_director_once(director_pusat, staff):
    case = ConsultationFactory(due_at=end_of(11))  # one working day left
    ConsultationFactory(due_at=end_of(20))  # on time: nothing

    assert remind_at_risk(now=NOW) == 1
    assert remind_at_risk(now=NOW) == 0
    assert remind_at_risk(now=NOW + timedelta(hours=3)) == 0

    case.refresh_from_db()
    assert case.at_risk_notified_at == NOW
    event = Event.objects.get(consultation=case, type=EventType.DEADLINE_AT_RISK)
    assert event.actor is None
    assert Notice.objects.get(kind=notices.KIND_AT_RISK).recipient == director_pusat
    assert list(OutboundEmail.objects.values_list("recipient", "template")) == [
        (director_pusat.email, "deadline-at-risk")
    ]
    assert not Notice.objects.filter(recipient=staff).exists()


def test_an_assigned_case_at_risk_is_told_to_its_assignee_only(director_pusat, staff):
    ConsultationFactory(due_at=end_of(11), assignee=staff, status=Status.ASSIGNED)
    assert remind_at_risk(now=NOW) == 1
    assert list(Notice.objects.values_list("recipient", flat=True)) == [staff.pk]
    assert list(OutboundEmail.objects.values_list("recipient", flat=True)) == [staff.email]


def test_a_walk_in_is_at_risk_15_minutes_before_its_hour(director_pusat):
    walk_in = ConsultationFactory(channel=Channel.TATAP_MUKA, due_at=NOW + timedelta(minutes=20))
    assert remind_at_risk(now=NOW) == 0
    assert remind_at_risk(now=NOW + timedelta(minutes=6)) == 1
    walk_in.refresh_from_db()
    assert walk_in.at_risk_notified_at == NOW + timedelta(minutes=6)


def test_late_finished_or_already_told_cases_are_left_alone(director_pusat):
    ConsultationFactory(due_at=NOW - timedelta(hours=1))  # late: the breach's business
    ConsultationFactory(due_at=end_of(11), completed_at=NOW, completed_on_time=True, status=Status.DELIVERED)
    ConsultationFactory(due_at=end_of(11), at_risk_notified_at=NOW - timedelta(hours=1))
    assert remind_at_risk(now=NOW) == 0
    assert not Notice.objects.exists()


def test_batches_cover_every_case(director_pusat):
    ConsultationFactory.create_batch(5, due_at=end_of(11))
    assert remind_at_risk(now=NOW, batch_size=2) == 5
    assert Consultation.objects.filter(at_risk_notified_at=NOW).count() == 5
    assert Notice.objects.count() == 5


def test_nothing_new_costs_one_probe(director_pusat, django_assert_max_num_queries):
    ConsultationFactory(due_at=end_of(20))
    get_calendar()  # cached in every running process
    # The select, inside its transaction's savepoint and release.
    with django_assert_max_num_queries(3):
        assert remind_at_risk(now=NOW) == 0


def test_a_digest_reader_is_reminded_in_app_only(director_pusat):
    director_pusat.notification_digest = True
    director_pusat.save()
    ConsultationFactory(due_at=end_of(11))
    assert remind_at_risk(now=NOW) == 1
    assert Notice.objects.filter(recipient=director_pusat).count() == 1
    assert not OutboundEmail.objects.exists()
