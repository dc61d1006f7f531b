"""core.bulk.insert_new: what goes in comes back, ids included, on either database."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from consultations.models import Event, EventType
from consultations.tests.factories import ConsultationFactory
from core.bulk import insert_new
from core.time import WIB

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=WIB)


def test_rows_and_their_ids_round_trip():
    case = ConsultationFactory()
    data = [
        {"text": 'Tanda kutip " dan \\ garis miring\ttab\nbaris', "n": 1},
        {"nested": {"list": [1, None, "ü"]}, "amount": Decimal("1.50"), "when": AT},
        {},
    ]
    events = [Event(consultation=case, type=EventType.DEADLINE_BREACHED, at=AT, data=d) for d in data]

    insert_new(events)

    ids = [event.pk for event in events]
    assert all(ids) and len(set(ids)) == 3
    assert not any(event._state.adding for event in events)
    stored = {event.pk: event for event in Event.objects.filter(pk__in=ids)}
    assert stored[ids[0]].data == data[0]
    # The field's own encoder (DjangoJSONEncoder) wrote the Decimal and the datetime (to ms).
    assert stored[ids[1]].data == {
        "nested": {"list": [1, None, "ü"]},
        "amount": "1.50",
        "when": "2026-03-02T09:30:15.123+07:00",
    }
    assert stored[ids[2]].data == {}
    assert all(row.at == AT and row.actor_id is None and row.consultation_id == case.pk for row in stored.values())
    # The sequence moved past the ids taken: the next ordinary insert does not collide.
    later = Event.objects.create(consultation=case, type=EventType.DEADLINE_BREACHED, at=AT)
    assert later.pk not in ids


def test_nothing_to_insert_is_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        insert_new([])


def test_a_broken_row_fails_the_whole_insert():
    case = ConsultationFactory()
    rows = [
        Event(consultation=case, type=EventType.DEADLINE_BREACHED, at=AT),
        Event(consultation=case, type=EventType.DEADLINE_BREACHED, at=None),
    ]  # NOT NULL
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_new(rows)
    assert not Event.objects.filter(consultation=case, type=EventType.DEADLINE_BREACHED).exists()
