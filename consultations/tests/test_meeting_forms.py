"""The online-meeting channel's forms check every field rule once and hand the services
typed values (the services check the case's state, the team and permission): the
invitation (a letter's fields and the PIC's), the schedule, its cancellation, the
messages with the PIC and the report."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.utils.datastructures import MultiValueDict

from consultations.channels.daring.forms import (
    CancelMeetingForm,
    ConfirmMeetingForm,
    PicMessageForm,
    ReportForm,
    RescheduleForm,
)
from consultations.channels.surat.forms import InvitationRegisterForm, InvitationUploadForm
from consultations.models import CancelledBy, LetterSource
from core.time import WIB
from files.checks import CheckedFile
from files.tests.builders import letter_scan

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)  # a Monday


@pytest.fixture(autouse=True)
def monday(holidays):
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def errors(form) -> dict[str, str]:
    assert not form.is_valid()
    return {name: " ".join(messages) for name, messages in form.errors.items()}


# --- the invitation ------------------------------------------------------------------------


def invitation(**overrides) -> dict:
    data = {
        "source": "eoffice", "eoffice_reference": "EO-1", "addressee": "direktur_pusat",
        "sender_kind": "institution", "sender_name": "Dr. Rina", "institution_name": "Kementerian Perhubungan",
        "letter_number": "UND-77/2026", "letter_date": "2026-10-30", "subject": "Rapat penyesuaian harga",
        "pic_name": " Dewi Lestari ", "pic_phone": "0812 1111 2222", "pic_email": "dewi.pic@kemenhub.go.id",
        "slot_1": "2026-11-05T13:00", "slot_2": "2026-11-04T10:00", "platform": "Zoom", "link": "https://zoom.us/j/123",
    }
    data.update(overrides)
    return data


def invitation_form(data=None, form=InvitationRegisterForm):
    return form(data if data is not None else invitation(), MultiValueDict({"scan": [letter_scan()]}))


def test_an_invitation_hands_the_service_typed_values():
    form = invitation_form()
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["source"] is LetterSource.EOFFICE and isinstance(data["scan"], CheckedFile)
    assert (data["pic_name"], data["pic_phone"]) == ("Dewi Lestari", "+6281211112222")
    assert form.proposed_slots() == [datetime(2026, 11, 4, 10, 0, tzinfo=WIB), datetime(2026, 11, 5, 13, 0, tzinfo=WIB)]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"link": "ftp://zoom.us/j/1"}, "link", "Tautan rapat harus alamat web yang diawali http:// atau https://."),
        ({"link": "javascript:alert(1)"}, "link", "Tautan rapat harus alamat web yang diawali http:// atau https://."),
        ({"pic_email": "bukan-email"}, "pic_email", "Alamat e-mail PIC tidak valid."),
        ({"pic_email": ""}, "pic_email", "Isi alamat e-mail PIC."),
        ({"pic_phone": "123"}, "pic_phone", "nomor"),
        ({"slot_2": "2026-11-01T10:00"}, "slot_2", "Waktu yang diusulkan sudah lewat: 01-11-2026 10:00."),
        ({"addressee": "kepala"}, "addressee", "Undangan rapat daring ditujukan kepada salah satu dari tiga Direktur."),
        ({"letter_date": "2026-11-03"}, "letter_date", "Tanggal surat tidak boleh setelah hari ini."),
        ({"institution_name": ""}, "institution_name", "Isi nama instansi atau badan hukum pengirim."),
    ],
)
@pytest.mark.parametrize("form", [InvitationRegisterForm, InvitationUploadForm], ids=["register", "upload"])
def test_bad_invitation_input_names_the_field(overrides, field, message, form):
    said = errors(invitation_form(invitation(**overrides), form=form))
    assert set(said) == {field} and message in said[field]


def test_an_invitation_may_leave_the_times_and_the_link_open():
    form = invitation_form(invitation(slot_1="", slot_2="", link="", platform=""))
    assert form.is_valid(), form.errors
    assert form.proposed_slots() == [] and form.cleaned_data["link"] == ""


# --- the schedule ----------------------------------------------------------------------------


def schedule(**overrides) -> dict:
    data = {"day": "2026-11-04", "starts": "10:00", "ends": "11:00", "platform": "Zoom",
            "link": "https://zoom.us/j/123", "team": ["1"]}
    data.update(overrides)
    return {f"jadwal-{k}": v for k, v in data.items()}


def confirm_form(data, candidates=None):
    return ConfirmMeetingForm(data, prefix="jadwal", candidates=candidates or [])


def test_a_schedule_hands_the_service_its_moments(member):
    form = confirm_form(schedule(team=[str(member.pk)]), [member])
    assert form.is_valid(), form.errors
    assert (form.moment("starts"), form.moment("ends")) == (
        datetime(2026, 11, 4, 10, 0, tzinfo=WIB), datetime(2026, 11, 4, 11, 0, tzinfo=WIB))
    assert form.members() == [member]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"link": "zoom.us/j/1"}, "link", "diawali http:// atau https://"),
        ({"day": "2026-11-02", "starts": "08:00", "ends": "08:30"}, "starts",
         "Waktu rapat sudah lewat; pilih waktu yang akan datang."),
        ({"ends": "10:00"}, "ends", "Jam selesai harus setelah jam mulai."),
        ({"ends": "09:00"}, "ends", "Jam selesai harus setelah jam mulai."),
        ({"starts": "19:00", "ends": "20:00"}, "outside_hours_ok", "di luar jam kerja LKPP"),
        ({"day": "2026-11-07"}, "outside_hours_ok", "di luar jam kerja LKPP"),  # a Saturday
        ({"day": "2026-12-25"}, "outside_hours_ok", "di luar jam kerja LKPP"),  # Christmas
        ({"starts": ""}, "starts", ""),
    ],
)
def test_bad_schedules_name_the_field(member, overrides, field, message):
    said = errors(confirm_form(schedule(team=[str(member.pk)], **overrides), [member]))
    assert set(said) == {field} and message in said[field]


def test_a_meeting_outside_office_hours_passes_once_confirmed(member):
    data = schedule(team=[str(member.pk)], starts="19:00", ends="20:00") | {"jadwal-outside_hours_ok": "on"}
    assert confirm_form(data, [member]).is_valid()
    # A time already past is past, confirmed or not.
    late = schedule(team=[str(member.pk)], day="2026-11-01", starts="19:00", ends="20:00")
    assert "starts" in errors(confirm_form(late | {"jadwal-outside_hours_ok": "on"}, [member]))


def test_the_team_is_chosen_among_the_candidates(member, lead):
    said = errors(confirm_form(schedule(team=[]), [member]))
    assert said == {"team": "Pilih paling sedikit satu anggota tim LKPP."}
    assert "team" in errors(confirm_form(schedule(team=[str(lead.pk)]), [member]))


def test_a_reschedule_says_why_and_checks_the_times():
    data = {k.replace("jadwal-", "ubah-"): v for k, v in schedule().items() if k != "jadwal-team"}
    assert RescheduleForm(data | {"ubah-reason": "PIC berhalangan."}, prefix="ubah").is_valid()
    said = errors(RescheduleForm(data | {"ubah-reason": " ", "ubah-ends": "09:30"}, prefix="ubah"))
    assert set(said) == {"reason", "ends"} and said["reason"] == "Tulis alasan perubahan jadwal."
    assert "reason" in errors(RescheduleForm(data | {"ubah-reason": "x" * 501}, prefix="ubah"))


# --- the cancellation ---------------------------------------------------------------------------


def cancel_form(closing_only=False, **overrides):
    data = {"cancelled_by": "pic", "reason": "  PIC berhalangan.  ", "then": "reschedule"}
    data.update(overrides)
    return CancelMeetingForm({f"batal-{k}": v for k, v in data.items()}, prefix="batal", closing_only=closing_only)


def test_a_cancellation_hands_the_service_who_and_why():
    form = cancel_form()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cancelled_by"] is CancelledBy.PIC and form.cleaned_data["reason"] == "PIC berhalangan."
    assert not form.closes
    closing = cancel_form(then="close")
    assert closing.is_valid() and closing.closes


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"cancelled_by": "tamu"}, "cancelled_by", "Pilih siapa yang membatalkan rapat: pemohon/PIC atau LKPP."),
        ({"cancelled_by": ""}, "cancelled_by", "Pilih siapa yang membatalkan rapat."),
        ({"reason": "  "}, "reason", "Tulis alasan pembatalan."),
        ({"reason": "x" * 501}, "reason", "500"),
        ({"then": "lupakan"}, "then", ""),
    ],
)
def test_bad_cancellations_name_the_field(overrides, field, message):
    said = errors(cancel_form(**overrides))
    assert set(said) == {field} and message in said[field]


def test_once_cancelled_only_closing_is_left():
    form = cancel_form(closing_only=True, then="reschedule")
    assert "then" in errors(form)
    closing = cancel_form(closing_only=True, then="close")
    assert closing.is_valid() and closing.closes


# --- messages and the report ---------------------------------------------------------------------


def test_a_message_to_the_pic_is_written_and_not_too_long():
    assert PicMessageForm({"pic-body": " Apakah Rabu sesuai? "}, prefix="pic").is_valid()
    assert errors(PicMessageForm({"pic-body": " "}, prefix="pic")) == {"body": "Tulis pesannya."}
    assert "body" in errors(PicMessageForm({"pic-body": "x" * 4001}, prefix="pic"))


def report(**overrides) -> dict:
    data = {"held_on": "2026-11-02", "attendees_lkpp": "Putri", "attendees_applicant": "Dewi", "problem": "Harga.",
            "discussion": "Kontrak.", "kinds": ["rekomendasi", "saran"], "advice": " Ikuti kontrak. ", "follow_ups": ""}
    data.update(overrides)
    return {f"lapor-{k}": v for k, v in data.items()}


def test_a_report_hands_the_service_typed_values():
    form = ReportForm(report(), prefix="lapor")
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["held_on"] == date(2026, 11, 2) and data["kinds"] == ["saran", "rekomendasi"]
    assert data["advice"] == "Ikuti kontrak." and data["follow_ups"] == ""


def test_a_report_is_not_dated_after_today_and_says_everything():
    said = errors(ReportForm(report(held_on="2026-11-03"), prefix="lapor"))
    assert said == {"held_on": "Tanggal rapat tidak boleh setelah hari ini."}
    said = errors(ReportForm(report(problem=" ", kinds=[], advice=""), prefix="lapor"))
    assert set(said) == {"problem", "kinds", "advice"}
    assert "kinds" in errors(ReportForm(report(kinds=["ramalan"]), prefix="lapor"))
