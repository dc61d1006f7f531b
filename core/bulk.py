"""Inserting many new rows fast: what a sweep's batch writes (events, credits, e-mails,
notices), thousands a second.

:func:`insert_new` writes unsaved model instances and gives each its primary key;
:func:`insert_rows` writes plain tuples of values (no model instance per row: a
sweep's notices and e-mails, thousands a batch) and returns their primary keys. On
PostgreSQL both stream the rows with ``COPY … FROM STDIN`` after taking their ids from
the table's sequence in one query: several times faster than ``bulk_create`` there,
whose ``UNNEST`` arrays psycopg escapes value by value. Elsewhere it is ``bulk_create``.

Only for rows that are new by construction (their unique keys name an event written in
the same transaction): ``COPY`` has no ``ON CONFLICT``, so a duplicate fails the
caller's transaction instead of being skipped. No ``save()``, no signals, no
``pre_save`` (``auto_now``): the instances must carry every value, defaults included
(:func:`insert_rows` fills the fields it is not given with their defaults).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db import connections, models, router


@dataclass(frozen=True)
class _Plan:
    """What a ``COPY`` of a model's rows needs, worked out once per model and list of
    fields given: the columns are the primary key, the given fields, then the others
    (filled with their defaults)."""

    attnames: tuple[str, ...]  # the fields given, in the order of a row's values
    constants: tuple[Any, ...]  # the defaults of the fields not given that are constants
    # (an empty list or dict default of a JSON field as its JSON text)
    factories: tuple[Any, ...]  # then the callable defaults (timezone.now, list): per row
    # (position in a full row, ``encode``) of each JSON field: the text ``json.dumps``
    # with the field's encoder gives (what psycopg's Jsonb sends), one encoder kept.
    json: tuple[tuple[int, Any], ...]
    sequence: tuple[str, str]  # the table and the primary key's column
    copy_sql: str


_PLANS: dict[tuple[type[models.Model], tuple[str, ...] | None], _Plan] = {}


def _plan(model: type[models.Model], names: tuple[str, ...] | None, connection) -> _Plan:
    """The :class:`_Plan` of rows of ``model`` giving ``names`` (None: every concrete
    field but the primary key), PostgreSQL's only (the one vendor that copies)."""
    plan = _PLANS.get((model, names))
    if plan is None:
        plan = _PLANS[(model, names)] = _make_plan(model, names, connection.ops.quote_name)
    return plan


def _make_plan(model: type[models.Model], names: tuple[str, ...] | None, quote: Any) -> _Plan:
    meta = model._meta
    pk = meta.pk
    fields = [field for field in meta.concrete_fields if field is not pk]
    by_attname = {field.attname: field for field in fields}
    if names is None:
        names = tuple(by_attname)
    unknown = [name for name in names if name not in by_attname]
    if unknown or len(set(names)) != len(names):
        raise ValueError(f"{model.__name__}: not its concrete fields once each: {names}")
    given = [by_attname[name] for name in names]
    rest = [field for field in fields if field.attname not in names]
    callable_default = [field for field in rest if field.has_default() and callable(field.default)]
    # A JSON field whose default is a new empty list or dict (``default=list``) is the same
    # text in every row: encoded once, a constant (an e-mail's attachments).
    empty = [field for field in callable_default if isinstance(field, models.JSONField) and field.default in (list, dict)]
    callable_default = [field for field in callable_default if field not in empty]
    constant = [field for field in rest if field not in callable_default and field not in empty]
    order = [*given, *constant, *empty, *callable_default]
    columns = ", ".join(quote(field.column) for field in (pk, *order))

    def encoder(field: models.JSONField) -> Any:
        return (field.encoder or json.JSONEncoder)().encode

    return _Plan(
        attnames=names,
        constants=(
            *(field.get_default() for field in constant),
            *(encoder(field)(field.default()) for field in empty),
        ),
        factories=tuple(field.default for field in callable_default),
        json=tuple(
            (i, encoder(field))
            for i, field in enumerate(order) if isinstance(field, models.JSONField) and field not in empty
        ),
        sequence=(meta.db_table, pk.column),
        copy_sql=f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN",
    )


def _copy(connection, plan: _Plan, rows: Sequence[Sequence[Any]]) -> list[int]:
    """``rows`` (values in ``plan.attnames`` order; the plan adds the defaults of the
    other fields) in one ``COPY``; their new ids."""
    with connection.cursor() as cursor:
        # The sequence looked up once per statement: ``nextval(pg_get_serial_sequence(…))``
        # looked it up again for every row (46 ms for 7,600 ids, against 6 ms).
        cursor.execute(
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
            "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
            [*plan.sequence, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        json_fields = plan.json
        # JSON as the field's own adaptation writes it (``json.dumps`` with its encoder,
        # the text psycopg's Jsonb sends); everything else psycopg adapts by type, as for
        # any query. Its errors become Django's (IntegrityError, …) as through the wrapper.
        constants, factories = plan.constants, plan.factories
        # A value several rows share (one case's context, e-mailed to each of its
        # people) dumped once: ``rows`` (or the plan) keeps it alive, so its id stays its
        # own. Not a callable default's: made per row and gone after it, its id is reused.
        dumped: dict[tuple[int, int], str] = {}
        kept = len(plan.attnames) + len(constants)
        with connection.wrap_database_errors, raw.copy(plan.copy_sql) as copy:
            write = copy.write_row
            for pk_value, values in zip(ids, rows, strict=True):
                row = [pk_value, *values, *constants]
                for factory in factories:
                    row.append(factory())
                for i, encode in json_fields:
                    value = row[i + 1]
                    if value is not None and i >= kept:
                        row[i + 1] = encode(value)
                    elif value is not None:
                        text = dumped.get((i, id(value)))
                        if text is None:
                            text = dumped[(i, id(value))] = encode(value)
                        row[i + 1] = text
                write(row)
    return ids


def insert_new(objs: Sequence[models.Model]) -> None:
    """Insert ``objs`` (unsaved instances of one model) and set their primary keys."""
    if not objs:
        return
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._default_manager.using(using).bulk_create(objs)
        return
    plan = _plan(model, None, connection)
    names = plan.attnames
    values = attrgetter(*names) if len(names) > 1 else (lambda obj, get=attrgetter(*names): (get(obj),))
    ids = _copy(connection, plan, [values(obj) for obj in objs])
    pk_attname = model._meta.pk.attname
    for obj, pk_value in zip(objs, ids, strict=True):
        setattr(obj, pk_attname, pk_value)
        obj._state.adding = False
        obj._state.db = using


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[int]:
    """Insert new rows of ``model`` given as tuples of the values of the fields
    ``names`` (attnames: ``recipient_id``), without a model instance per row; the fields
    not named get their defaults (a callable default called per row, as a new instance
    would). Returns the new primary keys, in order."""
    rows = list(rows)
    if not rows:
        return []
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model._default_manager.using(using).bulk_create(objs)
        return [obj.pk for obj in objs]
    return _copy(connection, _plan(model, tuple(names), connection), rows)
