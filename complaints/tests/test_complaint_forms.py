"""The complaints desk's forms: the one place of the field rules. They refuse what the
services take for granted (text present and within its length, a known kind and channel,
the phone, the received time, the channel's own reference, the letter's scan) and hand
the services typed values (stripped text, E.164, the LAPOR! number in digits, the case
number upper case, the scan as a CheckedFile, another channel's reference empty)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.tests.factories import directorate
from complaints.forms import (
    FOLLOW_UP_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    AskForm,
    CloseForm,
    ComplaintForm,
    ReplyForm,
    RerouteForm,
    StaffComplaintForm,
)
from complaints.models import Channel, Kind
from files.checks import CheckedFile
from files.tests.builders import bad_scan, letter_scan

from .conftest import MONDAY

REQUIRED = "Bidang ini tidak boleh kosong."


def errors_of(form, field: str) -> str:
    assert not form.is_valid()
    return " ".join(form.errors.get(field, []))


# --- the public web form ------------------------------------------------------------------


def web(**overrides) -> dict:
    return {"kind": Kind.PENGADUAN, "text": "Jawaban konsultasi saya belum datang.",
            "directorate": directorate("pusat").pk, **overrides}


def test_the_web_form_hands_over_typed_values(db):
    form = ComplaintForm(web(text="  Jawaban belum datang.\n", name=" Siti Rahayu ", email=" siti@contoh.id ",
                             phone="0812 3456 7890"))
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["text"] == "Jawaban belum datang." and data["name"] == "Siti Rahayu"
    assert data["email"] == "siti@contoh.id" and data["phone"] == "+6281234567890"
    assert data["directorate"] == directorate("pusat") and data["kind"] == Kind.PENGADUAN
    assert "consultation_number" not in form.fields  # only a signed-in applicant with cases names one


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": "   \n "}, "text", REQUIRED),
        ({"text": "x" * (TEXT_MAX_LENGTH + 1)}, "text", f"paling banyak {TEXT_MAX_LENGTH} karakter"),
        ({"kind": "pujian"}, "kind", "pujian"),
        ({"phone": "0812-abcd"}, "phone", "Nomor telepon tidak valid."),
        ({"email": "warga@"}, "email", "alamat email yang valid"),
        ({"name": "n" * 201}, "name", "paling banyak 200 karakter"),
    ],
)
def test_the_web_form_refuses_bad_fields(db, overrides, field, message):
    assert message in errors_of(ComplaintForm(web(**overrides)), field)


def test_the_web_form_offers_only_the_applicants_own_cases(db, applicant_a, applicant_b):
    from consultations.tests.factories import ConsultationFactory

    own, theirs = ConsultationFactory(applicant=applicant_a), ConsultationFactory(applicant=applicant_b)
    form = ComplaintForm(web(consultation_number=theirs.number), own_cases=[own])
    assert f"Konsultasi {theirs.number} tidak ditemukan di antara konsultasi Anda." in errors_of(
        form, "consultation_number")
    form = ComplaintForm(web(consultation_number=own.number), own_cases=[own])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["consultation_number"] == own.number


# --- what staff log -------------------------------------------------------------------------


def staff(**overrides) -> dict:
    return {"channel": Channel.PHONE, "kind": Kind.SARAN, "received_at": "2025-11-03T09:30",
            "text": "Mohon jam layanan telepon diperpanjang.", "extension": "0308", **overrides}


def test_the_log_form_hands_over_typed_values(monday):
    form = StaffComplaintForm(staff(text=" Mohon diperpanjang. ", consultation_number=" web-2025-00042 ",
                                    phone="(021) 2991 2450 ext 0305", eoffice_reference="ND-1", lapor_number="123"))
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["text"] == "Mohon diperpanjang." and data["consultation_number"] == "WEB-2025-00042"
    assert data["phone"] == "+622129912450;ext=0305" and data["extension"] == "0308"
    # Another channel's reference is not handed over.
    assert data["eoffice_reference"] == "" and data["lapor_number"] == "" and data["scan"] is None
    assert data["received_at"] == MONDAY - timedelta(minutes=30)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"channel": Channel.LAPOR, "lapor_number": " #1916449 "}, {"lapor_number": "1916449", "extension": ""}),
        ({"channel": Channel.LAPOR, "lapor_number": "1916 449"}, {"lapor_number": "1916449"}),
        ({"channel": Channel.EOFFICE, "eoffice_reference": " ND-123/D.1/2025 "},
         {"eoffice_reference": "ND-123/D.1/2025", "extension": "", "lapor_number": ""}),
    ],
)
def test_the_channels_own_reference_is_handed_over_normalised(monday, overrides, expected):
    form = StaffComplaintForm(staff(**overrides))
    assert form.is_valid(), form.errors
    assert {key: form.cleaned_data[key] for key in expected} == expected


def test_a_letters_scan_is_handed_over_checked(monday):
    form = StaffComplaintForm(staff(channel=Channel.LETTER, extension=""), {"scan": letter_scan()})
    assert form.is_valid(), form.errors
    scan = form.cleaned_data["scan"]
    assert isinstance(scan, CheckedFile) and scan.name == "surat-permohonan.pdf"
    assert scan.content_type == "application/pdf"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"extension": ""}, "extension", "Pilih ekstensi yang dihubungi: 0305, 0308 atau 0311."),
        ({"channel": Channel.EOFFICE, "extension": ""}, "eoffice_reference", "Bagian ini wajib diisi."),
        ({"channel": Channel.EOFFICE, "eoffice_reference": "   "}, "eoffice_reference", "Bagian ini wajib diisi."),
        ({"channel": Channel.LETTER, "extension": ""}, "scan", "Unggah pindaian surat (PDF)."),
        ({"channel": Channel.LAPOR, "lapor_number": ""}, "lapor_number", "Isi nomor pelacakan LAPOR!."),
        ({"channel": Channel.LAPOR, "lapor_number": "#"}, "lapor_number", "Isi nomor pelacakan LAPOR!."),
        ({"channel": Channel.LAPOR, "lapor_number": "LAPOR-12"}, "lapor_number", "berupa 6–12 angka"),
        ({"channel": Channel.LAPOR, "lapor_number": "12345"}, "lapor_number", "berupa 6–12 angka"),
        ({"received_at": "2025-11-03T11:00"}, "received_at", "Waktu diterima tidak boleh di masa depan."),
        ({"received_at": "2025-10-02T09:59"}, "received_at", "Waktu diterima paling lama 31 hari yang lalu."),
        ({"text": "  "}, "text", REQUIRED),
        ({"text": "x" * (TEXT_MAX_LENGTH + 1)}, "text", f"paling banyak {TEXT_MAX_LENGTH} karakter"),
        ({"channel": Channel.WEB}, "channel", "web"),
        ({"kind": "pujian"}, "kind", "pujian"),
        ({"phone": "12"}, "phone", "Nomor telepon tidak valid."),
        ({"email": "bukan e-mail"}, "email", "alamat email yang valid"),
        ({"eoffice_reference": "e" * 101, "channel": Channel.EOFFICE}, "eoffice_reference", "paling banyak 100"),
    ],
)
def test_bad_staff_input_is_refused_with_a_message_on_its_field(monday, overrides, field, message):
    assert message in errors_of(StaffComplaintForm(staff(**overrides)), field)


def test_the_received_time_may_go_back_31_days_and_no_further(monday):
    local = timezone.localtime(MONDAY - timedelta(days=31))
    form = StaffComplaintForm(staff(received_at=f"{local:%Y-%m-%dT%H:%M}"))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("kind", ["not_pdf", "encrypted", "broken"])
def test_a_scan_that_is_not_a_readable_pdf_is_refused_by_name(monday, kind):
    scan = bad_scan(kind)
    form = StaffComplaintForm(staff(channel=Channel.LETTER, extension=""), {"scan": scan})
    assert scan.name in errors_of(form, "scan")


def test_a_scan_is_checked_whatever_the_channel(monday):
    form = StaffComplaintForm(staff(), {"scan": SimpleUploadedFile("surat.pdf", b"<html>bukan pdf</html>")})
    assert "bukan PDF" in errors_of(form, "scan")


# --- the steps' forms -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form_class", "field", "max_length"),
    [(AskForm, "text", TEXT_MAX_LENGTH), (ReplyForm, "text", TEXT_MAX_LENGTH),
     (CloseForm, "follow_up", FOLLOW_UP_MAX_LENGTH)],
)
def test_a_question_a_reply_and_a_follow_up_need_text_within_their_length(form_class, field, max_length):
    assert REQUIRED in errors_of(form_class({field: "  \n"}), field)
    assert f"paling banyak {max_length} karakter" in errors_of(form_class({field: "x" * (max_length + 1)}), field)
    form = form_class({field: "  Sudah kami kirim ulang.\n"})
    assert form.is_valid() and form.cleaned_data[field] == "Sudah kami kirim ulang."


def test_rerouting_needs_a_reason_and_another_directorate(db):
    pusat, daerah = directorate("pusat"), directorate("daerah")
    assert REQUIRED in errors_of(RerouteForm({"directorate": daerah.pk, "reason": " "}, exclude=pusat.pk), "reason")
    assert "paling banyak 1000 karakter" in errors_of(
        RerouteForm({"directorate": daerah.pk, "reason": "r" * 1001}, exclude=pusat.pk), "reason")
    assert errors_of(RerouteForm({"directorate": pusat.pk, "reason": "Tentang pemda."}, exclude=pusat.pk),
                     "directorate")
    form = RerouteForm({"directorate": daerah.pk, "reason": " Tentang pemda. "}, exclude=pusat.pk)
    assert form.is_valid() and form.cleaned_data == {"directorate": daerah, "reason": "Tentang pemda."}
