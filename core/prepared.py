"""Queries whose SQL Django writes once per process, for the busiest pages.

Turning a queryset into SQL costs Django 0.2–0.4 ms a query (more with joins) — as much
as PostgreSQL takes to answer it. A page that asks the same few questions on every
request about a different row (the staff case page: the case, its files, its history…)
pays that again and again for the same text. :class:`Prepared` builds the queryset once
with placeholder values, keeps the SQL Django wrote for it and the way Django reads its
rows back (``select_related`` included), and on each call sends that SQL with the call's
values:

    events = Prepared(lambda case_id: Event.objects.filter(consultation_id=case_id).select_related("actor"))
    events(case.pk)  # -> [Event, ...], as list(Event.objects.filter(...)...) would give

What a prepared query may hold: filters whose values are the placeholders, compared as
they are (``=``, ``<``…; a placeholder that Django would rewrite, as ``icontains`` does,
is refused when the query is prepared), ``select_related``, ``only``/``defer``, ordering,
slicing, ``values_list()`` (rows as tuples, aggregates too) and its unions. Values are
integers, strings (``strings``) or aware datetimes (``datetimes``); a datetime computed
from a placeholder (``now + 1 hour``) would be written into the SQL as a constant, so it
is refused: give it as a value of its own. Not ``prefetch_related`` (run
it on the result). The rows are model instances made as Django's own ``ModelIterable``
makes them, or the tuples its ``ValuesListIterable`` gives (``core/tests/test_prepared.py``
compares them). The SQL is kept per database connection alias.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

# Values no real row is likely to have, one per placeholder: integers (within a 32-bit
# positive integer column's range, which Django checks) and strings. A query compares
# each placeholder with a column of its own type.
_INT_BASE = 2_147_480_000
# Names of the prepared statements (``_run``), one per query, unique in the process.
_NAMES = itertools.count(1)
_STR_BASE = "\x1bprepared-placeholder-"
# Datetimes in a year no row has: a placeholder's microseconds are its number.
_DATETIME_BASE = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[tuple[int, int, Callable], ...]  # (position in params, placeholder number, its conversion)
    compiler: Any
    model: type[Model]
    init_list: tuple[str, ...]
    start: int
    end: int
    klass_info: dict
    select: list
    annotations: tuple[tuple[str, int], ...]


class Prepared:
    """A query built by ``build(*placeholders)``, written as SQL once per connection alias."""

    def __init__(
        self, build: Callable[..., QuerySet], *, strings: tuple[int, ...] = (), datetimes: tuple[int, ...] = ()
    ) -> None:
        """``build``: a function of the query's values returning the queryset; the
        positions in ``strings`` are compared with text columns, those in ``datetimes``
        with datetime columns (aware values), the others are integers: primary and
        foreign keys."""
        self._build = build
        self._strings = frozenset(strings)
        self._datetimes = frozenset(datetimes)
        self._count = build.__code__.co_argcount
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()
        # Its name as a PostgreSQL prepared statement (``_run``).
        self.statement_name = f"advokasi_prepared_{next(_NAMES)}"

    def _values(self) -> list[Any]:
        return [
            f"{_STR_BASE}{n}" if n in self._strings
            else _DATETIME_BASE + timedelta(microseconds=n + 1) if n in self._datetimes
            else _INT_BASE + n
            for n in range(self._count)
        ]

    def _compile(self, alias: str) -> _Compiled:
        placeholders = self._values()
        queryset = self._build(*placeholders)
        if queryset._prefetch_related_lookups:
            raise ValueError("a prepared query cannot prefetch: run prefetch_related_objects on its rows")
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise ValueError("a prepared query gives model instances or tuples (values_list())")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        # A datetime reaches the SQL as the backend adapts it (itself on PostgreSQL, text
        # on SQLite): a slot converts each call's value the same way.
        adapt = connections[alias].ops.adapt_datetimefield_value
        slots = []
        for position, value in enumerate(params):
            if _from_datetime_placeholder(value) and value not in {adapt(p) for p in placeholders
                                                                    if isinstance(p, datetime)}:
                raise ValueError(f"a datetime computed from a placeholder is fixed in the SQL ({value!r}): "
                                 "give it as a value of its own")
            for number, placeholder in enumerate(placeholders):
                if isinstance(placeholder, datetime):
                    if value == adapt(placeholder):
                        slots.append((position, number, adapt))
                elif isinstance(placeholder, str):
                    if isinstance(value, str) and placeholder in value:
                        if value != placeholder:
                            raise ValueError(f"the placeholder {number} is rewritten in the SQL ({value!r})")
                        slots.append((position, number, str))
                # An integer, or the backend's wrapper of one (psycopg's Int8 for a bigint column).
                elif isinstance(value, int) and not isinstance(value, bool) and value == placeholder:
                    slots.append((position, number, type(value)))
        if {slot[1] for slot in slots} != set(range(self._count)):
            raise ValueError("every value of a prepared query must appear in its SQL as it was given")
        sql, params, slots = _inline_constants(sql, list(params), slots)
        if queryset._iterable_class is ValuesListIterable:
            return _Compiled(sql=sql, params=tuple(params), slots=tuple(slots), compiler=compiler, model=None,
                             init_list=(), start=0, end=0, klass_info={}, select=[], annotations=())
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Compiled(
            sql=sql, params=tuple(params), slots=tuple(slots), compiler=compiler, model=klass_info["model"],
            init_list=tuple(column[0].target.attname for column in select[start:end]), start=start, end=end,
            klass_info=klass_info, select=select, annotations=tuple(compiler.annotation_col_map.items()),
        )

    def __call__(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        params = list(compiled.params)
        for position, number, convert in compiled.slots:
            params[position] = convert(values[number])
        rows = _run(self, connections[using], compiled.sql, params)
        if not rows:
            return []
        if compiled.model is None:  # values_list(): the rows as tuples, converted as Django converts them
            return list(compiled.compiler.results_iter([rows], tuple_expected=True))
        model, init_list, start, end = compiled.model, compiled.init_list, compiled.start, compiled.end
        populators = get_related_populators(compiled.klass_info, compiled.select, using)
        objects = []
        for row in compiled.compiler.results_iter([rows]):
            obj = model.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, column in compiled.annotations:
                setattr(obj, name, row[column])
            objects.append(obj)
        return objects


_PLAIN = re.compile(r"[A-Za-z0-9_]*")


def _inline_constants(sql: str, params: list, slots: list) -> tuple[str, list, list]:
    """The query's constants (a status, a kind: plain words and integers, no placeholder)
    written into its SQL instead of sent with it. The SQL is the same each call; as
    literals they let PostgreSQL prove a partial index's condition (``WHERE NOT status =
    'closed'``) in the plan it keeps for a prepared statement, which a parameter would not.
    The slots are renumbered for the parameters that remain."""
    slotted = {slot[0] for slot in slots}
    kept: list = []
    moved: dict[int, int] = {}
    position = iter(range(len(params)))

    def literal(match: re.Match) -> str:
        if match.group() == "%%":
            return "%%"
        at = next(position)
        value = params[at]
        if at not in slotted and type(value) is not bool:
            if isinstance(value, int):
                return str(int(value))
            if isinstance(value, str) and _PLAIN.fullmatch(value):
                return f"'{str.__str__(value)}'"  # the text itself (a TextChoices member's value)
        moved[at] = len(kept)
        kept.append(value)
        return "%s"

    sql = _PLACEHOLDER.sub(literal, sql)
    return sql, kept, [(moved[at], number, convert) for at, number, convert in slots]


def _from_datetime_placeholder(value: Any) -> bool:
    """Whether a parameter is a datetime in the placeholders' year, as PostgreSQL (a
    datetime) or SQLite (its text) receives it."""
    if isinstance(value, datetime):
        return value.year == _DATETIME_BASE.year
    return isinstance(value, str) and value.startswith(f"{_DATETIME_BASE.year}-")


def set_prefetched(instance: Model, accessor: str, items: list) -> None:
    """What ``prefetch_related(accessor)`` leaves on ``instance``: ``instance.<accessor>.all()``
    answers ``items`` without a query (a reverse foreign key or a many-to-many)."""
    manager = getattr(instance, accessor)
    cache_name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    queryset = manager.get_queryset()
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[cache_name] = queryset


# --- PostgreSQL: each connection keeps the statement parsed and planned -----------------

_PLACEHOLDER = re.compile(r"%%|%s")
# The statements prepared in each database session (a psycopg connection), by name.
_SESSIONS: WeakKeyDictionary = WeakKeyDictionary()


def _numbered(sql: str) -> str:
    """Django's ``%s`` placeholders as PostgreSQL's ``$1, $2…`` (``%%`` is a ``%``)."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda match: "%" if match.group() == "%%" else f"${next(numbers)}", sql)


def _run(query: Prepared, connection, sql: str, params: list) -> list:
    """The rows of ``sql``. On PostgreSQL, outside a transaction, as a prepared statement of
    the database session (``PREPARE`` once a session, then ``EXECUTE``): parsing and
    planning a page's long queries costs PostgreSQL more than running them (the staff case
    page's records: 1.5 ms a time, 0.5 ms prepared). Inside a transaction (a test's, an
    atomic block's) a failed statement would abort it: the query is sent as it is; and
    ``ADVOKASI_PREPARED_STATEMENTS = False`` sends every query as it is (behind a pooler
    that shares sessions between connections)."""
    use_prepared = (
        connection.vendor == "postgresql" and not connection.in_atomic_block
        and connection.settings_dict.get("CONN_MAX_AGE") != 0  # a session that outlives the request
        and getattr(settings, "ADVOKASI_PREPARED_STATEMENTS", True)
    )
    with connection.cursor() as cursor:
        if not use_prepared:
            cursor.execute(sql, params)
            return cursor.fetchall()
        prepared = _SESSIONS.setdefault(connection.connection, set())
        name = query.statement_name
        execute = f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
        if name not in prepared:
            cursor.execute(f"PREPARE {name} AS {_numbered(sql)}")
            prepared.add(name)
        try:
            cursor.execute(execute, params)
        except DatabaseError:
            # The session lost the statement (reset) or its tables changed under it ("cached
            # plan must not change result type"): prepare it again, once.
            prepared.discard(name)
            cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [name])
            if cursor.fetchall():
                cursor.execute(f"DEALLOCATE {name}")
            cursor.execute(f"PREPARE {name} AS {_numbered(sql)}")
            prepared.add(name)
            cursor.execute(execute, params)
        return cursor.fetchall()
