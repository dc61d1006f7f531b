"""Issue 23 (4), in a real browser: the applicant sends a question, presses the
browser's Back, and sends the form again. One case, and the second send lands on it
saying it was already received. The same on the public walk-in form (no account)."""

from __future__ import annotations

import re

import pytest

from accounts.tests.factories import PASSWORD, ApplicantFactory
from consultations.models import Consultation, VisitForm

from .helpers import signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SAME = "sudah kami terima beberapa saat lalu"


def fill_if_empty(page, label: str, value: str) -> None:
    """The form as Back brings it: filled by the browser when it keeps the page, else
    typed again as the person would."""
    field = page.get_by_label(label)
    if not field.input_value():
        field.fill(value)


def fill_question(page) -> None:
    page.get_by_label("Kategori permasalahan").select_option(label="Perencanaan pengadaan")
    fill_if_empty(page, "Perihal", "Pemaketan pengadaan langsung")
    fill_if_empty(page, "Uraian permasalahan", "Bagaimana batas nilai pengadaan langsung untuk paket sejenis?")
    fill_if_empty(page, "Tahun anggaran", "2026")
    page.get_by_label("Tahap pengadaan").select_option("perencanaan")


def test_back_then_send_again_makes_no_second_case(browser, live_server):
    applicant = ApplicantFactory(email="maria.ulfa@contoh.go.id")
    context, page = signed_in_page(browser, live_server, applicant.email, PASSWORD)
    try:
        page.goto("/konsultasi/ajukan/")
        fill_question(page)
        page.get_by_role("button", name="Kirim konsultasi").click()
        page.wait_for_url(re.compile(r".*/konsultasi/ADV-\d{4}-\d{6}/$"))
        case_url = page.url

        page.go_back()
        page.wait_for_url("**/konsultasi/ajukan/")
        fill_question(page)
        page.get_by_role("button", name="Kirim konsultasi").click()
        page.wait_for_url(case_url)
        assert SAME in page.locator("main").inner_text()
        assert Consultation.objects.filter(applicant=applicant).count() == 1
    finally:
        context.close()


def test_back_then_send_again_on_the_walk_in_form_shows_the_first_code(page, live_server):
    page.goto("/konsultasi/tatap-muka/")

    def fill():
        fill_if_empty(page, "Nama lengkap", "Sri Wahyuni")
        fill_if_empty(page, "Alamat e-mail", "sri.wahyuni@contoh.go.id")
        fill_if_empty(page, "Nomor telepon", "0812 3456 7890")
        fill_if_empty(page, "Nama instansi/badan usaha", "Dinas PUPR Kabupaten Bantul")
        page.get_by_label("Jenis instansi").select_option("pemda")
        page.get_by_label("Kategori permasalahan").select_option(label="Perencanaan pengadaan")
        fill_if_empty(page, "Pertanyaan atau permasalahan", "Bagaimana menyusun HPS jalan desa?")

    fill()
    page.get_by_role("button", name=re.compile("Kirim")).click()
    page.wait_for_url(re.compile(r".*/tatap-muka/[A-Z0-9]+/$"))
    first = page.url
    page.go_back()
    fill()
    page.get_by_role("button", name=re.compile("Kirim")).click()
    page.wait_for_url(first)
    assert SAME in page.locator("main").inner_text()
    assert VisitForm.objects.count() == 1
