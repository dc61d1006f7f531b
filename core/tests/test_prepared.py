"""``core.prepared.Prepared`` gives the rows Django's ORM gives, with what
``select_related`` joined, for each call's values; it refuses what it cannot keep."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from consultations.models import Consultation, Event
from consultations.tests.factories import ConsultationFactory
from core.prepared import Prepared, set_prefetched
from notifications.models import OutboundEmail

EVENTS = Prepared(lambda case_id: Event.objects.filter(consultation_id=case_id).select_related("actor"))
BY_NUMBER = Prepared(
    lambda number: Consultation.objects.filter(number=number).select_related("applicant__profile", "assignee").order_by(),
    strings=(0,),
)


def _same(rows, expected):
    assert [row.pk for row in rows] == [row.pk for row in expected]
    for row, other in zip(rows, expected, strict=True):
        assert {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields} == {
            f.attname: getattr(other, f.attname) for f in other._meta.concrete_fields
        }


def test_the_rows_of_each_call_are_the_orms(db, applicant_a, director_pusat):
    first = ConsultationFactory(applicant=applicant_a, assignee=director_pusat)
    second = ConsultationFactory(applicant=applicant_a)
    Event.objects.create(consultation=first, actor=director_pusat, type="assigned", at=first.submitted_at,
                         data={"assignee_name": "A", "n": [1, 2]})
    Event.objects.create(consultation=first, actor=None, type="submitted", at=first.submitted_at, data={})
    for case in (first, second):
        expected = list(Event.objects.filter(consultation_id=case.pk).select_related("actor"))
        with CaptureQueriesContext(connection) as queries:
            rows = EVENTS(case.pk)
            actors = [row.actor.full_name if row.actor_id else None for row in rows]  # joined: no query
        assert len(queries) == 1
        _same(rows, expected)
        assert actors == [row.actor.full_name if row.actor_id else None for row in expected]
        assert all(isinstance(row.data, dict) for row in rows)
    found = BY_NUMBER(first.number)
    assert [case.pk for case in found] == [first.pk]
    with CaptureQueriesContext(connection) as queries:
        assert found[0].assignee == director_pusat and found[0].applicant.email == applicant_a.email
    assert len(queries) == 0
    assert BY_NUMBER("ADV-1999-000001") == []


def test_a_value_the_query_rewrites_or_drops_is_refused(db):
    contains = Prepared(lambda text: Consultation.objects.filter(subject__icontains=text), strings=(0,))
    with pytest.raises(ValueError):
        contains("x")
    dropped = Prepared(lambda case_id: Consultation.objects.all())
    with pytest.raises(ValueError):
        dropped(1)
    with pytest.raises(ValueError):
        Prepared(lambda case_id: Consultation.objects.filter(pk=case_id).prefetch_related("events"))(1)


def test_a_bigint_column_keeps_its_type(db):
    """psycopg's Int8 for a PositiveBigIntegerField (the outbox's subject) stays the value's type."""
    about = Prepared(lambda case_id: OutboundEmail.objects.about(Consultation(pk=case_id)).order_by("id"))
    assert about(1) == []


def test_set_prefetched_answers_without_a_query(db, applicant_a):
    case = ConsultationFactory(applicant=applicant_a)
    event = Event.objects.create(consultation=case, actor=None, type="submitted", at=case.submitted_at, data={})
    set_prefetched(case, "events", [event])
    with CaptureQueriesContext(connection) as queries:
        assert list(case.events.all()) == [event]
    assert len(queries) == 0
    assert User.objects.count() >= 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
# Serialized: a plain transactional test's flush re-creates the content types, and the
# next serialized_rollback test (the races, the browser journeys) then fails to load its own.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_kept_connection_prepares_once_and_again_when_the_session_lost_it(
    applicant_a, director_pusat, monkeypatch
):
    """Outside a transaction, on a connection kept between requests, the query is a
    prepared statement of the session: PREPARE once, then EXECUTE; a session that lost it
    (a reset) prepares it again; the rows are the ORM's."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    case = ConsultationFactory(applicant=applicant_a, assignee=director_pusat)
    Event.objects.create(consultation=case, actor=director_pusat, type="assigned", at=case.submitted_at, data={"n": 1})
    events = Prepared(lambda case_id: Event.objects.filter(consultation_id=case_id).select_related("actor"))
    expected = list(Event.objects.filter(consultation_id=case.pk).select_related("actor"))
    with CaptureQueriesContext(connection) as first:
        _same(events(case.pk), expected)
    with CaptureQueriesContext(connection) as second:
        _same(events(case.pk), expected)
    assert [q["sql"].split()[0] for q in first] == ["PREPARE", "EXECUTE"]
    assert [q["sql"].split()[0] for q in second] == ["EXECUTE"]
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler's reset would
    _same(events(case.pk), expected)
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)  # closed after each request: sent as it is
    with CaptureQueriesContext(connection) as plain:
        _same(events(case.pk), expected)
    assert [q["sql"].split()[0] for q in plain] == ["SELECT"]
