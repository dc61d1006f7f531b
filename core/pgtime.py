"""PostgreSQL's ``timestamptz`` values read at C speed.

Django reads them through a loader of its own (``BaseTzLoader`` in
``django.db.backends.postgresql.psycopg_any``): psycopg's pure-Python parser, then the
time zone set on the result. Being a subclass, it cannot use psycopg's C loader.
That costs about 3.4 µs a value. A deadline sweep reads ~11,000 of them per 2,000 late
cases, about 7% of its Python time (``bench/sweep.py``, bench/README.md).

:func:`use_iso_loader` (on ``connection_created``, from ``core.apps``) puts a subclass
of Django's loader on each new PostgreSQL connection. For the text PostgreSQL writes
for a UTC offset of zero (``2026-12-08 00:14:28.353126+00``: DateStyle ISO, which
Django's connections use), it parses with ``datetime.fromisoformat`` (C). Anything
else goes to Django's own ``load``: other offsets, other DateStyles, ``infinity``, BC
dates, years past 9999. The result is Django's in every case: the wall-clock time as
written, with the connection's ``timezone`` (``core/tests/test_pgtime.py`` compares them).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

_fromisoformat = datetime.fromisoformat


@lru_cache
def _loader_for(tz):
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader

    class IsoTzLoader(BaseTzLoader):
        timezone = tz

        def load(self, data):
            text = data.decode() if isinstance(data, bytes) else bytes(data).decode()
            if text.endswith("+00"):
                try:
                    value = _fromisoformat(text)
                except ValueError:  # a year past 9999, a BC date: Django's parser
                    return super().load(data)
                # Offset zero: the wall-clock time as written, as Django's gives it.
                return value if value.tzinfo is tz else value.replace(tzinfo=tz)
            return super().load(data)

    return IsoTzLoader


def use_iso_loader(sender, connection, **kwargs) -> None:
    """On a new PostgreSQL connection: its ``timestamptz`` loader is :func:`_loader_for`
    its time zone (the one Django's loader would have)."""
    if connection.vendor != "postgresql":
        return
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if is_psycopg3:
        connection.connection.adapters.register_loader("timestamptz", _loader_for(connection.timezone))
