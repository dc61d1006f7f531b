"""The letter channel end to end, in a real browser (issue 9, item 9): the secretariat
registers a paper letter and checks it; the Director receives and disposes it; the team
lead forwards it; the staff member drafts; the team lead and the Director approve; the
Director issues the letter; the e-mail with the PDF reaches the sender. The PDF's first
page is rendered with pdftoppm into the test's artefacts."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest
from django.core import mail
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import AnswerLetter, Consultation
from consultations.workflow import Status
from files.tests.builders import real_pdf_bytes
from workdays.deadlines import add_working_days

from .helpers import from_menu, signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Surat-Dinas-2026"
SENDER = "rina.wulandari@dephub.go.id"
ANSWER = "Penyesuaian harga dapat dilakukan sepanjang diatur dalam kontrak tahun jamak."


def sign_in(browser, live_server, email: str):
    return signed_in_page(browser, live_server, email, PASSWORD)


def open_case(page, case: Consultation) -> None:
    page.goto(f"/konsultasi/staf/{case.number}/")


def test_letter_registered_received_disposed_drafted_approved_issued_and_mailed(browser, live_server, artifacts_dir):
    people = {
        "desk": InternalUserFactory(email="sekretariat@lkpp.go.id", full_name="Sari Sekretariat", role=Role.FRONT_DESK,
                                    directorate=None, password=PASSWORD),
        "director": InternalUserFactory(email="direktur.pusat@lkpp.go.id", full_name="Dr. Pusaka Wibowo",
                                        role=Role.DIRECTOR, directorate=directorate("pusat"), password=PASSWORD),
        "lead": InternalUserFactory(email="ketua.pusat@lkpp.go.id", full_name="Kurnia Ketua", role=Role.TEAM_LEAD,
                                    directorate=directorate("pusat"), password=PASSWORD),
        "staff": InternalUserFactory(email="pegawai.pusat@lkpp.go.id", full_name="Putri Pegawai", role=Role.STAFF,
                                     directorate=directorate("pusat"), password=PASSWORD),
    }

    # --- the secretariat registers the paper letter and checks it -----------------------
    context, page = sign_in(browser, live_server, people["desk"].email)
    from_menu(page, "Meja Surat", menu="Meja kerja")
    page.get_by_role("link", name="Daftarkan surat").click()
    page.get_by_label("Surat fisik (diantar atau dikirim pos)").check()
    page.get_by_label("Ditujukan kepada").select_option("direktur_pusat")
    page.get_by_label("Nomor surat").fill("B-123/KEMENHUB/X/2026")
    page.get_by_label("Tanggal surat").fill("2026-10-28")
    page.get_by_label("Perihal").fill("Permohonan pendapat atas penyesuaian harga kontrak")
    page.get_by_label("Instansi atau badan hukum").check()
    page.get_by_label("Nama pengirim / penanda tangan").fill("Dr. Rina Wulandari")
    page.get_by_label("Nama instansi/badan hukum").fill("Kementerian Perhubungan")
    page.get_by_label("E-mail untuk jawaban").fill(SENDER)
    page.get_by_label("Pindaian surat (PDF)").set_input_files(
        [{"name": "surat-kemenhub.pdf", "mimeType": "application/pdf", "buffer": real_pdf_bytes()}]
    )
    page.screenshot(path=str(artifacts_dir / "surat-daftar.png"), full_page=True)
    page.get_by_role("button", name="Daftarkan surat").click()
    page.wait_for_url(re.compile(r".*/konsultasi/staf/ADV-\d{4}-\d{6}/$"))
    case = Consultation.objects.get()
    assert case.status == Status.REGISTERED and case.clock_started_at is None
    registered = [m for m in mail.outbox if SENDER in m.to]
    assert registered and case.number in registered[-1].subject and "/lacak/" in registered[-1].body
    for label in ("Surat permasalahan telah ditandatangani.",
                  "Bagi badan hukum/instansi: surat menggunakan kop surat.",
                  "Bagi badan hukum/instansi: surat distempel atau ditandatangani secara elektronik."):
        page.get_by_label(label).check()
    page.get_by_role("button", name="Simpan hasil pemeriksaan").click()
    assert "diteruskan ke meja Direktur" in page.locator(".messages").inner_text()
    context.close()

    # --- the Director receives it (the clock starts) and disposes to the team lead ---------
    context, page = sign_in(browser, live_server, people["director"].email)
    from_menu(page, "Meja Surat", menu="Meja kerja")
    page.locator("#terima").get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="Terima surat").click()
    assert "15 (lima belas) hari kerja" in page.locator(".messages").inner_text()
    case.refresh_from_db()
    received = case.letter.received_at
    assert case.clock_started_at == received and case.due_at == add_working_days(received, 15)
    page.get_by_label("Diteruskan kepada").select_option(label="Kurnia Ketua (Ketua Tim Kerja)")
    page.get_by_label("Siapkan jawaban").check()
    page.get_by_label("Catatan/instruksi").fill("Mohon disiapkan jawaban, koordinasikan dengan Dit. Hukum.")
    page.get_by_role("button", name="Kirim disposisi").click()
    assert "Kurnia Ketua" in page.locator(".messages").inner_text()
    # The sheet opens inline (the browser's PDF viewer); fetched with the same session.
    href = page.get_by_role("link", name="Cetak lembar disposisi (PDF)").get_attribute("href")
    sheet = page.request.get(href)
    assert sheet.ok and sheet.headers["content-type"] == "application/pdf" and sheet.body()[:5] == b"%PDF-"
    (artifacts_dir / "lembar-disposisi.pdf").write_bytes(sheet.body())
    context.close()

    # --- the team lead forwards it to a member, who drafts ---------------------------------
    context, page = sign_in(browser, live_server, people["lead"].email)
    open_case(page, case)
    # The Director's disposition is shown; the lead's own form is folded under it.
    assert "Mohon disiapkan jawaban" in page.locator("#disposisi").inner_text()
    page.locator("#disposisi summary").click()
    page.get_by_label("Diteruskan kepada").select_option(label="Putri Pegawai (Anggota Tim Kerja / Pegawai)")
    page.get_by_label("Untuk ditindaklanjuti").check()
    page.get_by_role("button", name="Kirim disposisi").click()
    context.close()

    context, page = sign_in(browser, live_server, people["staff"].email)
    open_case(page, case)
    page.get_by_label("Pendapat").check()
    page.get_by_label("Isi surat jawaban").fill(ANSWER)
    page.get_by_role("button", name="Simpan konsep").click()
    assert "versi 1" in page.locator(".messages").inner_text()
    context.close()

    # --- the team lead and the Director approve; the Director issues ---------------------------
    for who in ("lead", "director"):
        context, page = sign_in(browser, live_server, people[who].email)
        open_case(page, case)
        page.get_by_label("Disetujui").check()
        page.get_by_role("button", name="Simpan telaah").click()
        assert "disetujui" in page.locator(".messages").inner_text()
        if who == "director":
            page.screenshot(path=str(artifacts_dir / "surat-siap-terbit.png"), full_page=True)
            page.get_by_role("button", name="Terbitkan surat jawaban").click()
            assert "diterbitkan" in page.locator(".messages").inner_text()
            page.screenshot(path=str(artifacts_dir / "surat-terbit.png"), full_page=True)
        context.close()

    # --- the e-mail with the PDF reaches the sender -------------------------------------------
    issued = AnswerLetter.objects.get()
    case.refresh_from_db()
    assert case.status == Status.DELIVERED and case.completed_on_time
    answer_mail = [m for m in mail.outbox if SENDER in m.to and m.attachments][-1]
    name, content, mimetype = answer_mail.attachments[0]
    assert mimetype == "application/pdf" and issued.number.replace("/", "-") in name
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert case.number in text and issued.number in text and ANSWER in text
    pdf_path = artifacts_dir / "surat-jawaban.pdf"
    pdf_path.write_bytes(content)
    # The first page as a picture, for people to look at (.ci/run installs poppler-utils).
    if shutil.which("pdftoppm") is None:
        message = "pdftoppm missing: apt-get install poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf_path), str(artifacts_dir / "surat-jawaban")],
        check=True,
    )
    assert list(artifacts_dir.glob("surat-jawaban*.png"))
