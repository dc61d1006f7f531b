"""Issue #6 (3): messages per case and per applicant per hour, and the bytes of a case."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.errors import MessageRateExceeded
from consultations.models import Attachment, Message
from consultations.services import steps
from files.checks import validate_uploads

from .conftest import SPEC_START
from .factories import pdf, submit


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.ADVOKASI_MESSAGES_PER_CASE_PER_HOUR = 3
    settings.ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR = 5
    settings.ADVOKASI_CASE_ATTACHMENT_BYTES_MAX = 3000


def message_url(case):
    return reverse("consultations:message", kwargs={"number": case.number})


def post(case, author, body="Pesan", files=(), **kwargs):
    return steps.post_message(consultation=case, author=author, body=body, files=validate_uploads(list(files)), **kwargs)


def test_the_fourth_message_on_a_case_within_an_hour_gets_429_and_keeps_the_text(login, case, kl_applicant):
    client = login(kl_applicant)
    for n in range(3):
        assert client.post(message_url(case), {"pesan-body": f"Pesan {n}"}).status_code == 302
    response = client.post(message_url(case), {"pesan-body": "Teks yang tidak boleh hilang"})
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    html = response.content.decode()
    assert "Anda sudah mengirim 3 pesan pada konsultasi ini dalam satu jam terakhir." in html
    assert "dalam 60 menit" in html
    assert "Teks yang tidak boleh hilang</textarea>" in html
    assert Message.objects.count() == 3
    # Retry-After tells the truth: 30 minutes later, 30 minutes are left.
    with time_machine.travel(SPEC_START + timedelta(minutes=30), tick=False):
        assert client.post(message_url(case), {"pesan-body": "Lagi"})["Retry-After"] == "1800"
    with time_machine.travel(SPEC_START + timedelta(hours=1, seconds=1), tick=False):
        assert client.post(message_url(case), {"pesan-body": "Sejam kemudian"}).status_code == 302


def test_messages_on_all_cases_of_an_applicant_are_limited_together(kl_applicant, spec_day, holidays):
    first, second = submit(kl_applicant), submit(kl_applicant, subject="Kedua")
    for _ in range(3):
        post(first, kl_applicant)
    post(second, kl_applicant)
    post(second, kl_applicant)
    with pytest.raises(MessageRateExceeded) as caught:
        post(second, kl_applicant)
    assert caught.value.limit == 5 and not caught.value.per_case
    assert caught.value.retry_after == timedelta(hours=1)


def test_staff_messages_are_not_counted_nor_limited(case, kl_applicant, director_pusat):
    for _ in range(6):
        post(case, director_pusat)
    post(case, kl_applicant)  # the staff's messages did not use the applicant's allowance
    assert Message.objects.count() == 7


def test_a_message_whose_files_exceed_the_case_total_is_refused_saying_what_is_left(
    login, kl_applicant, spec_day, holidays
):
    case = submit(kl_applicant, files=[pdf("awal.pdf", size=1000)])
    response = login(kl_applicant).post(
        message_url(case), {"pesan-body": "Lampiran besar", "pesan-files": [pdf("besar.pdf", size=2500)]}
    )
    assert response.status_code == 200
    error = response.context["message_form"].errors["files"][0]
    assert "Sisa untuk konsultasi ini 2,0\xa0KB, sedangkan berkas yang dipilih 2,4\xa0KB" in error, error
    assert "Lampiran besar</textarea>" in response.content.decode()
    assert not Message.objects.exists() and Attachment.objects.count() == 1
    # What fits still goes, from either side.
    post(case, kl_applicant, files=[pdf("pas.pdf", size=1500)])
    with pytest.raises(ValidationError) as caught:
        post(case, kl_applicant, files=[pdf("lebih.pdf", size=600)])
    assert "Sisa untuk konsultasi ini 500\xa0bita" in caught.value.message_dict["files"][0]


def test_a_submission_over_the_case_total_is_refused(kl_applicant, spec_day, holidays):
    with pytest.raises(ValidationError) as caught:
        submit(kl_applicant, files=[pdf("a.pdf", size=2000), pdf("b.pdf", size=2000)])
    assert "files" in caught.value.message_dict


def test_the_defaults():
    """The documented defaults (README), when the environment sets none."""
    from advokasi.settings import base

    assert base.ADVOKASI_MESSAGES_PER_CASE_PER_HOUR == 10
    assert base.ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR == 20
    assert base.ADVOKASI_CASE_ATTACHMENT_BYTES_MAX == 100 * 1024 * 1024
