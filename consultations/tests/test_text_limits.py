"""Issue #6 (8): the question and the messages have a length limit that the form catches
first (with ``maxlength`` and a live counter), well inside the request size limit."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from consultations.limits import DESCRIPTION_MAX_LENGTH, MESSAGE_MAX_LENGTH
from consultations.models import Consultation, Message

from .test_views_applicant import SUBMIT, form_data


def test_the_question_is_limited_well_inside_the_request_size_limit():
    # Four bytes per character is the worst case of UTF-8; the form must see the text.
    assert DESCRIPTION_MAX_LENGTH == 20_000
    assert 4 * DESCRIPTION_MAX_LENGTH * 2 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_the_form_carries_maxlength_and_the_counter(login, kl_applicant, spec_day, holidays):
    html = login(kl_applicant).get(SUBMIT).content.decode()
    assert f'maxlength="{DESCRIPTION_MAX_LENGTH}"' in html
    assert 'data-counter="%(count)s dari %(max)s karakter"' in html
    assert 'src="/static/js/char-counter.js"' in html
    assert "<script>" not in html  # no inline script: the page runs under a strict CSP


def test_an_over_long_question_is_refused_clearly_and_kept(login, kl_applicant, spec_day, holidays, category_pk):
    text = "Pertanyaan panjang." * 1054  # 20,026 characters
    response = login(kl_applicant).post(SUBMIT, form_data(category=category_pk, description=text))
    assert response.status_code == 200
    error = response.context["form"].errors["description"][0]
    assert "paling banyak 20000 karakter, sekarang 20026" in error
    assert text in response.content.decode()  # what was typed comes back
    assert not Consultation.objects.exists()


def test_a_question_at_the_limit_is_accepted(login, kl_applicant, spec_day, holidays, category_pk):
    text = "x" * DESCRIPTION_MAX_LENGTH
    response = login(kl_applicant).post(SUBMIT, form_data(category=category_pk, description=text))
    assert response.status_code == 302
    assert Consultation.objects.get().description == text


def test_an_over_long_message_is_refused_clearly_and_kept(login, case, kl_applicant):
    url = reverse("consultations:message", kwargs={"number": case.number})
    text = "y" * (MESSAGE_MAX_LENGTH + 1)
    response = login(kl_applicant).post(url, {"pesan-body": text})
    assert response.status_code == 200
    assert "paling banyak 10000 karakter" in response.context["message_form"].errors["body"][0]
    assert text in response.content.decode()
    assert not Message.objects.exists()
    page = login(kl_applicant).get(reverse("consultations:detail", kwargs={"number": case.number})).content.decode()
    assert f'maxlength="{MESSAGE_MAX_LENGTH}"' in page
