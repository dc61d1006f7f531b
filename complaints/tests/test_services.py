"""The complaints desk as SPEC.md and SK 234/2024 read: every channel in, routed to one
directorate, due at the end of the 5th working day after receipt, followed up by the
directorate's Pengelola Pengaduan, the complainant told. The services take typed values
(the forms' field checks are in test_complaint_forms); here: who acts, the complaint's
state, the case a complaint names and where it is routed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import directorate
from complaints import codes, selectors, services
from complaints.models import Channel, Complaint, ComplaintEvent, EventType, Kind, Status
from consultations.tests.factories import ConsultationFactory
from core.time import WIB
from files.checks import CheckedFile, validate_letter_scan
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
    assert selectors.find_by_code(code=filed.code) == complaint
    assert selectors.find_by_code(code=filed.code.lower().replace("-", " ")) == complaint
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


def test_the_contact_is_kept_as_the_form_hands_it_and_a_signed_in_applicant_fills_the_gaps(monday, applicant_a):
    anonymous = file(name="Siti Rahayu", email="siti@contoh.id", phone="+6281234567890", language="en").complaint
    assert (anonymous.name, anonymous.email, anonymous.phone) == ("Siti Rahayu", "siti@contoh.id", "+6281234567890")
    assert anonymous.language == "en" and not anonymous.is_anonymous
    own = file(complainant=applicant_a).complaint
    assert own.complainant == applicant_a
    assert (own.name, own.email) == (applicant_a.full_name, applicant_a.email)


def test_staff_filing_on_the_web_form_is_not_the_complainant(monday, front_desk):
    complaint = file(complainant=front_desk).complaint
    assert complaint.complainant is None and complaint.is_anonymous


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
        ({"consultation_number": "WEB-2099-99999"}, "consultation_number", "Konsultasi WEB-2099-99999 tidak ditemukan."),
        ({"channel": Channel.LAPOR, "extension": "", "lapor_number": "1916449"}, "directorate",
         "Pilih direktorat yang dituju."),
    ],
)
def test_what_the_rows_decide_is_refused_with_a_message_on_its_field(monday, front_desk, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        log(front_desk, **overrides)
    assert excinfo.value.message_dict[field] == [message]
    assert not Complaint.objects.exists()


def test_staff_may_name_anybodys_case_and_it_routes_the_complaint(monday, front_desk, applicant_b):
    case = ConsultationFactory(applicant=applicant_b, directorate=directorate("hukum"))
    complaint = log(front_desk, consultation_number=case.number).complaint
    assert complaint.consultation == case and complaint.directorate.code == "hukum"  # not ext 0308's


def test_lapor_eoffice_and_letter_keep_their_references(monday, front_desk, pusat):
    lapor = log(front_desk, channel=Channel.LAPOR, extension="", lapor_number="1916449", directorate=pusat).complaint
    assert lapor.lapor_number == "1916449" and lapor.directorate == pusat
    eoffice = log(front_desk, channel=Channel.EOFFICE, extension="", eoffice_reference="ND-123/D.1/2025",
                  directorate=pusat).complaint
    assert eoffice.eoffice_reference == "ND-123/D.1/2025" and eoffice.extension == ""
    letter = log(front_desk, channel=Channel.LETTER, extension="", scan=validate_letter_scan(letter_scan()),
                 directorate=pusat)
    assert letter.complaint.scan.name.startswith("complaints/") and letter.complaint.scan_name == "surat-permohonan.pdf"
    assert letter.complaint.scan.read().startswith(b"%PDF")


def test_the_scan_is_stored_as_the_form_checked_it_not_checked_again(monday, front_desk, pusat):
    from django.core.files.base import ContentFile

    # What the form's validate_letter_scan handed over is trusted: the service stores it.
    handed = CheckedFile(file=ContentFile(b"%PDF-1.4 as checked"), name="surat.pdf", size=19,
                         content_type="application/pdf")
    letter = log(front_desk, channel=Channel.LETTER, extension="", scan=handed, directorate=pusat).complaint
    assert letter.scan_name == "surat.pdf" and letter.scan.read() == b"%PDF-1.4 as checked"


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
    services.reply(complaint=selectors.find_by_code(code=code), text="Tanggal 1 November.")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert Notice.objects.filter(recipient=complaint_handler, kind="complaint_replied").exists()
    with pytest.raises(ValidationError):
        services.reply(complaint=selectors.find_by_code(code=code), text="Lagi.")  # nobody is waiting
    services.close(complaint=complaint, follow_up="Jawaban sudah dikirim ulang.", actor=complaint_handler)
    assert complaint.status == Status.CLOSED and complaint.completed_on_time is True and complaint.breached_at is None
    closed = OutboundEmail.objects.get(template="complaint-closed")
    assert closed.context["follow_up"] == "Jawaban sudah dikirim ulang."
    assert [e.type for e in ComplaintEvent.objects.filter(complaint=complaint)] == [
        EventType.FILED, EventType.TAKEN, EventType.ASKED, EventType.REPLIED, EventType.CLOSED,
    ]
    with pytest.raises(ValidationError):
        services.close(complaint=complaint, follow_up="Sekali lagi.", actor=complaint_handler)


def test_only_a_handler_of_the_directorate_acts(with_email, handler_daerah, director_pusat, staff):
    for user in (handler_daerah, director_pusat, staff):
        with pytest.raises(PermissionDenied):
            services.take(complaint=with_email, actor=user)


def test_reroute_keeps_the_deadline(with_email, complaint_handler, handler_daerah):
    services.reroute(complaint=with_email, directorate=directorate("daerah"), reason="Tentang pemda.",
                     actor=complaint_handler)
    assert with_email.directorate.code == "daerah" and with_email.due_at == MONDAY_DUE
    assert Notice.objects.filter(recipient=handler_daerah, kind="complaint_rerouted").exists()
    with pytest.raises(PermissionDenied):
        services.take(complaint=with_email, actor=complaint_handler)
    services.take(complaint=with_email, actor=handler_daerah)


def test_a_complaint_is_not_rerouted_to_its_own_directorate(with_email, complaint_handler):
    # The form offers only the others; the row may have moved since the page was drawn.
    with pytest.raises(ValidationError) as excinfo:
        services.reroute(complaint=with_email, directorate=directorate("pusat"), reason="Salah pilih.",
                         actor=complaint_handler)
    assert excinfo.value.message_dict["directorate"] == ["Pilih direktorat lain."]
    assert with_email.events.count() == 1


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
