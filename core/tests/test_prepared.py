"""``core.prepared.Prepared`` gives the rows Django's ORM gives, with what
``select_related`` joined, for each call's values; it refuses what it cannot keep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Q, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from complaints.selectors import _desk_page
from consultations.models import Consultation, Event
from consultations.tests.factories import ConsultationFactory
from core.prepared import Prepared, _inline_constants, set_prefetched
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


def test_datetimes_and_counts_are_the_orms(db, applicant_a):
    """A datetime value (``datetimes``) compared with a column, and a row of counts (an
    aggregate grouped by a constant), as the ORM gives them for each call's values."""
    cases = [ConsultationFactory(applicant=applicant_a) for _ in range(3)]
    times = sorted(case.submitted_at for case in cases)

    def build(since, until, applicant_id):
        return (
            Consultation.objects.filter(applicant_id=applicant_id).order_by()
            .values(_all=Value(1))
            .annotate(after=Count("id", filter=Q(submitted_at__gte=since)),
                      before=Count("id", filter=Q(submitted_at__lt=until)), every=Count("id"))
            .values_list("after", "before", "every")
        )

    counts = Prepared(build, datetimes=(0, 1))
    for since, until in ((times[0], times[-1]), (times[-1] + timedelta(seconds=1), times[0])):
        assert counts(since, until, applicant_a.pk) == list(build(since, until, applicant_a.pk))
    assert counts(times[0], times[0], applicant_a.pk + 1000) == [(0, 0, 0)]


def test_a_datetime_computed_from_a_value_is_refused(db):
    """``now + 1 hour`` would be written into the SQL as a constant: refused."""
    later = Prepared(lambda now: Consultation.objects.filter(due_at__lt=now + timedelta(hours=1)), datetimes=(0,))
    with pytest.raises(ValueError, match="computed from a placeholder"):
        later(timezone.now())


def test_constants_are_written_into_the_sql_and_values_are_not():
    """A status or a kind is part of the statement (a partial index's condition can then
    be proven for every call); the call's values stay parameters."""
    sql, params, slots = _inline_constants(
        "SELECT 1 WHERE a = %s AND b = %s AND c = %s AND d LIKE '%%x' AND e = %s AND f = %s",
        [5, "closed", "it's", True, 7], [(0, 0, int)],
    )
    assert sql == "SELECT 1 WHERE a = %s AND b = 'closed' AND c = %s AND d LIKE '%%x' AND e = %s AND f = 7"
    assert params == [5, "it's", True]
    assert slots == [(0, 0, int)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_the_kept_plan_reads_the_open_complaints_index(monkeypatch, director_pusat):
    """The complaints desk's rows as a prepared statement: past the first five calls
    PostgreSQL keeps a generic plan, which proves ``complaint_open_idx``'s condition only
    because the closed status is a literal of the statement."""
    from complaints.selectors import desk_rows

    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    page = desk_rows(user=director_pusat, shown="open")
    for _ in range(7):
        page[0:30]
    assert "'closed'" in _desk_page("open", "directorate", 0, 30)._compiled["default"].sql
    with connection.cursor() as cursor:
        # The test's tables are nearly empty: without a sequential scan to fall back on,
        # the plan shows which indexes it may use at all.
        cursor.execute("SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN EXECUTE {_desk_page('open', 'directorate', 0, 30).statement_name}(%s)",
                           [director_pusat.directorate_id])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET plan_cache_mode; RESET enable_seqscan")
    assert "complaint_open_idx" in plan, plan


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
