"""The one-phone-rule migrations (accounts 0008, consultations 0016, complaints 0002) on
rows written the old ways: every parseable number ends in E.164, an unparseable one is
kept as it was and reported (never dropped), and priority credits are keyed again from
their breached case's contact. The real migrations run back and forward on the suite's
database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import ApplicantProfile
from accounts.tests.factories import ApplicantFactory, directorate
from complaints.models import Complaint
from consultations.models import Consultation, PriorityCredit, contact_keys

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("accounts", "0007_directorate_letter_code"), ("consultations", "0015_meeting_channel"),
          ("complaints", "0001_initial")]


def test_old_phone_numbers_are_stored_in_e164_and_the_unparseable_are_kept_and_reported(db, capsys):
    applicant = ApplicantFactory(email="lama@contoh.go.id")
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        profile = old.get_model("accounts", "ApplicantProfile")
        profile.objects.filter(user_id=applicant.pk).update(phone="02129912450 ext 0305")
        case_model = old.get_model("consultations", "Consultation")
        now = timezone.now()
        common = dict(channel="tatap_muka", status="submitted", description="Tanya", submitted_at=now,
                      directorate_id=directorate("pusat").pk, clock_started_at=now - timedelta(hours=2),
                      due_at=now - timedelta(hours=1), created_at=now, updated_at=now)
        guest = case_model.objects.create(number="ADV-2099-000001", contact_name="Tamu", contact_email="",
                                          contact_phone="0812-3456-7890", breached_at=now, **common)
        odd = case_model.objects.create(number="ADV-2099-000002", contact_name="Tamu Lain", contact_email="",
                                        contact_phone="telp kantor", **common)
        old.get_model("consultations", "PriorityCredit").objects.create(
            contact_key="phone:whatever-the-old-digest-was", granted_for_id=guest.pk, granted_at=now
        )
        complaint_model = old.get_model("complaints", "Complaint")
        complaint = complaint_model.objects.create(
            kind="saran", channel="web", status="received", text="Saran", directorate_id=directorate("pusat").pk,
            phone="+62 812 1111 2222", received_at=now, language="id", tracking_digest="0" * 64,
        )
    finally:
        MigrationExecutor(connection).migrate(leaf)

    assert ApplicantProfile.objects.get(user=applicant).phone == "+622129912450;ext=0305"
    assert Consultation.objects.get(pk=guest.pk).contact_phone == "+6281234567890"
    assert Consultation.objects.get(pk=odd.pk).contact_phone == "telp kantor"  # kept, not dropped
    credit = PriorityCredit.objects.get(granted_for_id=guest.pk)
    assert (credit.email_key, credit.phone_key) == contact_keys(phone="0812 3456 7890")
    assert Complaint.objects.get(pk=complaint.pk).phone == "+6281211112222"
    report = capsys.readouterr().out
    assert f"consultations.Consultation pk={odd.pk} contact_phone='telp kantor'" in report

