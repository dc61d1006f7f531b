"""The website channel end to end, in a real browser (issue 3, item 10): an applicant
signs up, verifies, asks a question with a PDF; the directorate's director finds it at
the top of the queue and answers; the applicant reads the answer, and the e-mail that
went out carries it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import Consultation
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status

from .helpers import from_menu, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

APPLICANT_EMAIL = "rina.kartika@contoh.go.id"
APPLICANT_PASSWORD = "Pengadaan-Jujur-2025"
DIRECTOR_EMAIL = "direktur.daerah@lkpp.go.id"
DIRECTOR_PASSWORD = "Direktur-Daerah-2025"
ANSWER = "Gunakan metode e-purchasing bila barangnya tersedia di katalog elektronik."

# The smallest PDF a viewer opens: one empty page, with a correct cross-reference table.
TINY_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n165\n%%EOF\n"
)


def last_mail_to(address: str):
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no e-mail to {address}"
    return sent[-1]




def test_question_with_a_pdf_answered_by_the_directorate(page, browser, live_server, artifacts_dir):
    director = InternalUserFactory(
        email=DIRECTOR_EMAIL, full_name="Dewi Daerahwati", role=Role.DIRECTOR,
        directorate=directorate("daerah"), password=DIRECTOR_PASSWORD,
    )
    # Work already in the queue, due later than a new question will be.
    for n in range(3):
        ConsultationFactory(
            directorate=directorate("daerah"), subject=f"Pertanyaan lama {n}",
            due_at=timezone.now() + timedelta(days=30 + n),
        )

    # --- the applicant signs up and verifies ----------------------------------------
    page.goto("/akun/signup/")
    page.get_by_label("Alamat e-mail").fill(APPLICANT_EMAIL)
    page.locator("#id_password1").fill(APPLICANT_PASSWORD)
    page.locator("#id_password2").fill(APPLICANT_PASSWORD)
    page.get_by_label("Nama lengkap").fill("Rina Kartika")
    page.get_by_label("Nomor telepon").fill("0812 1111 2222")
    page.get_by_label("Nama instansi/badan usaha").fill("Bagian Pengadaan Barang/Jasa Kabupaten Sleman")
    page.get_by_label("Jenis instansi").select_option("pemda")
    page.get_by_role("button", name="Daftar").click()
    page.wait_for_url("**/akun/confirm-email/")
    link = re.search(r"https?://[^/\s]+(/\S*/confirm-email/\S+)", last_mail_to(APPLICANT_EMAIL).body)
    assert link, "no verification link in the e-mail"
    page.goto(link.group(1))
    page.get_by_role("button", name="Konfirmasi").click()
    page.wait_for_url("**/akun/login/**")
    sign_in(page, APPLICANT_EMAIL, APPLICANT_PASSWORD)

    # --- ... and asks a question with a PDF ------------------------------------------
    page.get_by_role("link", name="Konsultasi Saya").click()
    page.wait_for_url("**/konsultasi/")
    assert "Anda belum pernah mengajukan konsultasi." in page.locator("main").inner_text()
    page.get_by_role("link", name="Ajukan Konsultasi").click()
    page.wait_for_url("**/konsultasi/ajukan/")
    # The institution comes from the profile.
    assert page.get_by_label("Nama instansi/badan usaha").input_value() == "Bagian Pengadaan Barang/Jasa Kabupaten Sleman"
    page.get_by_label("Kategori permasalahan").select_option(label="E-purchasing dan katalog elektronik")
    description = "Apakah pembelian 120 laptop untuk SD negeri wajib melalui katalog elektronik? <script>alert(1)</script>"
    page.get_by_label("Uraian permasalahan").fill(description)
    page.get_by_label("Nama paket atau kode RUP").fill("RUP 45678901")
    page.get_by_label("Tahun anggaran").fill("2025")
    page.get_by_label("Tahap pengadaan").select_option("perencanaan")
    pdf_file = {"name": "Spesifikasi laptop.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}
    page.get_by_label("Lampiran").set_input_files([pdf_file])
    # The subject forgotten: everything typed comes back, the file must be chosen again.
    page.get_by_role("button", name="Kirim konsultasi").click()
    page.wait_for_load_state()
    assert page.locator("#ringkasan-kesalahan").is_visible()
    assert page.get_by_label("Uraian permasalahan").input_value() == description
    assert page.get_by_label("Nama paket atau kode RUP").input_value() == "RUP 45678901"
    assert "Spesifikasi laptop.pdf" in page.locator("#berkas-dipilih-lagi-form").inner_text()
    page.screenshot(path=str(artifacts_dir / "konsultasi-ajukan-galat.png"), full_page=True)
    assert not Consultation.objects.filter(applicant__email=APPLICANT_EMAIL).exists()

    page.get_by_label("Perihal").fill("Pembelian laptop sekolah melalui katalog")
    page.get_by_label("Lampiran").set_input_files([pdf_file])
    page.screenshot(path=str(artifacts_dir / "konsultasi-ajukan.png"), full_page=True)
    page.get_by_role("button", name="Kirim konsultasi").click()
    page.wait_for_url(re.compile(r".*/konsultasi/ADV-\d{4}-\d{6}/$"))

    case = Consultation.objects.get(applicant__email=APPLICANT_EMAIL)
    assert case.directorate.code == "daerah"
    notice = page.locator(".messages").inner_text()
    assert case.number in notice and "WIB" in notice
    assert page.get_by_role("link", name="Spesifikasi laptop.pdf").is_visible()
    confirmation = last_mail_to(APPLICANT_EMAIL)
    assert case.number in confirmation.subject + confirmation.body

    # --- the director finds it at the top of the queue and answers ---------------------
    staff_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    staff_page = staff_context.new_page()
    try:
        sign_in(staff_page, DIRECTOR_EMAIL, DIRECTOR_PASSWORD)
        from_menu(staff_page, "Antrean Konsultasi")
        staff_page.wait_for_url("**/konsultasi/staf/")
        first_row = staff_page.locator("table.queue-table tbody tr").first
        assert case.number in first_row.inner_text()
        assert staff_page.locator("table.queue-table tbody tr").count() == 4
        staff_page.screenshot(path=str(artifacts_dir / "antrean-staf.png"), full_page=True)

        first_row.get_by_role("link", name=case.number).click()
        staff_page.wait_for_url(f"**/konsultasi/staf/{case.number}/")
        # The applicant's script is text on the page, not code.
        assert "<script>alert(1)</script>" in staff_page.locator(".case-description").inner_text()
        with staff_page.expect_download() as download:
            staff_page.get_by_role("link", name="Spesifikasi laptop.pdf").click()
        assert download.value.suggested_filename == "Spesifikasi laptop.pdf"
        staff_page.get_by_label("Saran").check()
        staff_page.get_by_label("Rekomendasi").check()
        staff_page.get_by_label("Isi jawaban").fill(ANSWER)
        staff_page.screenshot(path=str(artifacts_dir / "kasus-staf.png"), full_page=True)
        staff_page.get_by_role("button", name="Kirim jawaban").click()
        # An answer cannot be changed once sent: a dialog asks first.
        staff_page.get_by_role("button", name="Ya, kirim sekarang").click()
        staff_page.wait_for_url(f"**/konsultasi/staf/{case.number}/")
        assert "selesai tepat waktu" in staff_page.locator(".messages").inner_text()
        staff_page.screenshot(path=str(artifacts_dir / "kasus-staf-dijawab.png"), full_page=True)
    finally:
        staff_context.close()

    case.refresh_from_db()
    assert case.status == Status.DELIVERED and case.completed_on_time and case.assignee == director

    # --- the applicant reads the answer, and the e-mail carries it ----------------------
    page.reload()
    answers = page.locator("article.answer")
    assert answers.count() == 1
    assert ANSWER in answers.first.inner_text()
    assert "Saran" in answers.first.inner_text() and "Rekomendasi" in answers.first.inner_text()
    assert "Selesai tepat waktu" in page.locator(".deadline-summary").inner_text()
    page.screenshot(path=str(artifacts_dir / "kasus-pemohon-dijawab.png"), full_page=True)
    page.get_by_role("link", name="Konsultasi Saya").first.click()
    assert "Sudah dijawab" in page.locator("table").inner_text()
    page.screenshot(path=str(artifacts_dir / "konsultasi-saya.png"), full_page=True)

    answer_mail = last_mail_to(APPLICANT_EMAIL)
    assert case.number in answer_mail.subject
    assert ANSWER in answer_mail.body
    html = answer_mail.alternatives[0].content if hasattr(answer_mail.alternatives[0], "content") else answer_mail.alternatives[0][0]
    assert ANSWER in html
