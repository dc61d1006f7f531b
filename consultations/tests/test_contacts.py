"""A channel-neutral case: it belongs to a contact (name, e-mail, phone, institution),
linked to a portal account when there is one — a walk-in guest or the sender of a paper
letter may have none. Website-only fields are optional on the model and required by the
website intake."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from consultations import emails
from consultations.channels import Channel
from consultations.channels.website import emails as website_emails
from consultations.models import Consultation
from consultations.workflow import Status
from notifications.models import OutboundEmail

from .factories import ConsultationFactory, submit


@pytest.fixture
def guest_case(db):
    """A walk-in guest's case as the front desk will register it: no account, no category."""
    return ConsultationFactory(
        applicant=None,
        channel=Channel.TATAP_MUKA,
        category=None,
        subject="",
        contact_name="Rudi Tamu",
        contact_email="rudi.tamu@example.id",
        contact_phone="+6281200001111",
        institution_name="",
        language="en",
    )


def test_a_case_without_an_account_or_category_is_a_valid_case(guest_case):
    guest_case.full_clean()
    assert guest_case.applicant_name == "Rudi Tamu"
    assert guest_case.category is None


def test_a_case_must_name_somebody_an_account_or_a_contact(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationFactory(applicant=None, contact_name="")


def test_the_website_intake_keeps_the_accounts_contact_on_the_case(kl_applicant, spec_day, holidays):
    case = submit(kl_applicant)
    assert (case.contact_name, case.contact_email, case.contact_phone) == (
        kl_applicant.full_name,
        kl_applicant.email,
        kl_applicant.profile.phone,
    )
    # The account's later name change shows (the account is the person); the snapshot stays.
    kl_applicant.full_name = "Nama Baru"
    kl_applicant.save()
    case = Consultation.objects.get(pk=case.pk)
    assert case.applicant_name == "Nama Baru" and case.contact_name != "Nama Baru"


def test_a_contact_without_an_account_is_written_to_at_their_address_in_their_language(guest_case):
    recipient = emails.applicant_recipient(guest_case)
    assert (recipient.address, recipient.language) == ("rudi.tamu@example.id", "en")
    assert recipient.key.startswith("contact-") and "rudi" not in recipient.key
    guest_case.contact_email = ""
    # No address (a paper letter that gave none): answered on paper, nothing queued.
    assert emails.applicant_recipient(guest_case) is None


def test_an_event_of_a_contact_only_case_queues_its_email_to_the_contact(guest_case, django_capture_on_commit_callbacks):
    from consultations.models import Event, EventType

    event = Event.objects.create(consultation=guest_case, type=EventType.SUBMITTED, at=guest_case.submitted_at)
    with django_capture_on_commit_callbacks():
        row = website_emails.queue_submitted(guest_case, event)
    assert (row.recipient, row.language) == ("rudi.tamu@example.id", "en")
    assert OutboundEmail.objects.about(guest_case).count() == 1
    assert website_emails.queue_submitted(guest_case, event) is None  # once per event and address


def test_staff_read_the_contact_of_a_case_without_an_account(client, director_pusat, guest_case):
    guest_case.status = Status.SUBMITTED
    guest_case.save()
    client.force_login(director_pusat, backend="allauth.account.auth_backends.AuthenticationBackend")
    page = client.get(reverse("consultations:staff_detail", kwargs={"number": guest_case.number}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rudi Tamu" in html and "rudi.tamu@example.id" in html and "0812-0000-1111" in html
    queue = client.get(reverse("consultations:queue")).content.decode()
    assert "Rudi Tamu" in queue


def test_a_long_address_still_fits_the_outbox_key(guest_case, django_capture_on_commit_callbacks):
    from consultations.models import Event, EventType

    guest_case.contact_email = "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "xyz.id"
    assert len(guest_case.contact_email) == 254  # the longest address there is
    guest_case.save()
    event = Event.objects.create(consultation=guest_case, type=EventType.SUBMITTED, at=guest_case.submitted_at)
    with django_capture_on_commit_callbacks():
        row = website_emails.queue_submitted(guest_case, event)
    assert row.recipient == guest_case.contact_email and len(row.dedupe_key) <= 200


def test_a_contact_without_an_account_gets_no_link_to_a_page_they_cannot_open(guest_case, kl_applicant):
    from consultations.models import Event, EventType
    from notifications.rendering import render_email

    event = Event.objects.create(consultation=guest_case, type=EventType.SUBMITTED, at=guest_case.submitted_at)
    row = website_emails.queue_submitted(guest_case, event)
    subject, text, html = render_email(row.template, row.context, row.language)
    assert "/konsultasi/" not in text and "href" not in html
    assert guest_case.number in subject + text

