"""Issue #6 (4): a form that creates something, posted twice with its one-time token
(double click, browser resend), creates one thing and sends one e-mail; the repeat
lands on what the first post created."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from consultations.models import Answer, Consultation, InternalNote, Message
from consultations.services import steps
from core.models import FormSubmission
from notifications.models import OutboundEmail

from .factories import pdf
from .test_views_applicant import SUBMIT, form_data

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
ALREADY_SENT = "Formulir ini sudah dikirim sebelumnya"


def token_of(html: str, prefix: str = "") -> str:
    name = f"{prefix}-form_token" if prefix else "form_token"
    found = re.search(rf'<input type="hidden" name="{name}" value="([0-9a-f-]{{36}})"', html)
    assert found, f"no {name} in the page"
    return found.group(1)


def as_user(client, user):
    client.force_login(user, backend=BACKEND)
    return client


def post_twice(client, url, data):
    """The same post twice, as a double click or a browser's resend does."""
    outbox = OutboundEmail.objects.count()
    first = client.post(url, data)
    assert first.status_code == 302, getattr(first, "context", None) and first.context.get("form")
    sent = OutboundEmail.objects.count() - outbox
    second = client.post(url, data, follow=True)
    assert second.redirect_chain[0][0] == first["Location"]
    assert ALREADY_SENT in second.content.decode()
    assert OutboundEmail.objects.count() - outbox == sent  # no second e-mail
    return first


def test_a_replayed_consultation_lands_on_the_case_already_created(client, kl_applicant, spec_day, holidays, category_pk):
    client = as_user(client, kl_applicant)
    token = token_of(client.get(SUBMIT).content.decode())
    assert token != token_of(client.get(SUBMIT).content.decode())  # one per rendering
    first = post_twice(client, SUBMIT, form_data(category=category_pk, form_token=token, files=[pdf()]))
    case = Consultation.objects.get()
    assert first["Location"] == reverse("consultations:detail", kwargs={"number": case.number})
    assert case.attachments.count() == 1
    # A new form (new token) with another question is a new case (the same question
    # again is the case already made: test_same_content_twice).
    token = token_of(client.get(SUBMIT).content.decode())
    data = form_data(category=category_pk, form_token=token, subject="Pertanyaan berikutnya")
    assert client.post(SUBMIT, data).status_code == 302
    assert Consultation.objects.count() == 2


def test_a_refused_form_keeps_its_token_for_the_corrected_post(client, kl_applicant, spec_day, holidays, category_pk):
    client = as_user(client, kl_applicant)
    token = token_of(client.get(SUBMIT).content.decode())
    refused = client.post(SUBMIT, form_data(category=category_pk, subject="", form_token=token))
    assert refused.status_code == 200 and token_of(refused.content.decode()) == token
    assert not FormSubmission.objects.exists()
    assert client.post(SUBMIT, form_data(category=category_pk, form_token=token)).status_code == 302
    assert Consultation.objects.count() == 1


def test_a_broken_token_is_a_clear_form_error(client, kl_applicant, spec_day, holidays, category_pk):
    response = as_user(client, kl_applicant).post(SUBMIT, form_data(category=category_pk, form_token="bukan-token"))
    assert response.status_code == 200
    assert "Formulir ini rusak. Muat ulang halaman, lalu kirim lagi." in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_token_is_per_user(client, kl_applicant, applicant_b, spec_day, holidays, category_pk):
    token = token_of(as_user(client, kl_applicant).get(SUBMIT).content.decode())
    assert client.post(SUBMIT, form_data(category=category_pk, form_token=token)).status_code == 302
    from accounts.models import InstitutionType

    from .factories import set_institution_type

    other = as_user(client, set_institution_type(applicant_b, InstitutionType.KL))
    assert other.post(SUBMIT, form_data(category=category_pk, form_token=token)).status_code == 302
    assert Consultation.objects.count() == 2


def test_a_replayed_applicant_message(client, case, kl_applicant):
    client = as_user(client, kl_applicant)
    page = client.get(reverse("consultations:detail", kwargs={"number": case.number})).content.decode()
    data = {"pesan-body": "Satu kali saja.", "pesan-form_token": token_of(page, "pesan")}
    first = post_twice(client, reverse("consultations:message", kwargs={"number": case.number}), data)
    message = Message.objects.get()
    assert first["Location"].endswith(f"#pesan-{message.pk}")


@pytest.fixture
def staff_page(client, case, staff):
    steps.claim(consultation=case, actor=staff)
    client = as_user(client, staff)
    return client, client.get(reverse("consultations:staff_detail", kwargs={"number": case.number})).content.decode()


def test_a_replayed_staff_message(staff_page, case):
    client, page = staff_page
    data = {"pesan-body": "Mohon lengkapi dokumen.", "pesan-form_token": token_of(page, "pesan")}
    post_twice(client, reverse("consultations:staff_message", kwargs={"number": case.number}), data)
    assert Message.objects.count() == 1


def test_a_replayed_internal_note(staff_page, case):
    client, page = staff_page
    data = {"catatan-body": "Cek Perpres.", "catatan-form_token": token_of(page, "catatan")}
    post_twice(client, reverse("consultations:note", kwargs={"number": case.number}), data)
    assert InternalNote.objects.count() == 1


def test_a_replayed_answer_and_correction(staff_page, case):
    client, page = staff_page
    data = {"jawab-kinds": ["saran"], "jawab-text": "Saran kami.", "jawab-form_token": token_of(page, "jawab")}
    post_twice(client, reverse("consultations:answer", kwargs={"number": case.number}), data)
    original = Answer.objects.get()
    page = client.get(reverse("consultations:staff_detail", kwargs={"number": case.number})).content.decode()
    prefix = f"koreksi-{original.pk}"
    data = {f"{prefix}-kinds": ["saran"], f"{prefix}-text": "Versi benar.", f"{prefix}-form_token": token_of(page, prefix)}
    post_twice(client, reverse("consultations:correct_answer", kwargs={"number": case.number, "answer": original.pk}), data)
    assert Answer.objects.count() == 2
