"""Factories and helpers of the consultation tests.

``ConsultationFactory`` builds rows directly (for reads: querysets, properties); tests of
state changes go through the services, e.g. :func:`submit`.
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import InstitutionType, User
from accounts.tests.factories import ApplicantFactory, directorate
from consultations.channels import Channel
from consultations.channels.website import services as website
from consultations.models import Category, Consultation, ProcurementStage
from consultations.workflow import Status
from files.checks import validate_uploads
from files.tests.builders import (  # noqa: F401 (re-exported)
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    docx,
    hostile,
    office,
    pdf,
    png,
    xlsx,
)


def category(code: str = "perencanaan") -> Category:
    return Category.objects.get(code=code)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    # High numbers, so that they never meet the ones the services allocate.
    number = factory.Sequence(lambda n: f"ADV-2099-{900000 + n:06d}")
    channel = Channel.WEBSITE
    status = Status.SUBMITTED
    applicant = factory.SubFactory(ApplicantFactory)
    contact_name = factory.LazyAttribute(lambda o: o.applicant.full_name if o.applicant else "Tamu Tanpa Akun")
    contact_email = factory.LazyAttribute(lambda o: o.applicant.email if o.applicant else "")
    category = factory.LazyFunction(category)
    subject = "Penyusunan HPS untuk pengadaan alat kesehatan"
    description = "Bagaimana menyusun HPS bila hanya ada satu penyedia di pasar?"
    institution_name = "Kementerian Kesehatan"
    fiscal_year = 2025
    procurement_stage = ProcurementStage.PERENCANAAN
    directorate = factory.LazyFunction(lambda: directorate("pusat"))
    submitted_at = factory.LazyFunction(timezone.now)
    clock_started_at = factory.SelfAttribute("submitted_at")
    due_at = factory.LazyAttribute(lambda o: o.clock_started_at + timedelta(days=14) if o.clock_started_at else None)


def set_institution_type(user: User, institution_type: InstitutionType) -> User:
    user.profile.institution_type = institution_type
    user.profile.save()
    return user


def submit(applicant: User, **overrides) -> Consultation:
    """A website submission through the service, with sensible defaults."""
    fields = {
        "category": category("perencanaan"),
        "subject": "Penyusunan HPS untuk pengadaan alat kesehatan",
        "description": "Bagaimana menyusun HPS bila hanya ada satu penyedia di pasar?",
        "institution_name": "Kementerian Kesehatan",
        "fiscal_year": 2025,
        "procurement_stage": ProcurementStage.PERENCANAAN,
        "procurement_package": "RUP 12345678",
    }
    fields.update(overrides)
    if "files" in fields:  # as the form hands them over: checked by content
        fields["files"] = validate_uploads(list(fields["files"]))
    return website.submit_website_consultation(applicant=applicant, **fields)


# --- files: built by files/tests/builders.py, re-exported for the consultation tests ---
