"""One visit code registered from two desks at once (PostgreSQL, parallel transactions):
one case, one used form; the other desk is told the code is used."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from consultations.channels.tatap_muka import services as walk_ins
from consultations.models import Category, Consultation, VisitForm, WalkIn

from .test_concurrency import THREADS, in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"),
]


def test_one_code_registered_at_once_from_many_desks_makes_one_case(holidays, front_desk):
    form = walk_ins.submit_visit_form(
        name="Sri Wahyuni", email="sri@contoh.go.id", phone="+6281234567890", institution_name="Dinas PUPR",
        institution_type="pemda", category=Category.objects.get(code="perencanaan"), question="HPS jalan desa?",
    )
    outcomes = in_parallel(
        lambda i: walk_ins.register_visit(
            actor=front_desk, form=form, ticked=["email", "identity_document", "phone", "form"],
            id_document_type="ktp", id_number_last4="0001", outside_hours_reason="uji serentak",
        ).number
    )
    numbers = [o for o in outcomes.values() if isinstance(o, str)]
    refused = [o for o in outcomes.values() if isinstance(o, ValidationError)]
    assert len(numbers) == 1 and len(refused) == THREADS - 1, outcomes
    assert all("sudah dipakai" in str(error) for error in refused)
    assert Consultation.objects.count() == 1 and WalkIn.objects.count() == 1
    assert VisitForm.objects.get().used_at is not None
