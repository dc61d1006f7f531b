"""The online-meeting channel end to end, in a real browser (issue 11, item 6): the
secretariat registers the invitation; the Director receives and disposes it; the team
member confirms the schedule (the .ics the PIC gets is parsed back: right UID, Jakarta
time, link, case number); after the meeting the member writes the report, the team lead
approves it, and the PIC gets the PDF."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import Consultation, Meeting
from consultations.workflow import Status
from core.time import WIB
from files.tests.builders import real_pdf_bytes

from .helpers import signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Rapat-Daring-2026"
PIC = "dewi.lestari@kemenhub.go.id"


def sign_in(browser, live_server, email: str):
    return signed_in_page(browser, live_server, email, PASSWORD)


def test_invitation_received_disposed_confirmed_with_ics_and_reported(browser, live_server, artifacts_dir):
    from workdays.services import sync_from_package

    sync_from_package(from_year=2026, to_year=2026)
    desk = InternalUserFactory(email="sekretariat@lkpp.go.id", role=Role.FRONT_DESK, directorate=None, password=PASSWORD)
    director = InternalUserFactory(email="direktur.pusat@lkpp.go.id", role=Role.DIRECTOR,
                                   directorate=directorate("pusat"), password=PASSWORD)
    lead = InternalUserFactory(email="ketua.pusat@lkpp.go.id", full_name="Kurnia Ketua", role=Role.TEAM_LEAD,
                               directorate=directorate("pusat"), password=PASSWORD)
    member = InternalUserFactory(email="pegawai.pusat@lkpp.go.id", full_name="Putri Pegawai", role=Role.STAFF,
                                 directorate=directorate("pusat"), password=PASSWORD)

    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WIB), tick=True) as clock:
        # --- the secretariat registers the invitation and checks it --------------------
        context, page = sign_in(browser, live_server, desk.email)
        page.goto("/konsultasi/staf/surat/")
        page.get_by_role("link", name="Daftarkan undangan rapat").click()
        page.get_by_label("E-office LKPP").check()
        page.get_by_label("Ditujukan kepada").select_option("direktur_pusat")
        page.get_by_label("Nomor surat").fill("UND-77/KEMENHUB/2026")
        page.get_by_label("Tanggal surat").fill("2026-10-30")
        page.get_by_label("Perihal").fill("Rapat pembahasan penyesuaian harga kontrak")
        page.get_by_label("Instansi atau badan hukum").check()
        page.get_by_label("Nama pengirim / penanda tangan").fill("Dr. Rina Wulandari")
        page.get_by_label("Nama instansi/badan hukum").fill("Kementerian Perhubungan")
        page.get_by_label("Nama PIC").fill("Dewi Lestari")
        page.get_by_label("Telepon PIC").fill("0812 1111 2222")
        page.get_by_label("E-mail PIC").fill(PIC)
        page.get_by_label("Usulan waktu 1").fill("2026-11-04T10:00")
        page.get_by_label("Pindaian surat (PDF)").set_input_files(
            [{"name": "undangan.pdf", "mimeType": "application/pdf", "buffer": real_pdf_bytes()}]
        )
        page.get_by_role("button", name="Daftarkan undangan").click()
        page.wait_for_url(re.compile(r".*/konsultasi/staf/ADV-\d{4}-\d{6}/$"))
        case = Consultation.objects.get()
        page.get_by_label("Surat undangan telah ditandatangani.").check()
        page.get_by_label("Bagi badan hukum/instansi: surat undangan menggunakan kop surat.").check()
        page.get_by_role("button", name="Simpan hasil pemeriksaan").click()
        context.close()

        # --- the Director receives (2 working days start) and disposes --------------------
        context, page = sign_in(browser, live_server, director.email)
        page.goto(f"/konsultasi/staf/{case.number}/")
        page.get_by_role("button", name="Terima surat").click()
        page.get_by_label("Diteruskan kepada").select_option(label="Putri Pegawai (Anggota Tim Kerja / Pegawai)")
        page.get_by_label("Hadiri/wakili").check()
        page.get_by_role("button", name="Kirim disposisi").click()
        context.close()
        case.refresh_from_db()
        assert case.status == Status.ASSIGNED and case.clock_started_at is not None

        # --- the member confirms the schedule with the team --------------------------------
        context, page = sign_in(browser, live_server, member.email)
        page.goto(f"/konsultasi/staf/{case.number}/")
        page.get_by_label("Tanggal rapat").first.fill("2026-11-04")
        page.get_by_label("Jam mulai (WIB)").first.fill("10:00")
        page.get_by_label("Jam selesai (WIB)").first.fill("11:00")
        page.get_by_label("Platform rapat").first.fill("Zoom")
        page.get_by_label("Tautan rapat").first.fill("https://zoom.us/j/123456")
        page.get_by_label("Putri Pegawai (Anggota Tim Kerja / Pegawai)").check()
        page.get_by_label("Kurnia Ketua (Ketua Tim Kerja)").check()
        page.get_by_role("button", name="Konfirmasi jadwal").click()
        assert "Jadwal dikonfirmasi" in page.locator(".messages").inner_text()
        page.screenshot(path=str(artifacts_dir / "rapat-terkonfirmasi.png"), full_page=True)
        context.close()
        case.refresh_from_db()
        assert case.status == Status.DELIVERED and case.completed_on_time

        # The .ics the PIC got, parsed back.
        invite = [m for m in mail.outbox if m.to == [PIC] and any(a[0].endswith(".ics") for a in m.attachments)][-1]
        name, content, _type = next(a for a in invite.attachments if a[0].endswith(".ics"))
        event = Calendar.from_ical(content if isinstance(content, bytes) else content.encode()).walk("VEVENT")[0]
        assert str(event["UID"]) == Meeting.objects.get().uid
        assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
        assert event["DTSTART"].dt == datetime(2026, 11, 4, 10, 0, tzinfo=WIB)
        assert str(event["LOCATION"]) == "https://zoom.us/j/123456" and case.number in str(event["DESCRIPTION"])

        # --- after the meeting: the report, approved by the team lead, mailed as a PDF -------
        clock.move_to(datetime(2026, 11, 4, 14, 0, tzinfo=WIB))
        context, page = sign_in(browser, live_server, member.email)
        page.goto(f"/konsultasi/staf/{case.number}/")
        page.get_by_label("Peserta dari pemohon").fill("Dewi Lestari (PIC), Biro Pengadaan")
        page.get_by_label("Permasalahan").fill("Kenaikan harga aspal pada kontrak tahun jamak.")
        page.get_by_label("Pembahasan").fill("Klausul penyesuaian harga dan formulanya.")
        page.locator("#laporan").get_by_role("checkbox", name="Rekomendasi").check()
        page.get_by_label("Saran, pendapat, rekomendasi dan/atau tindakan koreksi").fill(
            "Lakukan penyesuaian harga sesuai formula kontrak dan tuangkan dalam adendum."
        )
        page.get_by_role("button", name="Simpan laporan").click()
        context.close()
        context, page = sign_in(browser, live_server, lead.email)
        page.goto(f"/konsultasi/staf/{case.number}/")
        page.get_by_role("button", name="Setujui dan kirim laporan").click()
        assert "disetujui" in page.locator(".messages").inner_text()
        context.close()

    report_mail = [m for m in mail.outbox if m.to == [PIC] and any(a[0].endswith(".pdf") for a in m.attachments)][-1]
    name, content, _type = next(a for a in report_mail.attachments if a[0].endswith(".pdf"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert case.number in text and "adendum" in text
    (artifacts_dir / "laporan-rapat.pdf").write_bytes(content)
