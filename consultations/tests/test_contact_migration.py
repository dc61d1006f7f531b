"""Migration 0009 gives every existing case its contact from the applicant's account and
profile, in one UPDATE; the real migrations run back and forward on the suite's database."""

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
