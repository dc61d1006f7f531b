"""``core.pgtime``: PostgreSQL connections read ``timestamptz`` with the ISO loader,
which gives exactly what Django's own loader gives, and takes its C path for the text
of a UTC offset of zero (PostgreSQL only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import DataError, connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader, register_tzloader

from consultations.models import Event, EventType
from consultations.tests.factories import ConsultationFactory
from core import pgtime
from core.time import WIB

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a loader of PostgreSQL's timestamptz"),
]

TIMESTAMPTZ = 1184

VALUES = [
    "2026-12-08 00:14:28.353126+00",
    "2026-12-08 07:14:28.35+07",
    "2026-12-08 00:14:28.1+00",
    "2026-12-08 00:14:28.0001+00",
    "2026-12-08 00:14:28+00",
    "2024-02-29 23:59:59.999999+00",
    "1900-01-01 00:00:00+00",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "1969-12-31 23:59:59.5+00",
]


def loaders():
    """(Django's loader, ours) for the connection's time zone, on the test's connection."""
    connection.ensure_connection()
    raw = connection.connection

    class Context:  # an adapt context of its own: registering must not touch the connection's
        adapters = type(raw.adapters)(raw.adapters)
        connection = raw

    register_tzloader(connection.timezone, Context)
    django_loader = Context.adapters.get_loader(TIMESTAMPTZ, 0)(TIMESTAMPTZ, raw)
    ours = pgtime._loader_for(connection.timezone)(TIMESTAMPTZ, raw)
    return django_loader, ours


def as_postgres_writes(value: str, zone: str) -> bytes:
    """``value`` as PostgreSQL writes it in the session time zone ``zone``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [zone])
        cursor.execute("SELECT %s::timestamptz::text", [value])
        text = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('TimeZone', 'UTC', true)")
    return text.encode()


def outcome(loader, data):
    """What ``loader`` makes of ``data``: the datetime and its tzinfo, or the error's type."""
    try:
        value = loader.load(data)
    except Exception as error:  # past 9999 in the session's zone: psycopg's DataError
        return type(error)
    return value, value.tzinfo


def test_every_connection_reads_timestamptz_with_the_iso_loader():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ, 0)
    assert issubclass(loader, BaseTzLoader)
    assert loader is pgtime._loader_for(connection.timezone)
    assert loader.timezone is connection.timezone  # what Django's create_cursor compares


@pytest.mark.parametrize("zone", ["UTC", "Asia/Jakarta", "America/St_Johns", "Asia/Kolkata"])
def test_the_same_datetimes_as_djangos_loader(zone):
    django_loader, ours = loaders()
    for value in VALUES:
        data = as_postgres_writes(value, zone)
        expected = outcome(django_loader, data)
        assert outcome(ours, data) == expected, data
        # And from a memoryview, as psycopg may hand it.
        assert outcome(ours, memoryview(data)) == expected, data


def test_an_offset_of_zero_takes_the_c_path(monkeypatch):
    _django_loader, ours = loaders()

    def refuse(self, data):
        raise AssertionError("Django's parser was asked")

    monkeypatch.setattr(BaseTzLoader, "load", refuse)
    assert ours.load(b"2026-12-08 00:14:28.353126+00") == datetime(2026, 12, 8, 0, 14, 28, 353126, tzinfo=UTC)
    with pytest.raises(AssertionError):  # any other offset: Django's
        ours.load(b"2026-12-08 07:14:28+07")


def test_what_python_cannot_parse_fails_as_django_fails():
    django_loader, ours = loaders()
    for text in (b"infinity", b"-infinity", b"0044-03-15 00:00:00+00 BC", b"10000-01-01 00:00:00+00"):
        with pytest.raises(Exception) as djangos:
            django_loader.load(text)
        with pytest.raises(Exception) as got:
            ours.load(text)
        assert type(got.value) is type(djangos.value), text
    with pytest.raises(DataError):  # through the ORM, Django's error as before
        with connection.cursor() as cursor:
            cursor.execute("SELECT 'infinity'::timestamptz")
            cursor.fetchone()


def test_a_saved_datetime_reads_back_the_same():
    at = datetime(2026, 12, 8, 7, 14, 28, 353126, tzinfo=WIB)
    case = ConsultationFactory()
    event = Event.objects.create(consultation=case, type=EventType.NOTE_ADDED, at=at)
    event = Event.objects.get(pk=event.pk)
    assert event.at == at
    assert event.at.tzinfo is UTC
    assert event.at.utcoffset() == timedelta(0)
