"""Papercuts of issue #6 on the case lists and the answer form (the browser checks the
same at 390 px: tests/browser/test_phone_and_policy.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.tests.factories import directorate

from .factories import ConsultationFactory

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def page(client, user, name, **kwargs) -> str:
    client.force_login(user, backend=BACKEND)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["front_desk", "admin_user"])
def test_read_only_queues_name_the_directorate(client, request, applicant_a, persona):
    ConsultationFactory(applicant=applicant_a, directorate=directorate("daerah"))
    ConsultationFactory(applicant=applicant_a, directorate=directorate("pusat"))
    html = page(client, request.getfixturevalue(persona), "consultations:queue")
    assert '<td data-label="Direktorat">Direktorat Advokasi Pemerintah Daerah</td>' in html
    assert '<td data-label="Direktorat">Direktorat Advokasi Pemerintah Pusat</td>' in html
    assert ">DAERAH<" not in html and ">PUSAT<" not in html


@pytest.mark.django_db
def test_every_cell_of_the_case_lists_is_labelled_for_the_phone_layout(client, applicant_a, front_desk):
    ConsultationFactory(applicant=applicant_a)
    for user, name in ((applicant_a, "consultations:list"), (front_desk, "consultations:queue")):
        html = page(client, user, name)
        tbody = html.split("<tbody>")[1].split("</tbody>")[0]
        cells = re.findall(r"<td\b[^>]*>", tbody)
        assert cells and all("data-label=" in cell for cell in cells), (name, cells)
        headings = re.findall(r'<th scope="col">([^<]+)</th>', html)
        labels = re.findall(r'<td data-label="([^"]+)"', tbody)
        assert labels == headings[1:], name  # the row's number is its own heading


def test_sending_an_answer_asks_for_confirmation(client, case, director_pusat):
    html = page(client, director_pusat, "consultations:staff_detail", number=case.number)
    form = html.split('id="form-jawaban"')[1].split("</form>")[0]
    # The first button only opens the dialog; the dialog's button sends.
    assert 'href="#konfirmasi-jawaban"' in form and 'data-bs-toggle="modal"' in form
    assert form.count('type="submit"') == 1
    dialog = form.split('id="konfirmasi-jawaban"')[1]
    assert "Kirim jawaban ini kepada pemohon?" in dialog
    assert "jawaban tidak dapat diubah" in dialog
    assert "koreksi masih dapat dikirim" in dialog
    assert '<button type="submit" class="btn btn-primary">Ya, kirim sekarang</button>' in dialog
