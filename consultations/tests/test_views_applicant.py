"""The applicant's pages: "Ajukan Konsultasi", "Konsultasi Saya", the case page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import InstitutionType
from accounts.tests.factories import ApplicantFactory
from consultations.channels.website import answers
from consultations.models import Attachment, Consultation, EventType, Message
from consultations.services import steps
from consultations.services.rates import SUBMISSIONS_PER_HOUR
from consultations.workflow import Status
from files.tests.builders import checked

from .conftest import SPEC_START
from .factories import ConsultationFactory, hostile, pdf, png, set_institution_type, submit

SUBMIT = reverse("consultations:submit")
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def form_data(**overrides):
    data = {
        "category": "1",
        "subject": "Penyusunan HPS untuk alat kesehatan",
        "description": "Bagaimana menyusun HPS bila hanya ada satu penyedia di pasar?",
        "institution_name": "Kementerian Kesehatan",
        "procurement_package": "RUP 12345678",
        "fiscal_year": "2025",
        "procurement_stage": "perencanaan",
    }
    data.update(overrides)
    return data


# --- submitting -------------------------------------------------------------------


def test_form_prefills_the_institution_and_says_when_the_answer_is_due(login, kl_applicant, spec_day, holidays):
    response = login(kl_applicant).get(SUBMIT)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["institution_name"].value() == kl_applicant.profile.institution_name
    assert form["fiscal_year"].value() == 2025
    html = response.content.decode()
    assert "Selasa, 22 April 2025 23.59 WIB" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'for="id_subject"' in html and 'for="id_files"' in html


def test_submit_with_a_pdf_redirects_to_the_case_with_number_and_deadline(
    login, kl_applicant, spec_day, holidays, category_pk, django_capture_on_commit_callbacks
):
    client = login(kl_applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SUBMIT, form_data(category=category_pk, files=[pdf("Surat Permohonan.pdf"), png()]), follow=True
        )
    case = Consultation.objects.get()
    assert response.redirect_chain == [(reverse("consultations:detail", kwargs={"number": case.number}), 302)]
    body = response.content.decode()
    assert f"nomor {case.number}" in body
    assert "paling lambat Selasa, 22 April 2025 23.59 WIB" in body
    assert case.directorate.code == "pusat" and case.procurement_package == "RUP 12345678"
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["Surat Permohonan.pdf", "foto.png"]
    assert "Surat Permohonan.pdf" in body  # the case page lists the applicant's own files


def test_unverified_applicants_are_sent_to_verify_first(client, db):
    applicant = ApplicantFactory(verified=False)
    client.force_login(applicant, backend=BACKEND)
    response = client.get(SUBMIT)
    assert response.status_code == 302 and response["Location"] == reverse("account_email")
    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True, primary=True)
    assert client.get(SUBMIT).status_code == 200


def test_a_refused_form_keeps_what_was_typed_and_names_the_files_to_choose_again(
    login, kl_applicant, spec_day, holidays, category_pk
):
    data = form_data(
        category=category_pk,
        subject="",  # missing
        description="Uraian <b>panjang</b> yang tidak boleh hilang.",
        procurement_package="Paket Konstruksi Jembatan",
        files=[pdf("lampiran-baik.pdf"), hostile("html_as_pdf")],
    )
    response = login(kl_applicant).post(SUBMIT, data)
    assert response.status_code == 200
    assert not Consultation.objects.exists() and not Attachment.objects.exists()
    form = response.context["form"]
    assert form["description"].value() == "Uraian <b>panjang</b> yang tidak boleh hilang."
    assert form["procurement_package"].value() == "Paket Konstruksi Jembatan"
    assert form["institution_name"].value() == "Kementerian Kesehatan"
    assert set(form.errors) == {"subject", "files"}
    assert [(f.name, f.refused) for f in response.context["dropped"]] == [("lampiran-baik.pdf", False), ("laporan.pdf", True)]
    html = response.content.decode()
    assert "Pilih lagi sebelum mengirim" in html
    assert "<li>lampiran-baik.pdf</li>" in html
    assert "<li>laporan.pdf — <strong>ditolak; pilih berkas lain yang memenuhi syarat</strong></li>" in html
    # The typed text is shown again, escaped.
    assert "Uraian &lt;b&gt;panjang&lt;/b&gt; yang tidak boleh hilang." in html
    assert 'href="#id_subject"' in html  # the error summary links to the field


def test_without_files_nothing_is_said_about_choosing_again(login, kl_applicant, spec_day, holidays, category_pk):
    response = login(kl_applicant).post(SUBMIT, form_data(category=category_pk, fiscal_year="25"))
    assert response.status_code == 200
    assert response.context["dropped"] == []
    assert "Pilih lagi sebelum mengirim" not in response.content.decode()
    assert "Isi tahun anggaran dengan empat angka" in response.content.decode()


@pytest.mark.parametrize(
    "kind, message",
    [
        ("html_as_pdf", "Berkas laporan.pdf tidak dapat diterima: isinya bukan PDF, DOCX, XLSX, JPG atau PNG."),
        ("svg", "Berkas gambar.svg tidak dapat diterima: isinya bukan PDF, DOCX, XLSX, JPG atau PNG."),
        ("too_large", "Berkas besar.pdf terlalu besar; ukuran maksimal 10 MB per berkas."),
        ("exe", "Berkas setup.exe tidak dapat diterima: isinya bukan PDF, DOCX, XLSX, JPG atau PNG."),
        ("zip", "Berkas arsip.zip tidak dapat diterima: isinya bukan PDF, DOCX, XLSX, JPG atau PNG."),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message(
    login, kl_applicant, spec_day, holidays, category_pk, kind, message
):
    response = login(kl_applicant).post(SUBMIT, form_data(category=category_pk, files=[hostile(kind)]))
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    assert message in response.context["form"].errors["files"]
    assert message in response.content.decode()


def test_more_than_five_files_are_refused(login, kl_applicant, spec_day, holidays, category_pk):
    files = [pdf(f"berkas-{n}.pdf") for n in range(6)]
    response = login(kl_applicant).post(SUBMIT, form_data(category=category_pk, files=files))
    assert "Paling banyak 5 berkas dapat diunggah." in response.context["form"].errors["files"]
    assert len(response.context["dropped"]) == 6


def test_the_eleventh_submission_within_an_hour_gets_429(login, kl_applicant, spec_day, holidays, category_pk):
    client = login(kl_applicant)
    for n in range(SUBMISSIONS_PER_HOUR):
        response = client.post(SUBMIT, form_data(category=category_pk, subject=f"Pertanyaan {n}"))
        assert response.status_code == 302, response.context["form"].errors
    response = client.post(SUBMIT, form_data(category=category_pk, description="Teks yang tidak boleh hilang"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    html = response.content.decode()
    assert "paling banyak 10 konsultasi dalam satu jam" in html
    assert "dalam 60 menit" in html
    assert "Teks yang tidak boleh hilang" in html  # shown for copying
    assert Consultation.objects.count() == SUBMISSIONS_PER_HOUR
    # The form itself says so too, before anything is typed.
    assert client.get(SUBMIT).status_code == 429
    # An hour after the first one, one more may go.
    with time_machine.travel(SPEC_START + timedelta(hours=1, seconds=1), tick=False):
        assert client.get(SUBMIT).status_code == 200


def test_internal_users_cannot_submit(login, staff):
    assert login(staff).get(SUBMIT).status_code == 403


# --- "Konsultasi Saya" --------------------------------------------------------------


def test_my_consultations_shows_deadline_days_left_and_state(login, kl_applicant, applicant_b, spec_day, holidays):
    mine = submit(kl_applicant)
    submit(applicant_b, subject="Pertanyaan pemohon lain")
    response = login(kl_applicant).get(reverse("consultations:list"))
    html = response.content.decode()
    assert list(response.context["page"]) == [mine]
    assert mine.number in html and "Pertanyaan pemohon lain" not in html
    assert "Menunggu penugasan" in html
    assert "Selasa, 22 April 2025 23.59 WIB" in html
    assert "10 hari kerja lagi" in html
    assert "Tepat waktu" in html
    assert "<caption>" in html and '<th scope="col">' in html


def test_my_consultations_badges_at_risk_and_late(login, applicant_a, holidays):
    with time_machine.travel(SPEC_START, tick=False):
        case = submit(set_institution_type(applicant_a, InstitutionType.KL))
    client = login(applicant_a)
    with time_machine.travel(case.due_at - timedelta(hours=30), tick=False):  # Monday 21 April
        html = client.get(reverse("consultations:list")).content.decode()
        assert "Berisiko terlambat" in html and "1 hari kerja lagi" in html
    with time_machine.travel(case.due_at + timedelta(days=1), tick=False):  # Wednesday 23 April
        html = client.get(reverse("consultations:list")).content.decode()
        assert "Terlambat" in html and "Lewat 1 hari kerja" in html


def test_my_consultations_is_paginated(login, applicant_a, spec_day):
    for _ in range(25):
        ConsultationFactory(applicant=applicant_a)
    client = login(applicant_a)
    first = client.get(reverse("consultations:list"))
    assert len(first.context["page"].object_list) == 20
    assert "?halaman=2" in first.content.decode()
    second = client.get(reverse("consultations:list"), {"halaman": 2})
    assert len(second.context["page"].object_list) == 5


def test_an_empty_list_invites_a_first_question(login, applicant_a):
    html = login(applicant_a).get(reverse("consultations:list")).content.decode()
    assert "Anda belum pernah mengajukan konsultasi." in html


# --- the case page -------------------------------------------------------------------


@pytest.fixture
def answered(case, staff, director_pusat):
    """Applicant A's case with a file, a staff message, an internal note and an answer."""
    steps.claim(consultation=case, actor=staff)
    steps.add_internal_note(consultation=case, author=staff, body="RAHASIA: jangan diteruskan ke pemohon")
    steps.post_message(consultation=case, author=staff, body="Mohon kirim rancangan kontraknya.", files=checked(pdf("permintaan.pdf")))
    answers.send_answer(
        consultation=case, author=staff, kinds=["saran", "rekomendasi"], text="Gunakan survei harga pasar."
    )
    return case


def test_case_page_shows_answer_thread_and_timeline_but_no_internal_notes(login, kl_applicant, answered):
    response = login(kl_applicant).get(reverse("consultations:detail", kwargs={"number": answered.number}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gunakan survei harga pasar." in html
    assert "Saran" in html and "Rekomendasi" in html
    assert "Mohon kirim rancangan kontraknya." in html and "permintaan.pdf" in html
    assert "Sudah dijawab" in html and "Selesai tepat waktu" in html
    labels = [entry.label for entry in response.context["records"].timeline]
    assert labels == ["Konsultasi diajukan", "Diambil untuk ditangani", "Pesan dikirim", "Jawaban dikirim"]
    assert "RAHASIA" not in html
    assert "Catatan internal" not in html
    # Applicants see "Petugas LKPP", not who on the staff did what.
    assert answered.assignee.full_name not in html


def test_applicant_replies_in_the_thread_with_a_file(
    login, kl_applicant, case, django_capture_on_commit_callbacks, director_pusat
):
    client = login(kl_applicant)
    url = reverse("consultations:message", kwargs={"number": case.number})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"pesan-body": "Rancangan kontrak terlampir.", "pesan-files": [pdf("kontrak.pdf")]})
    assert response.status_code == 302
    message = Message.objects.get()
    assert response["Location"].endswith(f"/konsultasi/{case.number}/#pesan-{message.pk}")
    assert message.from_applicant and message.body == "Rancangan kontrak terlampir."
    assert message.attachments.get().original_name == "kontrak.pdf"
    html = client.get(reverse("consultations:detail", kwargs={"number": case.number})).content.decode()
    assert "Rancangan kontrak terlampir." in html and "kontrak.pdf" in html


def test_an_empty_reply_is_refused_next_to_the_field_and_keeps_the_file_names(login, kl_applicant, case):
    url = reverse("consultations:message", kwargs={"number": case.number})
    response = login(kl_applicant).post(url, {"pesan-body": "  ", "pesan-files": [pdf("kontrak.pdf")]})
    assert response.status_code == 200
    assert "Tulis pesan Anda." in response.content.decode()
    assert [f.name for f in response.context["dropped"]] == ["kontrak.pdf"]
    assert not Message.objects.exists()


def test_applicant_b_gets_404_for_a_case_its_files_and_its_thread(login, applicant_b, case, kl_applicant):
    steps.post_message(consultation=case, author=kl_applicant, body="Tambahan", files=checked(pdf()))
    attachment = Attachment.objects.get()
    client = login(applicant_b)
    assert client.get(reverse("consultations:detail", kwargs={"number": case.number})).status_code == 404
    assert client.get(reverse("consultations:attachment", kwargs={"pk": attachment.pk})).status_code == 404
    response = client.post(reverse("consultations:message", kwargs={"number": case.number}), {"pesan-body": "Hai"})
    assert response.status_code == 404
    assert Message.objects.count() == 1


def test_a_case_number_that_does_not_exist_is_404(login, applicant_a):
    assert login(applicant_a).get(reverse("consultations:detail", kwargs={"number": "ADV-2025-000999"})).status_code == 404
    assert login(applicant_a).get("/konsultasi/bukan-nomor/").status_code == 404


def test_the_description_is_escaped_on_the_applicant_page(login, kl_applicant, spec_day, holidays):
    case = submit(kl_applicant, description='<script>alert("xss")</script>')
    html = login(kl_applicant).get(reverse("consultations:detail", kwargs={"number": case.number})).content.decode()
    assert '<script>alert("xss")</script>' not in html
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html


def test_events_of_a_rerouted_case_do_not_reveal_the_reason(login, kl_applicant, case, staff):
    from accounts.tests.factories import directorate

    steps.reroute(consultation=case, directorate=directorate("hukum"), reason="ALASAN-INTERNAL", actor=staff)
    html = login(kl_applicant).get(reverse("consultations:detail", kwargs={"number": case.number})).content.decode()
    assert "Dialihkan ke direktorat lain" in html
    assert "ALASAN-INTERNAL" not in html
    assert EventType.REROUTED in [e.type for e in case.events.all()]


def test_no_reply_form_for_a_case_whose_status_does_not_allow_messages(login, applicant_a):
    case = ConsultationFactory(applicant=applicant_a, status=Status.REGISTERED, clock_started_at=None, due_at=None)
    response = login(applicant_a).get(reverse("consultations:detail", kwargs={"number": case.number}))
    assert response.context["message_form"] is None
    assert "Belum berjalan" in response.content.decode()


def test_an_empty_file_is_named_and_refused(login, kl_applicant, case):
    url = reverse("consultations:message", kwargs={"number": case.number})
    empty = SimpleUploadedFile("kosong.pdf", b"", "application/pdf")
    response = login(kl_applicant).post(url, {"pesan-body": "Ini", "pesan-files": [empty]})
    assert response.status_code == 200
    assert not Attachment.objects.exists()
    assert "Berkas kosong.pdf kosong." in response.content.decode()
