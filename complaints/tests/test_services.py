"""The complaints desk as SPEC.md and SK 234/2024 read: every channel in, routed to one
directorate, due at the end of the 5th working day after receipt, followed up by the
directorate's Pengelola Pengaduan, the complainant told; bad input refused clearly."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import directorate
from complaints import codes, services
from complaints.models import Channel, Complaint, ComplaintEvent, EventType, Kind, Status
from consultations.tests.factories import ConsultationFactory
from core.time import WIB
from files.checks import validate_letter_scan
from files.tests.builders import letter_scan
from notifications.models import Notice, OutboundEmail

from .conftest import MONDAY, MONDAY_DUE


def file(**overrides):
    fields = {"kind": Kind.PENGADUAN, "text": "Jawaban atas konsultasi saya belum datang.", "directorate": directorate("pusat")}
    return services.file_complaint(**(fields | overrides))


# --- intake and the deadline -------------------------------------------------------


def test_an_anonymous_web_complaint_is_due_at_the_end_of_the_fifth_working_day(monday, complaint_handler):
    filed = file()
    complaint = filed.complaint
    assert complaint.received_at == MONDAY and complaint.clock_started_at == MONDAY
    assert complaint.due_at == MONDAY_DUE
    assert complaint.is_anonymous and complaint.channel == Channel.WEB and complaint.status == Status.RECEIVED
    # The code is given out once; the database holds only its digest.
    assert codes.normalize(filed.code) and filed.code not in complaint.tracking_digest
    assert services.find_by_code(filed.code) == complaint
    assert services.find_by_code(filed.code.lower().replace("-", " ")) == complaint
    assert [e.type for e in complaint.events.all()] == [EventType.FILED]
    # Nobody to e-mail; the directorate's handler is told.
    assert not OutboundEmail.objects.filter(template="complaint-received").exists()
    assert Notice.objects.filter(recipient=complaint_handler, kind="complaint_new").count() == 1


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Christmas and its joint holiday, then New Year's Day, are skipped.
        (datetime(2025, 12, 23, 10, 0, tzinfo=WIB), datetime(2026, 1, 2, 23, 59, 59, tzinfo=WIB)),
        # Received on a Saturday: counted from the last working day before it (24 Dec).
        (datetime(2025, 12, 27, 9, 0, tzinfo=WIB), datetime(2026, 1, 5, 23, 59, 59, tzinfo=WIB)),
    ],
)
def test_the_deadline_follows_the_holiday_calendar(holidays, received, due):
    with time_machine.travel(received, tick=False):
        assert file().complaint.due_at == due


def test_a_signed_in_applicant_names_their_own_case_and_it_routes_the_complaint(monday, applicant_a):
    case = ConsultationFactory(applicant=applicant_a, directorate=directorate("hukum"))
    filed = file(complainant=applicant_a, consultation_number=case.number, directorate=None)
    assert filed.complaint.consultation == case and filed.complaint.directorate.code == "hukum"
    email = OutboundEmail.objects.get(template="complaint-received")
    assert email.recipient == applicant_a.email and email.context["code"] == filed.code


def test_a_case_that_is_not_the_complainants_is_refused_like_one_that_does_not_exist(monday, applicant_a, applicant_b):
    theirs = ConsultationFactory(applicant=applicant_b)
    for number in (theirs.number, "WEB-2099-99999"):
        with pytest.raises(ValidationError) as excinfo:
            file(complainant=applicant_a, consultation_number=number)
        assert "tidak ditemukan di antara konsultasi Anda" in excinfo.value.message_dict["consultation_number"][0]
    with pytest.raises(ValidationError) as excinfo:
        file(consultation_number=theirs.number)  # not signed in: cannot claim any case
    assert "Masuk ke akun Anda" in excinfo.value.message_dict["consultation_number"][0]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n "])
def test_empty_text_is_refused(monday, text):
    with pytest.raises(ValidationError) as excinfo:
        file(text=text)
    assert excinfo.value.message_dict["text"] == ["Bagian ini wajib diisi."]


def test_html_is_kept_as_text(monday):
    complaint = file(text="<script>alert(1)</script> <b>tebal</b>").complaint
    assert complaint.text == "<script>alert(1)</script> <b>tebal</b>"  # escaped where shown


def test_a_web_complaint_without_case_or_directorate_asks_for_the_directorate(monday):
    with pytest.raises(ValidationError) as excinfo:
        file(directorate=None)
    assert "directorate" in excinfo.value.message_dict


# --- what staff log -------------------------------------------------------------------


def log(actor, **overrides):
    fields = {"channel": Channel.PHONE, "kind": Kind.SARAN, "text": "Mohon jam layanan telepon diperpanjang.",
              "extension": "0308"}
    return services.log_complaint(actor=actor, **(fields | overrides))


def test_a_call_is_routed_by_the_extension_called(monday, front_desk, handler_daerah):
    complaint = log(front_desk).complaint
    assert complaint.directorate.code == "daerah" and complaint.extension == "0308"
    assert complaint.logged_by == front_desk and complaint.channel == Channel.PHONE
    assert Notice.objects.filter(recipient=handler_daerah, kind="complaint_new").exists()


def test_a_call_logged_later_counts_from_when_it_came_in(monday, front_desk):
    friday = MONDAY - timedelta(days=3)
    complaint = log(front_desk, received_at=friday).complaint
    assert complaint.due_at == datetime(2025, 11, 7, 23, 59, 59, tzinfo=WIB)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"extension": ""}, "extension", "0305, 0308 atau 0311"),
        ({"channel": Channel.EOFFICE, "extension": "", "directorate": None}, "eoffice_reference", "wajib"),
        ({"channel": Channel.LETTER, "extension": ""}, "scan", "pindaian"),
        ({"channel": Channel.LAPOR, "lapor_ref": ""}, "lapor_number", "Isi nomor"),
        ({"channel": Channel.LAPOR, "lapor_ref": "LAPOR-12"}, "lapor_number", "6–12 angka"),
        ({"received_at": MONDAY + timedelta(hours=1)}, "received_at", "masa depan"),
        ({"text": ""}, "text", "wajib"),
        ({"consultation_number": "WEB-2099-99999"}, "consultation_number", "tidak ditemukan"),
    ],
)
def test_bad_staff_input_is_refused_with_a_message_on_its_field(monday, front_desk, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        log(front_desk, **overrides)
    assert message in " ".join(excinfo.value.message_dict[field])
    assert not Complaint.objects.exists()


def test_lapor_eoffice_and_letter_keep_their_references(monday, front_desk, pusat):
    lapor = log(front_desk, channel=Channel.LAPOR, lapor_ref=" #1916449 ", directorate=pusat).complaint
    assert lapor.lapor_number == "1916449"
    eoffice = log(front_desk, channel=Channel.EOFFICE, eoffice_reference="ND-123/D.1/2025", directorate=pusat).complaint
    assert eoffice.eoffice_reference == "ND-123/D.1/2025" and eoffice.extension == ""
    letter = log(front_desk, channel=Channel.LETTER, scan=validate_letter_scan(letter_scan()), directorate=pusat)
    assert letter.complaint.scan.name.startswith("complaints/") and letter.complaint.scan_name == "surat-permohonan.pdf"
    assert letter.complaint.scan.read().startswith(b"%PDF")


def test_only_the_desk_logs(monday, applicant_a, staff):
    for user in (applicant_a, staff):
        with pytest.raises(PermissionDenied):
            log(user)


# --- following up ---------------------------------------------------------------------


@pytest.fixture
def with_email(monday, complaint_handler):
    return file(email="warga@contoh.id", name="Warga").complaint


def test_take_ask_reply_close_and_the_complainant_is_told(with_email, complaint_handler):
    complaint = with_email
    services.take(complaint=complaint, actor=complaint_handler)
    assert complaint.status == Status.IN_PROGRESS and complaint.handler == complaint_handler
    with pytest.raises(ValidationError):
        services.take(complaint=complaint, actor=complaint_handler)
    services.ask_complainant(complaint=complaint, text="Kapan konsultasi dikirim?", actor=complaint_handler)
    assert complaint.status == Status.WAITING
    asked = OutboundEmail.objects.get(template="complaint-asked")
    assert asked.recipient == "warga@contoh.id" and asked.context["question"] == "Kapan konsultasi dikirim?"
    code = OutboundEmail.objects.get(template="complaint-received").context["code"]
    services.reply(complaint=services.find_by_code(code), text="Tanggal 1 November.")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert Notice.objects.filter(recipient=complaint_handler, kind="complaint_replied").exists()
    with pytest.raises(ValidationError):
        services.reply(complaint=services.find_by_code(code), text="Lagi.")  # nobody is waiting
    services.close(complaint=complaint, follow_up="Jawaban sudah dikirim ulang.", actor=complaint_handler)
    assert complaint.status == Status.CLOSED and complaint.completed_on_time is True and complaint.breached_at is None
    closed = OutboundEmail.objects.get(template="complaint-closed")
    assert closed.context["follow_up"] == "Jawaban sudah dikirim ulang."
    assert [e.type for e in ComplaintEvent.objects.filter(complaint=complaint)] == [
        EventType.FILED, EventType.TAKEN, EventType.ASKED, EventType.REPLIED, EventType.CLOSED,
    ]
    with pytest.raises(ValidationError):
        services.close(complaint=complaint, follow_up="Sekali lagi.", actor=complaint_handler)


def test_a_follow_up_needs_text(with_email, complaint_handler):
    with pytest.raises(ValidationError) as excinfo:
        services.close(complaint=with_email, follow_up="  ", actor=complaint_handler)
    assert "follow_up" in excinfo.value.message_dict


def test_only_a_handler_of_the_directorate_acts(with_email, handler_daerah, director_pusat, staff):
    for user in (handler_daerah, director_pusat, staff):
        with pytest.raises(PermissionDenied):
            services.take(complaint=with_email, actor=user)


def test_reroute_keeps_the_deadline(with_email, complaint_handler, handler_daerah):
    services.reroute(complaint=with_email, directorate=directorate("daerah"), reason="Tentang pemda.",
                     actor=complaint_handler)
    assert with_email.directorate.code == "daerah" and with_email.due_at == MONDAY_DUE
    assert Notice.objects.filter(recipient=handler_daerah, kind="complaint_new").exists()
    with pytest.raises(PermissionDenied):
        services.take(complaint=with_email, actor=complaint_handler)
    services.take(complaint=with_email, actor=handler_daerah)


# --- the sweep ---------------------------------------------------------------------------


def test_the_sweep_reminds_then_escalates_a_breach_to_the_director_without_credit(
    monday, complaint_handler, director_pusat
):
    from complaints.sweep import sweep_complaints
    from consultations.models import PriorityCredit

    complaint = file().complaint
    assert sweep_complaints().at_risk == 0
    # Friday 7 Nov: one working day left (Monday 10 Nov is the last).
    monday.move_to(datetime(2025, 11, 7, 9, 0, tzinfo=WIB))
    assert sweep_complaints().at_risk == 1 and sweep_complaints().at_risk == 0
    assert Notice.objects.filter(recipient=complaint_handler, kind="complaint_at_risk").count() == 1
    monday.move_to(datetime(2025, 11, 11, 0, 0, 1, tzinfo=WIB))
    report = sweep_complaints()
    assert report.breached == 1 and sweep_complaints().breached == 0
    complaint.refresh_from_db()
    assert complaint.breached_at is not None
    assert Notice.objects.filter(recipient=director_pusat, kind="complaint_breached").count() == 1
    assert OutboundEmail.objects.filter(template="complaint-staff", recipient=director_pusat.email).exists()
    assert not PriorityCredit.objects.exists()
    services.close(complaint=complaint, follow_up="Maaf terlambat.", actor=complaint_handler)
    assert complaint.completed_on_time is False and complaint.breached_at is not None


def test_a_late_close_before_any_sweep_records_the_breach(monday, complaint_handler):
    complaint = file().complaint
    monday.move_to(datetime(2025, 11, 12, 9, 0, tzinfo=WIB))
    services.close(complaint=complaint, follow_up="Terlambat.", actor=complaint_handler)
    assert complaint.completed_on_time is False and complaint.breached_at is not None


def test_the_first_e_mail_speaks_the_complainants_language(monday):
    from notifications.rendering import render_email

    file(email="visitor@example.com", language="en", kind=Kind.SARAN)
    row = OutboundEmail.objects.get(recipient="visitor@example.com")
    subject, text, _html = render_email(row.template, row.context, row.language)
    assert "Suggestion" in subject and "Directorate" in text and row.context["code"] in text
    assert "Direktorat Advokasi" not in text
