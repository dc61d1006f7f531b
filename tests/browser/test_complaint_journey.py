"""The complaints desk and the survey end to end, in a real browser (issue 12): a visitor
without an account complains from the public page, keeps the code shown once, answers
the handler's question on the tracking page and reads the follow-up there; an applicant
whose case was delivered answers the satisfaction survey from the case page."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import ApplicantFactory, InternalUserFactory, directorate
from complaints.models import Complaint, Status
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status as CaseStatus
from core.time import WIB
from surveys.models import SurveyResponse
from surveys.scoring import ELEMENTS
from surveys.services import invite_delivered

from .helpers import signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Pengaduan-2026"


@pytest.fixture
def weekday():
    """A Tuesday 09:00 WIB; the clock ticks (the live server serves pages)."""
    from workdays.services import sync_from_package

    with time_machine.travel(datetime(2026, 11, 3, 9, 0, tzinfo=WIB), tick=True):
        sync_from_package(from_year=2026, to_year=2026)
        yield


def indonesian_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_an_anonymous_complaint_followed_by_its_code_to_the_follow_up(browser, live_server, artifacts_dir, weekday):
    handler = InternalUserFactory(email="pengaduan.pusat@lkpp.go.id", full_name="Pandu Pengaduan",
                                  role=Role.COMPLAINT_HANDLER, directorate=directorate("pusat"), password=PASSWORD)

    # --- the visitor, no account ------------------------------------------------------------
    visitor, page = indonesian_page(browser, live_server)
    page.goto("/pengaduan/")
    assert page.get_by_text("ext 0305").first.is_visible()
    page.locator("#tombol-kirim-pengaduan").click()
    page.get_by_label("Pengaduan", exact=True).check()
    page.get_by_label("Nama (opsional)").fill("Warga Pelapor")
    page.get_by_role("button", name="Kirim pengaduan").click()  # no text, no directorate: refused, name kept
    assert page.locator("#ringkasan-kesalahan").is_visible()
    assert page.get_by_label("Nama (opsional)").input_value() == "Warga Pelapor"
    page.get_by_label("Uraian").fill("Jawaban konsultasi saya belum datang <b>sejak minggu lalu</b>.")
    page.get_by_label("Direktorat yang dituju").select_option(label="Direktorat Advokasi Pemerintah Pusat")
    page.get_by_role("button", name="Kirim pengaduan").click()
    code = page.locator("#kode-pelacakan").inner_text().strip()
    assert code.startswith("ADU-")
    page.screenshot(path=str(artifacts_dir / "complaint-code.png"), full_page=True)
    page.reload()  # shown once
    assert page.url.endswith("/pengaduan/lacak/")

    # --- the handler takes it and asks ------------------------------------------------------
    desk_context, desk = signed_in_page(browser, live_server, handler.email, PASSWORD)
    complaint = Complaint.objects.get()
    desk.goto("/pengaduan/staf/")
    desk.get_by_role("link", name=complaint.number).click()
    assert desk.get_by_text("<b>sejak minggu lalu</b>").is_visible()  # shown as text
    desk.locator("#ambil-pengaduan").click()
    desk.get_by_label("Pertanyaan kepada pelapor").fill("Mohon sebutkan nomor konsultasinya.")
    desk.get_by_role("button", name="Kirim pertanyaan").click()
    assert desk.get_by_text("Mohon sebutkan nomor konsultasinya.").is_visible()

    # --- the visitor comes back with the code, in lower case -----------------------------------
    page.get_by_label("Kode pelacakan").fill(code.lower())
    page.get_by_role("button", name="Lacak").click()
    assert page.get_by_text("Mohon sebutkan nomor konsultasinya.").is_visible()
    assert "Warga Pelapor" not in page.content()
    page.get_by_label("Keterangan Anda").fill("Nomornya ADV-2026-000123.")
    page.get_by_role("button", name="Kirim keterangan").click()
    assert page.get_by_text("Nomornya ADV-2026-000123.").is_visible()

    # --- the handler follows up; the visitor reads it by code -----------------------------------
    desk.reload()
    desk.locator("#id_tutup-follow_up").fill("Jawaban konsultasi ADV-2026-000123 telah dikirim hari ini.")
    desk.get_by_role("button", name="Kirim tindak lanjut dan selesaikan").click()
    assert desk.get_by_text("tepat waktu").first.is_visible()
    page.reload()
    assert page.locator("#isi-tindak-lanjut").inner_text().startswith("Jawaban konsultasi ADV-2026-000123")
    assert "Pandu Pengaduan" not in page.content()
    page.screenshot(path=str(artifacts_dir / "complaint-followed-up.png"), full_page=True)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.completed_on_time
    desk_context.close()
    visitor.close()


def test_an_applicant_answers_the_survey_from_the_delivered_case(browser, live_server, artifacts_dir, weekday):
    applicant = ApplicantFactory(email="ayu@contoh.go.id", password=PASSWORD)
    case = ConsultationFactory(applicant=applicant, status=CaseStatus.DELIVERED, completed_at=timezone.now(),
                               completed_on_time=True)
    invite_delivered()
    context, page = signed_in_page(browser, live_server, applicant.email, PASSWORD)
    page.goto(f"/konsultasi/{case.number}/")
    page.get_by_role("link", name="Isi survei kepuasan").click()
    for element in ELEMENTS[:-1]:
        page.locator(f'input[name="{element}"][value="4"]').check()
    page.get_by_label("Saran dan komentar (tidak wajib)").fill("Jawaban jelas dan cepat.")
    page.get_by_role("button", name="Kirim penilaian").click()  # one element left: refused, the rest kept
    assert page.get_by_text("Pilih salah satu jawaban.").first.is_visible()
    assert page.locator(f'input[name="{ELEMENTS[0]}"][value="4"]').is_checked()
    page.locator(f'input[name="{ELEMENTS[-1]}"][value="3"]').check()
    page.get_by_role("button", name="Kirim penilaian").click()
    assert page.locator("#keadaan-survei").inner_text().startswith("Survei kepuasan untuk konsultasi")
    page.screenshot(path=str(artifacts_dir / "survey-answered.png"), full_page=True)
    response = SurveyResponse.objects.get()
    assert response.scores() == {**dict.fromkeys(ELEMENTS[:-1], 4), ELEMENTS[-1]: 3}
    assert response.comment == "Jawaban jelas dan cepat."
    context.close()


def test_a_guest_answers_the_survey_by_the_e_mailed_link(browser, live_server, weekday):
    """The link's page keeps the code out of other sites' logs without breaking its own
    form: a "no-referrer" policy made Chromium send "Origin: null", which CSRF refused."""
    import re

    from notifications.models import OutboundEmail

    case = ConsultationFactory(applicant=ApplicantFactory(), status=CaseStatus.DELIVERED,
                               completed_at=timezone.now(), completed_on_time=True)
    invite_delivered()
    link = OutboundEmail.objects.get(template__startswith="survey").context["survey_url"]
    context, page = indonesian_page(browser, live_server)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    for element in ELEMENTS:
        page.locator(f'input[name="{element}"][value="3"]').check()
    page.get_by_role("button", name="Kirim penilaian").click()
    assert page.locator("#keadaan-survei").inner_text() == "Penilaian Anda telah kami terima."
    assert SurveyResponse.objects.get().invitation.consultation == case
    context.close()
