"""One person across the doors, in a real browser (issue 21): Maria came to the front
desk as a guest and her hour ran out — the sweep recorded the breach and owes her
priority by her e-mail address. She signs up with that address and verifies it; her new
home page shows the credit; her next question, through the website, goes in as
priority, and the directorate's queue shows it first."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.tatap_muka import services as walk_ins
from consultations.models import Category, Consultation, PriorityCredit

from .helpers import signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "maria.ulfa@contoh.go.id"
PASSWORD = "Pengadaan-Adil-2025"


def test_a_guest_breach_becomes_priority_on_her_account_and_her_next_question(page, browser, live_server, holidays):
    desk = InternalUserFactory(email="sekretariat@lkpp.go.id", role=Role.FRONT_DESK, directorate=None)
    director = InternalUserFactory(
        email="direktur.daerah@lkpp.go.id", role=Role.DIRECTOR, directorate=directorate("daerah"),
        password="Direktur-Daerah-2025",
    )
    walk_in = walk_ins.register_visit(
        actor=desk, ticked=["email", "identity_document", "phone", "form"], id_document_type="ktp",
        id_number_last4="4321", outside_hours_reason="Uji peramban",
        paper={"name": "Maria Ulfa", "email": "Maria.Ulfa@contoh.go.id", "phone": "+6282144445555",
               "institution_name": "Sekretariat Daerah Kota Malang", "institution_type": "pemda",
               "category": Category.objects.get(code="perencanaan"),
               "question": "Apakah pengadaan langsung boleh dipecah menjadi beberapa paket?"},
    )
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        call_command("sweep_deadlines", stdout=io.StringIO())
    credit = PriorityCredit.objects.get(granted_for=walk_in)
    assert credit.applicant is None

    # --- she signs up with the address she gave at the desk, and verifies it -----------
    page.goto("/akun/signup/")
    page.get_by_label("Alamat e-mail").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Nama lengkap").fill("Maria Ulfa")
    page.get_by_label("Nomor telepon").fill("0821 4444 5555")
    page.get_by_label("Nama instansi/badan usaha").fill("Sekretariat Daerah Kota Malang")
    page.get_by_label("Jenis instansi").select_option("pemda")
    page.get_by_role("button", name="Daftar").click()
    page.wait_for_url("**/akun/confirm-email/")
    sent = [message for message in mail.outbox if EMAIL in message.to]
    link = re.search(r"https?://[^/\s]+(/\S*/confirm-email/\S+)", sent[-1].body)
    page.goto(link.group(1))
    page.get_by_role("button", name="Konfirmasi").click()
    page.wait_for_url("**/akun/login/**")
    page.get_by_label("Alamat e-mail").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/beranda/")

    # --- her home page says what she is owed -------------------------------------------
    owed = page.get_by_role("heading", name="Anda memiliki 1 kredit prioritas")
    assert owed.is_visible()
    assert walk_in.number in page.locator("main").inner_text()

    # --- her next question, through another door, is priority -------------------------
    page.goto("/konsultasi/ajukan/")
    page.get_by_label("Kategori permasalahan").select_option(label="Perencanaan pengadaan")
    page.get_by_label("Perihal").fill("Pemaketan pengadaan langsung")
    page.get_by_label("Uraian permasalahan").fill("Bagaimana batas nilai pengadaan langsung untuk paket sejenis?")
    page.get_by_label("Tahun anggaran").fill("2026")
    page.get_by_label("Tahap pengadaan").select_option("perencanaan")
    page.get_by_role("button", name="Kirim konsultasi").click()
    page.wait_for_url(re.compile(r".*/konsultasi/ADV-\d{4}-\d{6}/$"))
    question = Consultation.objects.get(applicant__email=EMAIL, channel="website")
    assert question.is_priority
    credit.refresh_from_db()
    assert credit.used_by_id == question.pk

    page.goto("/akun/beranda/")
    assert page.get_by_role("heading", name=re.compile("kredit prioritas")).count() == 0

    # --- the directorate sees it first -------------------------------------------------
    context, staff = signed_in_page(browser, live_server, director.email, "Direktur-Daerah-2025")
    try:
        staff.goto("/konsultasi/staf/")
        first_row = staff.locator("table tbody tr").first
        assert question.number in first_row.inner_text()
    finally:
        context.close()
