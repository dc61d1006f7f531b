"""Migration 0017: meetings cancelled before it left their case DELIVERED, judged "on
time", with no way on (a new schedule could not be confirmed); it closes them as
cancelled, at the moment of the cancellation, with the reason their event recorded. The
real migration runs back and forward on the suite's database."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.daring import services as meetings
from consultations.models import Consultation, Meeting
from consultations.workflow import Status
from core.time import WIB

from .test_meeting_cancellation import MONDAY, in_hand, wib

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("consultations", "0016_phones_e164_and_credit_keys")]


def test_meetings_cancelled_before_the_migration_are_closed_as_cancelled(holidays, front_desk, director_pusat):
    member = InternalUserFactory(role=Role.STAFF, directorate=directorate("pusat"))
    with time_machine.travel(MONDAY, tick=False):
        case = in_hand(front_desk, director_pusat, member)
        untouched = in_hand(front_desk, director_pusat, member)
        meetings.confirm_meeting(consultation=case, actor=member, starts_at=wib(28, 10), ends_at=wib(28, 11),
                                 platform="Zoom", link="https://zoom.us/j/1", team=[member])
    cancelled_at = datetime(2026, 12, 22, 11, 0, tzinfo=WIB)
    meetings.cancel_meeting(consultation=case, actor=member, reason="Diundur PIC.", cancelled_by="pic",
                            now=cancelled_at)
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate(BEFORE)
        # As the code before it left a cancellation: DELIVERED, on time, nothing else.
        old = MigrationExecutor(connection).loader.project_state(BEFORE[0]).apps
        old.get_model("consultations", "Consultation").objects.filter(pk=case.pk).update(
            status="delivered", completed_at=MONDAY, completed_on_time=True, working_days_taken=0
        )
        assert old.get_model("consultations", "Meeting").objects.get(pk=case.pk).status == "cancelled"
    finally:
        MigrationExecutor(connection).migrate(leaf)
    case = Consultation.objects.get(pk=case.pk)
    assert (case.status, case.completed_at, case.completed_on_time, case.working_days_taken) == (
        Status.CANCELLED, cancelled_at, None, None
    )
    meeting = Meeting.objects.get(consultation=case)
    assert (meeting.cancelled_at, meeting.cancelled_by, meeting.cancel_reason) == (cancelled_at, "", "Diundur PIC.")
    assert Consultation.objects.get(pk=untouched.pk).status == Status.ASSIGNED
