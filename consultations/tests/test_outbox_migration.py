"""The outbox left this app for ``notifications`` with its rows: the same ids, dedupe keys
and Message-IDs, each row now pointing at its case through a generic relation.

Runs the real migrations back to before the move and forward again, on whichever
database the suite uses (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consultations import emails
from consultations.channels.website import emails as website_emails
from consultations.models import Consultation, Event
from notifications.delivery import message_id
from notifications.models import OutboundEmail, OutboxStatus

from .factories import submit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("consultations", "0006_outbox_claim_token"), ("notifications", None)]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh graph and the applied state


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_outbox_rows_survive_the_move_both_ways(kl_applicant, spec_day, holidays, staff):
    case = submit(kl_applicant)  # commits; its confirmation is sent at once (eager)
    [submitted] = Event.objects.filter(consultation=case)
    [sent] = OutboundEmail.objects.all()
    sent_id, sent_key, sent_message_id = sent.pk, sent.dedupe_key, message_id(sent)
    leaf = latest()
    try:
        executor = migrate(BEFORE)
        old = executor.loader.project_state(BEFORE[0]).apps
        OldEmail = old.get_model("consultations", "OutboundEmail")
        assert OldEmail._meta.db_table == "consultations_outboundemail"
        # Backwards, the foreign keys came back from the generic relation and the key.
        back = OldEmail.objects.get(pk=sent_id)
        assert (back.consultation_id, back.event_id, back.dedupe_key) == (case.pk, submitted.pk, sent_key)
        # A row written before the move, as the old code wrote it: still pending.
        pending = OldEmail.objects.create(
            template="staff-message",
            recipient=kl_applicant.email,
            language="en",
            context={"number": case.number},
            consultation_id=case.pk,
            event_id=submitted.pk,
            dedupe_key=f"staff-message:event-{submitted.pk}:to-{kl_applicant.pk}",
        )
        orphan = OldEmail.objects.create(template="x", recipient="a@example.org", language="id", dedupe_key="x")
    finally:
        migrate(leaf)

    assert {row.pk for row in OutboundEmail.objects.all()} == {sent_id, pending.pk, orphan.pk}
    moved = OutboundEmail.objects.get(pk=sent_id)
    assert moved.status == OutboxStatus.SENT and moved.dedupe_key == sent_key
    assert message_id(moved) == sent_message_id
    again = OutboundEmail.objects.get(pk=pending.pk)
    assert again.status == OutboxStatus.PENDING and again.language == "en"
    assert again.subject == Consultation.objects.get(pk=case.pk)
    assert OutboundEmail.objects.get(pk=orphan.pk).subject is None
    assert list(OutboundEmail.objects.about(case).order_by("pk")) == [moved, again]
    assert set(emails.event_emails(submitted)) == {moved, again}
    # New rows continue the ids, and the same event still yields one e-mail per recipient.
    assert website_emails.queue_submitted(case, submitted) is None
    assert OutboundEmail.objects.create(template="y", recipient="b@example.org", language="id", dedupe_key="y").pk > (
        orphan.pk
    )
