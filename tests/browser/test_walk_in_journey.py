"""The walk-in channel end to end, in a real browser (issue 10, item 9): a guest fills the
form beforehand on a 390 px wide phone; the secretariat finds it by code, ticks the
checklist and registers the visit; the board shows the guest; the guest is handed to
the staff member on duty, who records the advice; the summary e-mail reaches the guest."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import Category, Consultation, DutyDay, WalkInAuthorization
from consultations.workflow import Status
from core.time import WIB

from .helpers import from_menu, signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Tatap-Muka-2026"
GUEST = "sri.wahyuni@contoh.go.id"


def sign_in(browser, live_server, email: str):
    return signed_in_page(browser, live_server, email, PASSWORD)


@pytest.fixture
def desk_open():
    """A Monday 10:00 WIB, the desk open; the clock ticks (the live server serves pages)."""
    from datetime import datetime

    with time_machine.travel(datetime(2026, 11, 2, 10, 0, tzinfo=WIB), tick=True):
        yield


def test_guest_form_on_a_phone_registered_handed_off_advised_and_mailed(
    browser, live_server, artifacts_dir, desk_open
):
    from workdays.services import sync_from_package

    sync_from_package(from_year=2026, to_year=2026)
    category = Category.objects.get(code="perencanaan")
    desk = InternalUserFactory(email="sekretariat@lkpp.go.id", full_name="Sari Sekretariat", role=Role.FRONT_DESK,
                               directorate=None, password=PASSWORD)
    advisor = InternalUserFactory(email="piket@lkpp.go.id", full_name="Putri Piket", role=Role.STAFF,
                                  directorate=directorate("pusat"), password=PASSWORD)
    WalkInAuthorization.objects.create(user=advisor, category=category)
    DutyDay.objects.create(user=advisor, date=timezone.localdate())

    # --- the guest, on a phone, without an account ----------------------------------------
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.set_default_timeout(15_000)
    page = phone.new_page()
    page.goto("/konsultasi/tatap-muka/")
    page.get_by_label("Nama lengkap").fill("Sri Wahyuni")
    page.get_by_label("Alamat e-mail").fill(GUEST)
    page.get_by_label("Nomor telepon").fill("0812 3456")  # too short: refused, the rest kept
    page.get_by_label("Nama instansi/badan usaha").fill("Dinas PUPR Kabupaten Bantul")
    page.get_by_label("Jenis instansi").select_option("pemda")
    page.get_by_label("Kategori permasalahan").select_option(str(category.pk))
    page.get_by_label("Pertanyaan atau permasalahan").fill("Bagaimana menyusun HPS untuk jalan desa?")
    page.get_by_role("button", name="Kirim dan dapatkan kode kunjungan").click()
    assert "Nomor telepon tidak valid" in page.locator("main").inner_text()
    assert page.get_by_label("Nama lengkap").input_value() == "Sri Wahyuni"
    page.get_by_label("Nomor telepon").fill("0812 3456 7890")
    page.screenshot(path=str(artifacts_dir / "tatap-muka-formulir-390.png"), full_page=True)
    page.get_by_role("button", name="Kirim dan dapatkan kode kunjungan").click()
    page.wait_for_url(re.compile(r".*/konsultasi/tatap-muka/[A-Z0-9]{8}/$"))
    code = page.locator("#kode-kunjungan").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    page.wait_for_function("() => { const i = document.querySelector(\"img[src$='qr.svg']\"); return i && i.complete && i.naturalWidth > 0; }")
    page.screenshot(path=str(artifacts_dir / "tatap-muka-kode-390.png"), full_page=True)
    assert any(code in m.subject for m in mail.outbox if GUEST in m.to)
    phone.close()

    # --- the secretariat: find, check, register, hand off ----------------------------------
    context, page = sign_in(browser, live_server, desk.email)
    from_menu(page, "Tamu Tatap Muka", menu="Meja kerja")
    page.get_by_role("link", name="Daftarkan tamu").click()
    page.get_by_label("Kode kunjungan, nama atau e-mail").fill(code.lower())
    page.get_by_role("button", name="Cari formulir").click()
    page.locator("#hasil-formulir a").first.click()
    for label in ("Memiliki alamat e-mail.", "Memiliki tanda pengenal (KTP, SIM, Kartu Pegawai atau Paspor).",
                  "Memiliki nomor telepon.", "Mengisi formulir konsultasi."):
        page.get_by_label(label).check()
    page.get_by_label("Jenis tanda pengenal yang ditunjukkan").select_option("ktp")
    page.get_by_label("4 karakter terakhir nomor tanda pengenal").fill("0001")
    page.get_by_role("button", name="Daftarkan kunjungan").click()
    page.wait_for_url(re.compile(r".*/tanda-terima/$"))
    case = Consultation.objects.get()
    assert case.number in page.locator("#tanda-terima").inner_text()
    assert case.due_at - case.clock_started_at == timezone.timedelta(hours=1)
    page.screenshot(path=str(artifacts_dir / "tatap-muka-tanda-terima.png"), full_page=True)

    page.goto("/konsultasi/staf/tatap-muka/")
    row = page.locator("table.walk-in-board tbody tr").first
    assert case.number in row.inner_text() and "menit lagi" in row.inner_text()
    page.screenshot(path=str(artifacts_dir / "tatap-muka-papan.png"), full_page=True)
    row.get_by_role("link", name=case.number).click()
    page.get_by_label("Serahkan kepada").select_option(label="Putri Piket")
    page.get_by_role("button", name="Serahkan").click()
    assert "Putri Piket" in page.locator(".messages").inner_text()
    context.close()

    # --- the staff member: my guests, accept, advice -----------------------------------------
    context, page = sign_in(browser, live_server, advisor.email)
    assert "1" in page.locator("#nav-pemberitahuan").inner_text()  # told in the app at once
    from_menu(page, "Tamu Saya")
    page.locator("table.walk-in-board").get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="Terima tamu").click()
    page.get_by_role("checkbox", name="Saran").check()
    page.get_by_label("Ringkasan saran yang diberikan").fill("Gunakan harga satuan setempat yang didukung survei.")
    page.get_by_role("button", name="Simpan saran").click()
    assert "tepat waktu" in page.locator(".messages").inner_text()
    context.close()

    case.refresh_from_db()
    assert case.status == Status.DELIVERED and case.completed_on_time
    summary = [m for m in mail.outbox if GUEST in m.to and case.number in m.subject][-1]
    assert "harga satuan setempat" in summary.body
