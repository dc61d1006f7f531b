"""The letter channel, as SK 234/2024 reads: registered by the secretariat or uploaded in
the portal, checked item by item, received by the Director (the 15 working days start
there), disposed, drafted, reviewed, approved, issued as a numbered PDF on the
letterhead and e-mailed to the sender."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.surat import answer_letters, drafting
from consultations.channels.surat import selectors as letter_selectors
from consultations.channels.surat import services as letters
from consultations.errors import InvalidTransition, NotAllowed
from consultations.models import (
    AnswerLetter,
    Consultation,
    Disposition,
    EventType,
    IncomingLetter,
    LetterSource,
    OutgoingCounter,
)
from consultations.workflow import Status
from core.pdf import PdfError
from core.time import WIB
from files.checks import validate_letter_scan
from files.tests.builders import checked, letter_scan
from notifications.models import Notice, OutboundEmail
from workdays.deadlines import add_working_days

# A Monday morning in WIB, with the real 2026 calendar loaded.
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def lead_pusat(db):
    return InternalUserFactory(email="ketua.pusat@lkpp.go.id", role=Role.TEAM_LEAD, directorate=directorate("pusat"))


@pytest.fixture
def staff_pusat(db):
    return InternalUserFactory(email="staf.pusat@lkpp.go.id", role=Role.STAFF, directorate=directorate("pusat"))


def scanned(**kwargs):
    """A letter's scan as the form hands it to the services (checked: a ``CheckedFile``)."""
    return validate_letter_scan(letter_scan(**kwargs))


def register(front_desk, **overrides):
    """The service as ``LetterRegisterForm`` calls it: typed, clean values."""
    fields = dict(
        actor=front_desk,
        source=LetterSource.PAPER,
        addressee="direktur_pusat",
        sender_kind="institution",
        sender_name="Dr. Rina Wulandari",
        institution_name="Kementerian Perhubungan",
        letter_number="B-123/KEMENHUB/X/2026",
        letter_date=date(2026, 10, 28),
        subject="Permohonan pendapat atas penyesuaian harga kontrak",
        summary="Kontrak tahun jamak terdampak kenaikan harga aspal.",
        contact_email="rina@dephub.go.id",
        contact_phone="+62213811308",
        scan=scanned(),
    )
    fields.update(overrides)
    return letters.register_letter(**fields)


def pdf_text(content: bytes) -> str:
    """The PDF's text with its line breaks and spacing evened out."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


ALL_ITEMS = ["signed", "letterhead", "stamped_or_esigned"]


def on_desk(front_desk, **overrides):
    case = register(front_desk, **overrides)
    return letters.check_letter(consultation=case, actor=front_desk, ticked=ALL_ITEMS)


def in_hand(front_desk, director, lead, staff):
    """Received, disposed to the lead and on to the staff member."""
    case = on_desk(front_desk)
    letters.receive_letter(consultation=case, actor=director)
    letters.dispose(consultation=case, actor=director, to=lead, ticks=["siapkan_jawaban"], instructions="Siapkan jawaban.")
    letters.dispose(consultation=case, actor=lead, to=staff, ticks=["untuk_ditindaklanjuti"], instructions="Mohon disusun.")
    return case


def approved(case, director, lead, staff, body="Penyesuaian harga dapat dilakukan sesuai kontrak."):
    draft = drafting.write_draft(consultation=case, author=staff, kinds=["pendapat", "saran"], body=body)
    drafting.review_draft(draft=draft, reviewer=lead, decision="approve")
    drafting.review_draft(draft=draft, reviewer=director, decision="approve")
    return draft


# --- registration ---------------------------------------------------------------------


def test_the_secretariat_registers_a_paper_letter_without_starting_any_clock(monday, front_desk):
    case = register(front_desk)

    assert case.channel == "surat" and case.status == Status.REGISTERED
    assert case.clock_started_at is None and case.due_at is None
    assert case.number.startswith("ADV-2026-")
    assert case.directorate.code == "pusat"
    letter = case.letter
    assert (letter.source, letter.registered_by, letter.registered_at) == ("paper", front_desk, MONDAY)
    assert letter.scan.content_type == "application/pdf" and letter.scan.consultation == case
    event = case.events.get()
    assert (event.type, event.actor, event.data["letter_number"]) == (
        EventType.LETTER_REGISTERED, front_desk, "B-123/KEMENHUB/X/2026")


def test_a_sender_without_an_account_gets_the_number_and_an_unguessable_tracking_link(monday, front_desk):
    case = register(front_desk)

    email = OutboundEmail.objects.get(template="letter-registered")
    assert email.recipient == "rina@dephub.go.id"
    url = email.context["tracking_url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert case.number not in url and len(token) >= 32
    # Only the token's digest is stored; the token opens the case, anything else nothing.
    assert IncomingLetter.objects.get().tracking_digest == hashlib.sha256(token.encode()).hexdigest()
    assert letter_selectors.track(token) == case
    assert letter_selectors.track(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert letter_selectors.track(case.number) is None


def test_letters_to_the_head_or_the_deputy_go_where_the_secretariat_routes_them(monday, front_desk):
    # (Routing is required for them: LetterRegisterForm, test_letter_forms.)
    case = register(front_desk, addressee="deputi", directorate=directorate("hukum"))
    assert case.directorate.code == "hukum"
    # A Director's letter goes to their own directorate, whatever was chosen.
    assert register(front_desk, addressee="direktur_daerah", directorate=directorate("hukum")).directorate.code == "daerah"


def test_the_scan_is_stored_as_checked_and_taken_back_if_the_intake_fails(monday, front_desk, _uploads, monkeypatch):
    scan = scanned(name="surat-kemenhub.pdf")
    case = register(front_desk, scan=scan)
    assert (case.letter.scan.original_name, case.letter.scan.size) == ("surat-kemenhub.pdf", scan.size)
    stored = {p for p in _uploads.rglob("*") if p.is_file()}
    assert len(stored) == 1

    def broken(**kwargs):
        raise RuntimeError("numbering failed")

    monkeypatch.setattr(letters, "open_case", broken)
    with pytest.raises(RuntimeError):
        register(front_desk)
    assert {p for p in _uploads.rglob("*") if p.is_file()} == stored  # the second scan is gone again
    assert Consultation.objects.count() == 1


def test_only_the_secretariat_registers(monday, director_pusat, applicant_a):
    for actor in (director_pusat, applicant_a):
        with pytest.raises(NotAllowed):
            register(actor)


def test_an_applicant_uploads_a_signed_letter_in_the_portal(monday, applicant_a):
    case = letters.upload_letter(
        applicant=applicant_a,
        addressee="direktur_daerah",
        sender_kind="person",
        sender_name="Ayu Lestari",
        letter_number="01/AL/2026",
        letter_date=date(2026, 10, 30),
        subject="Sanggah banding yang tidak dijawab",
        scan=scanned(),
    )
    assert case.applicant == applicant_a and case.contact_email == applicant_a.email
    assert case.letter.source == "portal" and case.letter.registered_by == applicant_a
    assert case.directorate.code == "daerah" and case.status == Status.REGISTERED
    # An account follows the case on its own pages: no tracking token.
    assert case.letter.tracking_digest == ""


# --- the checklist --------------------------------------------------------------------


def test_an_incomplete_letter_is_returned_with_the_missing_items_and_no_clock(monday, front_desk, director_pusat):
    case = register(front_desk)
    case = letters.check_letter(consultation=case, actor=front_desk, ticked=["signed"])

    assert case.status == Status.RETURNED and case.clock_started_at is None
    email = OutboundEmail.objects.get(template="letter-returned")
    assert len(email.context["missing"]) == 2 and "kop surat" in email.context["missing"][0]
    with pytest.raises(ValidationError):
        letters.receive_letter(consultation=case, actor=director_pusat)


def test_a_person_needs_no_letterhead(monday, front_desk):
    case = register(front_desk, sender_kind="person", institution_name="")
    assert [item.key for item in letter_selectors.letter_requirements(case.letter)] == ["signed"]
    case = letters.check_letter(consultation=case, actor=front_desk, ticked=["signed"])
    assert case.status == Status.REGISTERED and case.letter.is_complete


def test_a_complete_letter_goes_to_the_directors_desk(monday, front_desk, director_pusat):
    case = on_desk(front_desk)
    assert case.letter.checklist == {"signed": True, "letterhead": True, "stamped_or_esigned": True}
    assert Notice.objects.filter(recipient=director_pusat, kind="case_new").exists()
    with pytest.raises(ValidationError):
        letters.check_letter(consultation=case, actor=front_desk, ticked=ALL_ITEMS)


# --- the Director's desk ----------------------------------------------------------------


def test_receipt_starts_the_fifteen_working_days(monday, front_desk, director_pusat):
    case = on_desk(front_desk)
    received = MONDAY + timedelta(hours=2)
    case = letters.receive_letter(consultation=case, actor=director_pusat, now=received)

    assert case.status == Status.SUBMITTED
    assert case.clock_started_at == received == case.letter.received_at
    assert case.due_at == add_working_days(received, 15)
    assert OutboundEmail.objects.filter(template="letter-received", recipient="rina@dephub.go.id").exists()


def test_receiving_twice_or_by_another_director_changes_nothing(monday, front_desk, director_pusat, director_daerah):
    case = on_desk(front_desk)
    with pytest.raises(NotAllowed):
        letters.receive_letter(consultation=case, actor=director_daerah)
    letters.receive_letter(consultation=case, actor=director_pusat)
    with pytest.raises(ValidationError) as excinfo:
        letters.receive_letter(consultation=case, actor=director_pusat, now=MONDAY + timedelta(days=1))
    assert "sudah diterima" in str(excinfo.value)
    case.refresh_from_db()
    assert case.clock_started_at == MONDAY


def test_no_disposition_before_receipt(monday, front_desk, director_pusat, lead_pusat):
    case = on_desk(front_desk)
    with pytest.raises(ValidationError) as excinfo:
        letters.dispose(consultation=case, actor=director_pusat, to=lead_pusat, ticks=["arsip"])
    assert "belum diterima" in str(excinfo.value)
    assert not Disposition.objects.exists()


def test_the_director_disposes_and_the_team_lead_disposes_further(
    monday, front_desk, director_pusat, lead_pusat, staff_pusat
):
    case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)

    case.refresh_from_db()
    assert case.status == Status.ASSIGNED and case.assignee == staff_pusat
    first, second = Disposition.objects.order_by("id")
    assert (first.from_user, first.to_user, first.ticks) == (director_pusat, lead_pusat, ["siapkan_jawaban"])
    assert (second.from_user, second.to_user) == (lead_pusat, staff_pusat)
    assert Notice.objects.filter(recipient=staff_pusat, kind="case_assigned").exists()
    assert case.events.filter(type=EventType.DISPOSED).count() == 2


def test_a_staff_member_cannot_dispose_and_a_lead_only_to_a_member(
    monday, front_desk, director_pusat, lead_pusat, staff_pusat, director_daerah
):
    case = on_desk(front_desk)
    letters.receive_letter(consultation=case, actor=director_pusat)
    with pytest.raises(ValidationError):  # another directorate's director
        letters.dispose(consultation=case, actor=director_pusat, to=director_daerah, ticks=["arsip"])
    letters.dispose(consultation=case, actor=director_pusat, to=staff_pusat, ticks=["untuk_diketahui"])
    with pytest.raises(NotAllowed):
        letters.dispose(consultation=case, actor=staff_pusat, to=lead_pusat, ticks=["arsip"])


def test_the_internal_target_is_not_past_the_cases_deadline(monday, front_desk, director_pusat, lead_pusat):
    case = on_desk(front_desk)
    case = letters.receive_letter(consultation=case, actor=director_pusat)
    deadline = case.due_at.astimezone(WIB).date()
    with pytest.raises(ValidationError) as excinfo:
        letters.dispose(consultation=case, actor=director_pusat, to=lead_pusat, ticks=["arsip"],
                        target_date=deadline + timedelta(days=1))
    assert "target_date" in excinfo.value.message_dict and not Disposition.objects.exists()
    letters.dispose(consultation=case, actor=director_pusat, to=lead_pusat, ticks=["arsip"], target_date=deadline)
    assert Disposition.objects.get().target_date == deadline


# --- drafting and approval ---------------------------------------------------------------


def test_every_version_is_kept_and_reviewed_in_order(monday, front_desk, director_pusat, lead_pusat, staff_pusat):
    case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)
    first = drafting.write_draft(consultation=case, author=staff_pusat, kinds=["saran"], body="Versi pertama.")

    with pytest.raises(ValidationError):  # the Director reviews after the team lead
        drafting.review_draft(draft=first, reviewer=director_pusat, decision="approve")
    drafting.review_draft(draft=first, reviewer=lead_pusat, decision="return", notes="Lengkapi dasar hukumnya.")
    assert drafting.draft_state(first) == drafting.DraftState.RETURNED

    second = drafting.write_draft(consultation=case, author=staff_pusat, kinds=["saran", "rekomendasi"], body="Versi kedua.")
    assert second.version == 2
    with pytest.raises(ValidationError):  # not the latest version any more
        drafting.review_draft(draft=first, reviewer=lead_pusat, decision="approve")
    drafting.review_draft(draft=second, reviewer=lead_pusat, decision="approve")
    assert drafting.draft_state(second) == drafting.DraftState.AWAITING_DIRECTOR
    drafting.review_draft(draft=second, reviewer=director_pusat, decision="approve")
    assert drafting.draft_state(second) == drafting.DraftState.APPROVED
    first.refresh_from_db()
    assert first.body == "Versi pertama."
    with pytest.raises(ValidationError):  # nothing approved is rewritten
        drafting.write_draft(consultation=case, author=staff_pusat, kinds=["saran"], body="Versi ketiga.")


def test_issuing_without_the_directors_approval_is_refused(monday, front_desk, director_pusat, lead_pusat, staff_pusat):
    case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)
    draft = drafting.write_draft(consultation=case, author=staff_pusat, kinds=["saran"], body="Isi.")
    drafting.review_draft(draft=draft, reviewer=lead_pusat, decision="approve")
    with pytest.raises(ValidationError) as excinfo:
        answer_letters.issue_answer_letter(consultation=case, actor=director_pusat)
    assert "disetujui Direktur" in str(excinfo.value)
    assert not AnswerLetter.objects.exists() and not OutgoingCounter.objects.exists()


# --- the answer letter -------------------------------------------------------------------


def test_the_issued_letter_is_numbered_rendered_stored_and_emailed(
    monday, front_desk, director_pusat, lead_pusat, staff_pusat, django_capture_on_commit_callbacks
):
    case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)
    approved(case, director_pusat, lead_pusat, staff_pusat)
    issued_at = MONDAY + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        issued = answer_letters.issue_answer_letter(consultation=case, actor=director_pusat, now=issued_at)

    assert issued.number == "B-0001/D.1/11/2026"
    case.refresh_from_db()
    assert case.status == Status.DELIVERED and case.completed_at == issued_at and case.completed_on_time is True
    content = issued.pdf.open("rb").read()
    assert hashlib.sha256(content).hexdigest() == issued.sha256 and len(content) == issued.size
    text = pdf_text(content)
    for expected in (case.number, "B-0001/D.1/11/2026", "B-123/KEMENHUB/X/2026", issued.verification_code,
                     director_pusat.full_name, "Pendapat"):
        assert expected in text, expected

    email = OutboundEmail.objects.get(template="answer-letter")
    assert email.recipient == "rina@dephub.go.id" and email.attachments[0]["path"] == issued.pdf.name
    # Sent by the outbox (eager in tests): the PDF travels as an attachment.
    sent = [m for m in mail.outbox if m.to == ["rina@dephub.go.id"] and m.attachments]
    assert sent and sent[-1].attachments[0][0].endswith(".pdf") and sent[-1].attachments[0][1] == content


def test_numbers_run_per_year_without_gaps(monday, front_desk, director_pusat, lead_pusat, staff_pusat):
    numbers = []
    for _ in range(2):
        case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)
        approved(case, director_pusat, lead_pusat, staff_pusat)
        numbers.append(answer_letters.issue_answer_letter(consultation=case, actor=director_pusat).number)
    assert numbers == ["B-0001/D.1/11/2026", "B-0002/D.1/11/2026"]


def test_a_pdf_failure_changes_nothing(monday, front_desk, director_pusat, lead_pusat, staff_pusat, monkeypatch):
    case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)
    approved(case, director_pusat, lead_pusat, staff_pusat)

    def broken(*args, **kwargs):
        raise PdfError("pango missing")

    monkeypatch.setattr(answer_letters, "render_pdf", broken)
    with pytest.raises(ValidationError) as excinfo:
        answer_letters.issue_answer_letter(consultation=case, actor=director_pusat)
    assert "tidak ada yang berubah" in str(excinfo.value)
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED and case.completed_at is None
    assert not AnswerLetter.objects.exists()
    monkeypatch.undo()
    assert answer_letters.issue_answer_letter(consultation=case, actor=director_pusat).number == "B-0001/D.1/11/2026"


def test_an_english_case_gets_an_english_letter(monday, front_desk, director_pusat, lead_pusat, staff_pusat):
    case = on_desk(front_desk, language="en")
    letters.receive_letter(consultation=case, actor=director_pusat)
    letters.dispose(consultation=case, actor=director_pusat, to=staff_pusat, ticks=["siapkan_jawaban"])
    approved(case, director_pusat, lead_pusat, staff_pusat, body="Price adjustment is possible.")
    issued = answer_letters.issue_answer_letter(consultation=case, actor=director_pusat)
    text = pdf_text(issued.pdf.open("rb").read())
    assert "Opinion" in text and "Director of Central Government Advocacy" in text


def test_hostile_answer_text_fetches_nothing(monday, front_desk, director_pusat, lead_pusat, staff_pusat, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer reached for the network")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)
    hostile = (
        '<img src="http://127.0.0.1:9/x"> <link rel="stylesheet" href="file:///etc/passwd">'
        ' <div style="background:url(http://127.0.0.1:9/y)">x</div>'
    )
    approved(case, director_pusat, lead_pusat, staff_pusat, body=hostile)
    issued = answer_letters.issue_answer_letter(consultation=case, actor=director_pusat)
    text = pdf_text(issued.pdf.open("rb").read())
    assert "<img src=" in text and "root:" not in text


def test_a_late_letter_is_breached_when_issued(monday, front_desk, director_pusat, lead_pusat, staff_pusat):
    case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)
    approved(case, director_pusat, lead_pusat, staff_pusat)
    case.refresh_from_db()
    late = case.due_at + timedelta(hours=1)
    answer_letters.issue_answer_letter(consultation=case, actor=director_pusat, now=late)
    case.refresh_from_db()
    assert case.completed_on_time is False and case.breached_at == late
    assert case.events.filter(type=EventType.DEADLINE_BREACHED).count() == 1


def test_receiving_is_only_for_letters(monday, front_desk, director_pusat, kl_applicant):
    from .factories import submit

    website_case = submit(kl_applicant)
    with pytest.raises((InvalidTransition, ValidationError)):
        letters.receive_letter(consultation=website_case, actor=director_pusat)


def test_the_admin_sets_the_number_format_and_a_bad_one_is_refused(
    monday, front_desk, director_pusat, lead_pusat, staff_pusat
):
    from consultations.models import LetterSettings

    for bad in ("B/{code}/{year}", "B-{seq:04d}/{kode}", "B-{seq:04x"):
        with pytest.raises(ValidationError):
            LetterSettings(number_format=bad).full_clean()
    LetterSettings.objects.create(number_format="{seq:05d}/ADV/{code}/{year}")
    case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)
    approved(case, director_pusat, lead_pusat, staff_pusat)
    assert answer_letters.issue_answer_letter(consultation=case, actor=director_pusat).number == "00001/ADV/D.1/2026"


def test_enclosures_go_with_the_issued_letter_and_stay_internal_until_then(
    monday, front_desk, director_pusat, lead_pusat, staff_pusat, django_capture_on_commit_callbacks, client, login
):
    from django.urls import reverse

    from files.tests.builders import pdf as small_pdf

    case = letters.upload_letter(
        applicant=_verified_applicant(), addressee="direktur_pusat", sender_kind="person", sender_name="Ayu",
        letter_number="01/AL/2026", letter_date=date(2026, 10, 30), subject="Sanggah", scan=scanned(),
    )
    letters.check_letter(consultation=case, actor=front_desk, ticked=["signed"])
    letters.receive_letter(consultation=case, actor=director_pusat)
    letters.dispose(consultation=case, actor=director_pusat, to=staff_pusat, ticks=["siapkan_jawaban"])
    draft = drafting.write_draft(
        consultation=case, author=staff_pusat, kinds=["saran"], body="Lihat lampiran.", files=checked(small_pdf("kajian.pdf"))
    )
    enclosure = draft.attachments.get()
    applicant = case.applicant
    login(applicant)
    attachment_url = reverse("consultations:attachment", kwargs={"pk": enclosure.pk})
    assert client.get(attachment_url).status_code == 404  # a draft's file is the office's own
    drafting.review_draft(draft=draft, reviewer=lead_pusat, decision="approve")
    drafting.review_draft(draft=draft, reviewer=director_pusat, decision="approve")
    with django_capture_on_commit_callbacks(execute=True):
        issued = answer_letters.issue_answer_letter(consultation=case, actor=director_pusat)
    assert "Lampiran : 1 (satu) berkas" in pdf_text(issued.pdf.open("rb").read())
    sent = [m for m in mail.outbox if m.to == [applicant.email] and m.attachments][-1]
    assert [name for name, _content, _type in sent.attachments][1:] == ["kajian.pdf"]
    assert client.get(attachment_url).status_code == 200  # sent with the letter: theirs now


def _verified_applicant():
    from accounts.tests.factories import ApplicantFactory

    return ApplicantFactory(email="pemohon.surat@contoh.go.id")


# --- the desk's reads ------------------------------------------------------------------------


def test_the_desk_shows_each_person_their_sections(monday, front_desk, director_pusat, director_daerah):
    waiting_check = register(front_desk)
    on_the_desk = on_desk(front_desk)
    returned = letters.check_letter(consultation=register(front_desk), actor=front_desk, ticked=["signed"])

    def sections(user):
        return {anchor: [case.pk for case in rows] for _title, anchor, rows in
                letter_selectors.desk_sections(user=user, now=MONDAY)}

    assert sections(front_desk) == {"periksa": [waiting_check.pk], "terima": [on_the_desk.pk], "ditangani": [],
                                    "dikembalikan": [returned.pk], "laporan": []}
    # A Director: their directorate's letters past the checklist, nothing of the secretariat's work.
    assert sections(director_pusat) == {"terima": [on_the_desk.pk], "ditangani": [], "laporan": []}
    assert sections(director_daerah) == {"terima": [], "ditangani": [], "laporan": []}


def test_an_answer_letter_is_found_by_its_case_and_its_code(monday, front_desk, director_pusat, lead_pusat, staff_pusat):
    case = in_hand(front_desk, director_pusat, lead_pusat, staff_pusat)
    assert letter_selectors.answer_letter_for(case=case) is None
    approved(case, director_pusat, lead_pusat, staff_pusat)
    issued = answer_letters.issue_answer_letter(consultation=case, actor=director_pusat)
    assert letter_selectors.answer_letter_for(case=case) == issued
    assert letter_selectors.answer_letter_by_code(code=issued.verification_code.lower()) == issued
    assert letter_selectors.answer_letter_by_code(code="AAAA-BBBB-CCCC") is None
