"""``core.schema``: the migrations that dropped indexes a sweep wrote for nothing change
those indexes and nothing else. Runs the real migrations back and forward again on
whichever database the suite uses (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from accounts.tests.factories import ApplicantFactory
from complaints.models import Complaint, ComplaintEvent
from consultations.models import Consultation, Event
from notifications.models import Notice, OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("consultations", "0020_answer_templates"), ("notifications", "0006_outboundemail_attachments"),
          ("complaints", "0004_open_queue_index")]

# (model, column): each had a plain index of its own before, and has none after.
DROPPED = [(Consultation, "applicant_id"), (Event, "consultation_id"), (Complaint, "directorate_id")]
# (model, column, constraint): unique by a named constraint, without a LIKE index.
UNIQUE = [
    (Notice, "dedupe_key", "notice_dedupe_key_unique"),
    (OutboundEmail, "dedupe_key", "outbox_dedupe_key_unique"),
    (Consultation, "number", "consult_number_unique"),
    (Complaint, "tracking_digest", "complaint_tracking_digest_unique"),
]
# (model, index): the actor indexed only where set.
PARTIAL = [(Event, "event_actor_idx"), (ComplaintEvent, "complaint_event_actor_idx")]


def migrate(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def constraints(table: str) -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def plain_indexes(table: str, column: str) -> list[str]:
    return [name for name, info in constraints(table).items()
            if info["index"] and not info["unique"] and not info["primary_key"] and info["columns"] == [column]]


def foreign_key_oids() -> dict[str, int]:
    """PostgreSQL: each foreign key's oid, which a drop and re-add would change."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, oid FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [[model._meta.db_table for model in (Consultation, Event, Complaint, ComplaintEvent)]],
        )
        return dict(cursor.fetchall())


def test_only_the_indexes_change_both_ways():
    leaf = latest()
    postgres = connection.vendor == "postgresql"
    try:
        migrate(BEFORE)
        for model, column in DROPPED:
            assert plain_indexes(model._meta.db_table, column), (model, column)
        if postgres:
            for model, column, _name in UNIQUE:
                assert plain_indexes(model._meta.db_table, column), (model, column)  # the LIKE index
            keys = foreign_key_oids()
    finally:
        migrate(leaf)

    for model, column in DROPPED:
        assert plain_indexes(model._meta.db_table, column) == [], (model, column)
    for model, index in PARTIAL:
        assert constraints(model._meta.db_table)[index]["columns"] == ["actor_id"]
    for model, column, name in UNIQUE:
        table = model._meta.db_table
        assert plain_indexes(table, column) == [], (model, column)
        unique = [n for n, info in constraints(table).items() if info["unique"] and info["columns"] == [column]]
        assert len(unique) == 1, (model, unique)
        if postgres:
            # The constraint carries the name Django's state gives it (SQLite's table keeps
            # its column's own UNIQUE, which a rebuild of the table writes from the state).
            assert unique == [name]
    if postgres:
        # The foreign keys were not dropped and added again (a check of every row).
        assert foreign_key_oids() == keys


def test_the_keys_are_still_unique():
    applicant = ApplicantFactory()
    Notice.objects.create(recipient=applicant, kind="x", text="x", dedupe_key="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(recipient=applicant, kind="x", text="x", dedupe_key="same")
    OutboundEmail.objects.create(template="x", recipient="a@example.org", language="id", dedupe_key="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboundEmail.objects.create(template="x", recipient="b@example.org", language="id", dedupe_key="same")
