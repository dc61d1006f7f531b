"""One person, one credit, two doors at once: Maria's website question and her walk-in
registration (the same address, typed another way) race for the one credit her breached
letter earned. Exactly one of them is priority.

Only PostgreSQL runs writers in parallel with row locks; SQLite serialises them, so the
test is skipped there. CI runs it on PostgreSQL."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction

from accounts.tests.factories import ApplicantFactory
from consultations.channels import Channel
from consultations.models import Consultation, PriorityCredit
from consultations.services import compensation

from .conftest import SPEC_DUE, SPEC_START
from .factories import ConsultationFactory
from .test_concurrency import THREADS, in_parallel

LATE = SPEC_DUE + timedelta(minutes=1)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"),
]


def test_two_doors_racing_for_one_credit_get_one_priority(holidays):
    maria = ApplicantFactory(email="maria.ulfa@contoh.go.id")
    late = ConsultationFactory(
        channel=Channel.SURAT, applicant=None, contact_name="Maria Ulfa", contact_email="maria.ulfa@contoh.go.id",
        contact_phone="", submitted_at=SPEC_START, clock_started_at=SPEC_START, due_at=SPEC_DUE,
    )
    with time_machine.travel(LATE, tick=False):
        call_command("sweep_deadlines", stdout=io.StringIO())
    credit = PriorityCredit.objects.get(granted_for=late)
    # Half the requests are her account's (website), half a guest's with her address.
    new_cases = [
        ConsultationFactory(applicant=maria, clock_started_at=None, due_at=None)
        if index % 2 == 0
        else ConsultationFactory(
            channel=Channel.TATAP_MUKA, applicant=None, contact_name="Maria Ulfa",
            contact_email="MARIA.ULFA@contoh.go.id", clock_started_at=None, due_at=None,
        )
        for index in range(THREADS)
    ]

    def consume(index: int):
        with transaction.atomic():
            taken = compensation.consume_priority_credit(consultation=new_cases[index], now=LATE)
            return taken.pk if taken else None

    outcomes = in_parallel(consume)
    assert not [value for value in outcomes.values() if isinstance(value, BaseException)], outcomes
    assert [value for value in outcomes.values() if value is not None] == [credit.pk]
    assert Consultation.objects.filter(pk__in=[c.pk for c in new_cases], is_priority=True).count() == 1
    credit.refresh_from_db()
    assert credit.used_by_id in {c.pk for c in new_cases}
