"""Issue 24 (1): an applicant's letter and invitation uploads share the website's limit —
``rates.SUBMISSIONS_PER_HOUR`` questions, letters and invitations together in any hour,
the next one answered with the website's 429 (``Retry-After``, the typed text for
copying), nothing stored. What the secretariat registers is not the applicant's."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from consultations.channels.surat import services as letters
from consultations.models import Attachment, Consultation, LetterSource
from consultations.services.rates import SUBMISSIONS_PER_HOUR
from consultations.tests.test_same_content_twice import invitation, letter
from consultations.tests.test_views_applicant import SUBMIT, form_data
from core.time import WIB
from files.checks import validate_uploads
from files.tests.builders import letter_scan
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)  # a Monday
LETTER = reverse("consultations:letter_upload")
INVITATION = reverse("consultations:invitation_upload")


@pytest.fixture
def clock(holidays):
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def stored_files(uploads) -> list:
    return [path for path in uploads.rglob("*") if path.is_file()] if uploads.exists() else []


def send_one(client, kind: str, n: int, category_pk: str):
    if kind == "website":
        return client.post(SUBMIT, form_data(category=category_pk, subject=f"Pertanyaan {n}"))
    if kind == "letter":
        return client.post(LETTER, letter(letter_number=f"B-{n}/X/2026", subject=f"Surat {n}", scan=letter_scan()))
    return client.post(INVITATION, invitation(letter_number=f"UND-{n}/2026", subject=f"Rapat {n}", scan=letter_scan()))


def assert_refused(response, typed: str):
    assert response.status_code == 429
    assert response["Retry-After"] == "3600" and response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert f"paling banyak {SUBMISSIONS_PER_HOUR} konsultasi dalam satu jam" in html
    assert "surat, dan undangan rapat yang diunggah dihitung bersama" in html
    assert typed in html  # shown for copying


def test_questions_letters_and_invitations_share_one_limit(client, login, clock, kl_applicant, category_pk,
                                                           tmp_uploads):
    login(kl_applicant)
    kinds = ["website", "letter", "invitation"] * 4
    for n, kind in enumerate(kinds[:SUBMISSIONS_PER_HOUR]):
        response = send_one(client, kind, n, category_pk)
        assert response.status_code == 302, (n, kind, response.context and response.context["form"].errors)
    assert Consultation.objects.filter(applicant=kl_applicant).count() == SUBMISSIONS_PER_HOUR
    files, mails, attachments = stored_files(tmp_uploads), OutboundEmail.objects.count(), Attachment.objects.count()

    # The 11th, whichever door: 429, nothing made, stored or mailed.
    response = client.post(LETTER, letter(letter_number="B-99/X/2026", subject="Surat kesebelas", scan=letter_scan()))
    assert_refused(response, "Surat kesebelas")
    response = client.post(INVITATION, invitation(letter_number="UND-99/2026", subject="Rapat kesebelas",
                                                  scan=letter_scan()))
    assert_refused(response, "Rapat kesebelas")
    response = client.post(SUBMIT, form_data(category=category_pk, subject="Pertanyaan kesebelas"))
    assert_refused(response, "Pertanyaan kesebelas")
    assert Consultation.objects.count() == SUBMISSIONS_PER_HOUR
    assert stored_files(tmp_uploads) == files and Attachment.objects.count() == attachments
    assert OutboundEmail.objects.count() == mails
    # The upload forms say so before anything is typed.
    assert client.get(LETTER).status_code == 429 and client.get(INVITATION).status_code == 429

    # An hour after the first, one more may go.
    clock.shift(timedelta(hours=1, seconds=1))
    assert send_one(client, "letter", 100, category_pk).status_code == 302


def test_the_limit_is_per_applicant(client, login, clock, kl_applicant, applicant_b, category_pk):
    login(kl_applicant)
    for n in range(SUBMISSIONS_PER_HOUR):
        assert send_one(client, "letter", n, category_pk).status_code == 302
    assert client.get(LETTER).status_code == 429
    client.logout()
    login(applicant_b)
    assert send_one(client, "invitation", 0, category_pk).status_code == 302


def test_letters_the_secretariat_registers_are_not_the_applicants(client, login, clock, kl_applicant, front_desk,
                                                                  category_pk):
    """A paper letter typed in at the desk and later tied to the applicant's account
    (one person across channels) was not sent by them through the portal."""
    for n in range(SUBMISSIONS_PER_HOUR):
        case = letters.register_letter(
            actor=front_desk, source=LetterSource.PAPER, addressee="direktur_pusat", sender_kind="person",
            sender_name="Ayu", letter_number=f"P-{n}", letter_date=NOW.date(), subject=f"Surat kertas {n}",
            contact_email=kl_applicant.email, scan=validate_uploads([letter_scan()])[0],
        )
        Consultation.objects.filter(pk=case.pk).update(applicant=kl_applicant)
    login(kl_applicant)
    assert send_one(client, "letter", 0, category_pk).status_code == 302

