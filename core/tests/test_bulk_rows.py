"""core.bulk.insert_rows: plain tuples in, the same rows as model instances would
write (defaults filled, JSON by the field's encoder), ids in order, on either database."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from consultations.models import Event, EventType
from consultations.tests.factories import ConsultationFactory
from core.bulk import insert_new, insert_rows
from core.time import WIB
from notifications.models import OutboundEmail, OutboxStatus

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=WIB)


def test_rows_get_ids_in_order_and_their_defaults():
    names = ("template", "recipient", "language", "context", "dedupe_key")
    context = {"when": AT, "amount": Decimal("1.50"), "text": 'kutip " \\ tab\tbaris\nü'}
    ids = insert_rows(OutboundEmail, names, [
        ("t", "a@contoh.go.id", "id", context, "k:1"),
        ("t", "b@contoh.go.id", "en", {}, "k:2"),
    ])
    assert len(ids) == 2 and ids[0] < ids[1]
    first, second = OutboundEmail.objects.get(pk=ids[0]), OutboundEmail.objects.get(pk=ids[1])
    assert (first.recipient, first.dedupe_key, second.recipient, second.dedupe_key) == (
        "a@contoh.go.id", "k:1", "b@contoh.go.id", "k:2"
    )
    assert first.context == {"when": "2026-03-02T09:30:15.123+07:00", "amount": "1.50", "text": context["text"]}
    # The fields not named: their defaults, as a new instance has them.
    for row in (first, second):
        assert row.status == OutboxStatus.PENDING and row.attempts == 0 and row.attachments == []
        assert row.last_error == "" and row.claim_token == "" and row.sent_at is None and row.created_at is not None


def test_the_same_rows_as_instances_write():
    case = ConsultationFactory()
    data = {"nested": {"list": [1, None, "ü"]}, "amount": Decimal("1.50"), "when": AT}
    event = Event(consultation=case, type=EventType.DEADLINE_BREACHED, at=AT, data=data)
    insert_new([event])
    (pk,) = insert_rows(Event, ("consultation_id", "type", "actor_id", "at", "data"),
                        [(case.pk, EventType.DEADLINE_BREACHED, None, AT, data)])
    keep = ("consultation_id", "type", "actor_id", "at", "data")
    assert Event.objects.filter(pk=pk).values(*keep).get() == Event.objects.filter(pk=event.pk).values(*keep).get()


def test_nothing_to_insert_is_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows(OutboundEmail, ("template",), []) == []


def test_an_unknown_field_is_refused():
    with pytest.raises((ValueError, TypeError)):
        insert_rows(OutboundEmail, ("template", "nope"), [("t", 1)])
