"""The complaints desk through its pages, as a complainant and the desk use it: the web
form signed in or not, the code shown once, the tracking page that never shows who
complained, bad input kept and answered in Indonesian, the staff log form and queues."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.tests.factories import directorate
from complaints import codes, services
from complaints.models import Channel, Complaint, Kind, Status
from consultations.tests.factories import ConsultationFactory
from files.tests.builders import letter_scan
from notifications.models import OutboundEmail

from .conftest import MONDAY_DUE

FILE = reverse("complaints:file")
LOOKUP = reverse("complaints:lookup")


def track_url(code: str) -> str:
    return reverse("complaints:track", kwargs={"code": code})


def shown_code(html: str) -> str:
    match = re.search(r"ADU-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", html)
    assert match, "the tracking code is on the page"
    return match.group(0)


def web_form(**overrides) -> dict:
    return {"kind": Kind.PENGADUAN, "text": "Jawaban konsultasi saya belum datang.",
            "directorate": directorate("pusat").pk, **overrides}


# --- the public form and the code shown once ----------------------------------------


def test_an_anonymous_complaint_shows_its_code_once_then_tracks_without_identity(monday, client):
    filed = client.post(FILE, web_form(name="Siti Rahayu", phone="0812 3456 7890"))
    assert filed.status_code == 302 and filed["Location"] == reverse("complaints:filed")
    page = client.get(reverse("complaints:filed"))
    assert page["Cache-Control"] == "private, no-store" and page["Referrer-Policy"] == "same-origin"
    code = shown_code(page.content.decode())
    # Shown once: a reload sends the complainant to the lookup form instead.
    again = client.get(reverse("complaints:filed"))
    assert again.status_code == 302 and again["Location"] == LOOKUP
    complaint = Complaint.objects.get()
    assert complaint.tracking_digest == codes.digest(code) and code not in complaint.tracking_digest

    html = client.get(track_url(code)).content.decode()
    assert complaint.number in html and "Pengaduan" in html and "Diterima" in html
    assert "10 November 2025" in html  # due at the end of the 5th working day (WIB)
    for identity in ("Siti Rahayu", "0812 3456 7890"):
        assert identity not in html


def test_the_code_is_e_mailed_when_there_is_an_e_mail(monday, client):
    client.post(FILE, web_form(email="warga@example.com"))
    code = shown_code(client.get(reverse("complaints:filed")).content.decode())
    email = OutboundEmail.objects.get(recipient="warga@example.com")
    assert email.template == "complaint-received" and email.context["code"] == code
    assert email.context["tracking_url"].endswith(track_url(code))


def test_a_signed_in_applicant_names_an_own_case_and_it_is_routed_there(monday, client, applicant_a, applicant_b,
                                                                       login):
    own = ConsultationFactory(applicant=applicant_a, directorate=directorate("hukum"))
    theirs = ConsultationFactory(applicant=applicant_b)
    client = login(applicant_a)
    form = client.get(FILE).content.decode()
    assert own.number in form and theirs.number not in form
    # Somebody else's case, posted by hand: refused with a clear message, text kept.
    refused = client.post(FILE, web_form(consultation_number=theirs.number, text="Teks yang saya ketik."))
    html = refused.content.decode()
    assert refused.status_code == 400 and "Teks yang saya ketik." in html
    assert f"Konsultasi {theirs.number} tidak ditemukan di antara konsultasi Anda." in html
    assert not Complaint.objects.exists()
    client.post(FILE, web_form(consultation_number=own.number, directorate=""))
    complaint = Complaint.objects.get()
    assert complaint.consultation == own and complaint.directorate.code == "hukum"
    assert complaint.complainant == applicant_a and complaint.email == applicant_a.email


def test_bad_input_is_answered_in_indonesian_and_keeps_what_was_typed(monday, client):
    empty = client.post(FILE, {"kind": Kind.SARAN, "text": "   ", "name": "Budi", "directorate": ""})
    html = empty.content.decode()
    assert empty.status_code == 400 and "Budi" in html
    assert "Bidang ini tidak boleh kosong." in html  # the form's own message, in Indonesian
    no_directorate = client.post(FILE, {"kind": Kind.SARAN, "text": "Mohon jam layanan diperpanjang."})
    html = no_directorate.content.decode()
    assert no_directorate.status_code == 400 and "Pilih direktorat yang dituju." in html
    assert "Mohon jam layanan diperpanjang." in html
    assert not Complaint.objects.exists()


def test_english_is_offered_when_chosen(monday, client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.post(FILE, {"kind": Kind.SARAN, "text": ""}).content.decode()
    assert 'lang="en"' in html and "This field is required." in html


def test_html_in_the_text_is_shown_as_text_never_run(monday, client, complaint_handler, login):
    client.post(FILE, web_form(text='<script>alert("x")</script><b>tebal</b>'))
    code = shown_code(client.get(reverse("complaints:filed")).content.decode())
    complaint = Complaint.objects.get()
    desk = login(complaint_handler)
    html = desk.get(reverse("complaints:detail", kwargs={"pk": complaint.pk})).content.decode()
    assert '<script>alert("x")</script>' not in html and "&lt;script&gt;" in html
    desk.post(reverse("complaints:take", kwargs={"pk": complaint.pk}))
    desk.post(reverse("complaints:close", kwargs={"pk": complaint.pk}),
              {"tutup-follow_up": "<img src=x onerror=alert(1)> Sudah kami tindak lanjuti."})
    desk.logout()
    html = client.get(track_url(code)).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


# --- tracking by code -----------------------------------------------------------------


def test_unknown_and_malformed_codes_get_the_same_404(monday, client):
    services.file_complaint(kind=Kind.MASUKAN, text="Terima kasih.", directorate=directorate("pusat"))
    unknown = client.get(track_url("ADU-2222-3333-4444-5555"))
    malformed = client.get(track_url("bukan-kode"))
    assert unknown.status_code == malformed.status_code == 404
    message = "Kode pelacakan tidak ditemukan."
    assert message in unknown.content.decode() and message in malformed.content.decode()
    posted = client.post(LOOKUP, {"code": "ADU-2222-3333-4444-5555"})
    assert posted.status_code == 404 and message in posted.content.decode()


def test_the_code_is_forgiving_about_case_and_dashes(monday, client):
    code = services.file_complaint(kind=Kind.MASUKAN, text="Terima kasih.", directorate=directorate("pusat")).code
    sloppy = code.lower().replace("-", " ")
    found = client.post(LOOKUP, {"code": sloppy})
    assert found.status_code == 302 and found["Location"] == track_url(code)


def test_guessing_is_rate_limited_even_for_a_valid_code_afterwards(monday, client, settings):
    settings.COMPLAINT_LOOKUP_FAILURES_MAX = 10
    code = services.file_complaint(kind=Kind.MASUKAN, text="Terima kasih.", directorate=directorate("pusat")).code
    for attempt in range(10):
        assert client.get(track_url(f"ADU-2222-3333-4444-{attempt:04d}")).status_code == 404
    assert client.get(track_url(code)).status_code == 429
    assert client.post(LOOKUP, {"code": code}).status_code == 429


def test_the_complainant_answers_the_handlers_question_on_the_tracking_page(monday, client, complaint_handler, login):
    filed = services.file_complaint(kind=Kind.PENGADUAN, text="Balasan belum ada.", directorate=directorate("pusat"))
    services.take(complaint=filed.complaint, actor=complaint_handler)
    services.ask_complainant(complaint=filed.complaint, text="Nomor konsultasinya berapa?", actor=complaint_handler)
    page = client.get(track_url(filed.code)).content.decode()
    assert "Nomor konsultasinya berapa?" in page and 'name="text"' in page
    empty = client.post(track_url(filed.code), {"text": ""})
    assert empty.status_code == 400
    sent = client.post(track_url(filed.code), {"text": "ADV-2025-000123"})
    assert sent.status_code == 302
    filed.complaint.refresh_from_db()
    assert filed.complaint.status == Status.IN_PROGRESS
    assert "ADV-2025-000123" in client.get(track_url(filed.code)).content.decode()


# --- the staff desk ---------------------------------------------------------------------


def staff_form(**overrides) -> dict:
    return {"channel": Channel.PHONE, "kind": Kind.PENGADUAN, "received_at": "2025-11-03T09:30",
            "text": "Penelepon mengeluhkan jawaban yang belum datang.", "extension": "0308", **overrides}


def test_the_front_desk_logs_a_phone_call_routed_by_the_extension(monday, client, front_desk, login):
    client = login(front_desk)
    logged = client.post(reverse("complaints:log"), staff_form())
    assert logged.status_code == 302 and logged["Location"] == reverse("complaints:filed")
    shown_code(client.get(reverse("complaints:filed")).content.decode())
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.PHONE and complaint.directorate.code == "daerah"
    assert complaint.logged_by == front_desk and complaint.due_at == MONDAY_DUE


def test_a_lapor_number_of_the_wrong_format_is_refused_and_the_form_kept(monday, client, front_desk, login):
    client = login(front_desk)
    refused = client.post(reverse("complaints:log"), staff_form(
        channel=Channel.LAPOR, lapor_number="LAPOR-12", extension="", directorate=directorate("pusat").pk,
        text="Aduan dari LAPOR! tentang jawaban."))
    html = refused.content.decode()
    assert refused.status_code == 400 and "6–12 angka" in html and "Aduan dari LAPOR! tentang jawaban." in html
    assert not Complaint.objects.exists()
    client.post(reverse("complaints:log"), staff_form(
        channel=Channel.LAPOR, lapor_number="#1916449", extension="", directorate=directorate("pusat").pk))
    assert Complaint.objects.get().lapor_number == "1916449"


def test_a_refused_letter_asks_for_its_scan_again_by_name(monday, client, front_desk, login):
    scan = letter_scan()
    refused = login(front_desk).post(reverse("complaints:log"), {
        **staff_form(channel=Channel.LETTER, extension="", directorate=directorate("pusat").pk, text=""), "scan": scan})
    html = refused.content.decode()
    assert refused.status_code == 400 and 'id="pindaian-dipilih-lagi"' in html and scan.name in html


def test_a_letter_needs_its_scan_and_only_its_directorate_may_download_it(monday, client, front_desk,
                                                                          complaint_handler, handler_daerah, login):
    client = login(front_desk)
    missing = client.post(reverse("complaints:log"), staff_form(channel=Channel.LETTER, extension="",
                                                                directorate=directorate("pusat").pk))
    assert missing.status_code == 400 and "Unggah pindaian surat (PDF)." in missing.content.decode()
    scan = letter_scan()
    client.post(reverse("complaints:log"), {**staff_form(channel=Channel.LETTER, extension="",
                                                         directorate=directorate("pusat").pk), "scan": scan})
    complaint = Complaint.objects.get()
    assert complaint.scan and complaint.channel == Channel.LETTER
    url = reverse("complaints:scan", kwargs={"pk": complaint.pk})
    assert login(complaint_handler).get(url).status_code == 200
    assert login(handler_daerah).get(url).status_code == 404


def test_each_directorate_sees_its_own_queue(monday, client, complaint_handler, handler_daerah, login):
    pusat = services.file_complaint(kind=Kind.PENGADUAN, text="Untuk Pusat.", directorate=directorate("pusat"))
    daerah = services.file_complaint(kind=Kind.SARAN, text="Untuk Daerah.", directorate=directorate("daerah"))
    desk = login(handler_daerah)
    html = desk.get(reverse("complaints:queue")).content.decode()
    assert daerah.complaint.number in html and pusat.complaint.number not in html
    assert desk.get(reverse("complaints:detail", kwargs={"pk": pusat.complaint.pk})).status_code == 404
    assert desk.post(reverse("complaints:take", kwargs={"pk": pusat.complaint.pk})).status_code == 404


def test_the_handler_takes_and_closes_and_the_complainant_is_told(monday, client, complaint_handler, login):
    filed = services.file_complaint(kind=Kind.KEBERATAN, text="Saya keberatan atas jawaban.",
                                    directorate=directorate("pusat"), email="warga@example.com")
    desk = login(complaint_handler)
    detail = reverse("complaints:detail", kwargs={"pk": filed.complaint.pk})
    desk.post(reverse("complaints:take", kwargs={"pk": filed.complaint.pk}))
    empty = desk.post(reverse("complaints:close", kwargs={"pk": filed.complaint.pk}), {"tutup-follow_up": ""})
    assert empty.status_code == 400
    closed = desk.post(reverse("complaints:close", kwargs={"pk": filed.complaint.pk}),
                       {"tutup-follow_up": "Jawaban telah kami tinjau ulang dan kirim kembali."})
    assert closed.status_code == 302 and closed["Location"] == detail
    filed.complaint.refresh_from_db()
    assert filed.complaint.status == Status.CLOSED and filed.complaint.completed_on_time
    assert OutboundEmail.objects.filter(recipient="warga@example.com").count() == 2  # received, then closed
    html = client.get(track_url(filed.code)).content.decode()
    assert "Jawaban telah kami tinjau ulang" in html and complaint_handler.full_name not in html


def test_a_director_reads_the_queue_but_cannot_act(monday, client, director_pusat, login):
    filed = services.file_complaint(kind=Kind.PENGADUAN, text="Untuk Pusat.", directorate=directorate("pusat"))
    desk = login(director_pusat)
    assert filed.complaint.number in desk.get(reverse("complaints:queue")).content.decode()
    detail = desk.get(reverse("complaints:detail", kwargs={"pk": filed.complaint.pk})).content.decode()
    assert reverse("complaints:take", kwargs={"pk": filed.complaint.pk}) not in detail
    assert desk.post(reverse("complaints:take", kwargs={"pk": filed.complaint.pk})).status_code == 403


# --- the public how-to page ----------------------------------------------------------------


def test_the_public_page_lists_every_channel_of_the_standard_and_the_monthly_counts(monday, client):
    services.file_complaint(kind=Kind.SARAN, text="Perpanjang jam layanan.", directorate=directorate("pusat"))
    html = client.get(reverse("pages:complaints")).content.decode()
    for needle in ("0305", "0308", "0311", "(021) 29912450", "eoffice.lkpp.go.id/persuratan", "lapor.go.id", FILE,
                   LOOKUP):
        assert needle in html, needle
    assert "November 2025" in html


@pytest.mark.parametrize("path", [FILE, LOOKUP])
def test_the_public_forms_open_for_everyone(db, client, path):
    assert client.get(path).status_code == 200


# --- a signed-in complainant's own complaints ---------------------------------------------


def test_a_signed_in_complainant_finds_and_answers_their_own_complaints_only(monday, client, applicant_a,
                                                                             applicant_b, complaint_handler, login):
    own = services.file_complaint(kind=Kind.PENGADUAN, text="Milik saya.", directorate=directorate("pusat"),
                                  complainant=applicant_a).complaint
    other = services.file_complaint(kind=Kind.SARAN, text="Milik orang lain.", directorate=directorate("pusat"),
                                    complainant=applicant_b).complaint
    anonymous = services.file_complaint(kind=Kind.SARAN, text="Tanpa nama.", directorate=directorate("pusat")).complaint
    services.take(complaint=own, actor=complaint_handler)
    services.ask_complainant(complaint=own, text="Kapan Anda mengirimnya?", actor=complaint_handler)
    client = login(applicant_a)
    html = client.get(reverse("complaints:mine")).content.decode()
    assert own.number in html and other.number not in html and anonymous.number not in html
    url = reverse("complaints:own", kwargs={"pk": own.pk})
    page = client.get(url)
    assert page.status_code == 200 and "Kapan Anda mengirimnya?" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert client.post(url, {"text": "Tanggal 1 November."})["Location"] == url
    own.refresh_from_db()
    assert own.status == Status.IN_PROGRESS
    for pk in (other.pk, anonymous.pk, 999_999):
        assert client.get(reverse("complaints:own", kwargs={"pk": pk})).status_code == 404
        assert client.post(reverse("complaints:own", kwargs={"pk": pk}), {"text": "x"}).status_code == 404
