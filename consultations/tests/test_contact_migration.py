"""Migrations 0008 (answered -> delivered) and 0009 (every existing case gets its contact
from the applicant's account and profile, in one UPDATE): the real migrations run back and
forward on the suite's database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consultations.models import Consultation

from .factories import submit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("consultations", "0008_status_delivered")]


def test_existing_cases_get_the_contact_of_their_account(kl_applicant, spec_day, holidays):
    case = submit(kl_applicant)
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate(BEFORE)
    finally:
        MigrationExecutor(connection).migrate(leaf)
    case = Consultation.objects.get(pk=case.pk)
    # Back to 0008 the columns went away; forward again they were filled from the account.
    assert (case.contact_name, case.contact_email, case.contact_phone) == (
        kl_applicant.full_name,
        kl_applicant.email,
        kl_applicant.profile.phone,
    )


def test_answered_cases_become_delivered_and_back(kl_applicant, spec_day, holidays, director_pusat):
    """Migration 0008 renames the status of cases whose output went out, both ways."""
    from consultations.channels.website import answers
    from consultations.workflow import Status

    case = submit(kl_applicant)
    answers.send_answer(consultation=case, author=director_pusat, kinds=["saran"], text="Jawaban.")
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("consultations", "0007_outbox_moves_to_notifications")])
        old = MigrationExecutor(connection).loader.project_state(
            ("consultations", "0007_outbox_moves_to_notifications")
        ).apps.get_model("consultations", "Consultation")
        assert old.objects.get(pk=case.pk).status == "answered"
    finally:
        MigrationExecutor(connection).migrate(leaf)
    assert Consultation.objects.get(pk=case.pk).status == Status.DELIVERED
