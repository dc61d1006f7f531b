"""The documents staff print and send carry the fields offices look for (issue 23, item 6),
in Indonesian and in English; each PDF is rendered by WeasyPrint and read back:

- the disposition sheet: the agenda number (per directorate and year, given at the
  Director's receipt), the date received, the urgency and classification, the ticks, the
  instructions and the target date;
- the answer letter: the "Sifat" chosen at the Director's approval, the enclosures
  counted from the approved version ("1 (satu) berkas"), the copies ("Tembusan");
- the online meeting's report: day name and date, time (WIB), platform and link, the
  attendees, the discussion and the outputs.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext, pgettext

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.daring import meeting_reports
from consultations.channels.daring import selectors as meeting_selectors
from consultations.channels.surat import answer_letters, drafting
from consultations.channels.surat import selectors as letter_selectors
from consultations.channels.surat import services as letters
from consultations.channels.surat.selectors import count_in_words
from consultations.models import AgendaCounter, DraftReview, IncomingLetter, ReviewStage
from core.pdf import render_pdf
from core.time import WIB
from files.tests.builders import checked
from files.tests.builders import pdf as small_pdf

from .test_letters import on_desk, pdf_text
from .test_meetings import confirm
from .test_meetings import in_hand as meeting_in_hand

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def lead_pusat(db):
    return InternalUserFactory(email="ketua.pusat@lkpp.go.id", full_name="Kurnia Ketua", role=Role.TEAM_LEAD,
                               directorate=directorate("pusat"))


@pytest.fixture
def staff_pusat(db):
    return InternalUserFactory(email="staf.pusat@lkpp.go.id", full_name="Putri Pegawai", role=Role.STAFF,
                               directorate=directorate("pusat"))


def in_words(language: str, msgid: str, context: str | None = None) -> str:
    """A label as the PDF prints it in ``language`` (the catalogue's word once translated)."""
    with translation.override(language):
        return pgettext(context, msgid) if context else gettext(msgid)


# --- the agenda number ------------------------------------------------------------------------


def test_agenda_numbers_run_per_directorate_and_year_from_the_directors_receipt(
    monday, front_desk, director_pusat, director_daerah
):
    first = on_desk(front_desk)
    assert IncomingLetter.objects.get(consultation=first).agenda_number == ""  # not before receipt
    numbers = []
    for director, addressee in ((director_pusat, "direktur_pusat"), (director_daerah, "direktur_daerah"),
                                (director_pusat, "direktur_pusat")):
        case = first if not numbers else on_desk(front_desk, addressee=addressee)
        letters.receive_letter(consultation=case, actor=director)
        numbers.append(IncomingLetter.objects.get(consultation=case).agenda_number)
    assert numbers == ["0001/D.1/2026", "0001/D.2/2026", "0002/D.1/2026"]

    monday.move_to(datetime(2027, 1, 4, 9, 0, tzinfo=WIB))  # a new year starts again at 1
    case = on_desk(front_desk)
    letters.receive_letter(consultation=case, actor=director_pusat)
    letter = IncomingLetter.objects.get(consultation=case)
    assert (letter.agenda_number, letter.agenda_year, letter.agenda_sequence) == ("0001/D.1/2027", 2027, 1)
    assert case.events.get(type="letter_received").data["agenda_number"] == "0001/D.1/2027"
    assert sorted(AgendaCounter.objects.values_list("directorate__code", "year", "last_number")) == [
        ("daerah", 2026, 1), ("pusat", 2026, 2), ("pusat", 2027, 1),
    ]


def test_an_agenda_number_is_never_given_twice(monday, front_desk, director_pusat):
    cases = [on_desk(front_desk) for _ in range(2)]
    for case in cases:
        letters.receive_letter(consultation=case, actor=director_pusat)
    first, second = (IncomingLetter.objects.get(consultation=case) for case in cases)
    second.agenda_sequence = first.agenda_sequence
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save(update_fields=["agenda_sequence"])


def test_a_refused_receipt_gives_its_agenda_number_back(monday, front_desk, director_pusat):
    case = on_desk(front_desk)
    letters.receive_letter(consultation=case, actor=director_pusat)
    with pytest.raises(ValidationError):  # received twice: refused, nothing drawn
        letters.receive_letter(consultation=case, actor=director_pusat)
    other = on_desk(front_desk)
    letters.receive_letter(consultation=other, actor=director_pusat)
    assert IncomingLetter.objects.get(consultation=other).agenda_number == "0002/D.1/2026"


# --- the disposition sheet --------------------------------------------------------------------


def disposed(front_desk, director, lead, staff, **case_fields):
    case = on_desk(front_desk, **case_fields)
    letters.receive_letter(consultation=case, actor=director)
    letters.dispose(
        consultation=case, actor=director, to=lead, ticks=["siapkan_jawaban", "koordinasikan"],
        instructions="Siapkan jawaban bersama Biro Hukum.", target_date=date(2026, 11, 6),
        urgency="sangat_segera", classification="rahasia",
    )
    letters.dispose(consultation=case, actor=lead, to=staff, ticks=["untuk_ditindaklanjuti"],
                    instructions="Mohon disusun.", urgency="sangat_segera", classification="rahasia")
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_disposition_sheet_carries_every_field(monday, front_desk, director_pusat, lead_pusat, staff_pusat, language):
    case = disposed(front_desk, director_pusat, lead_pusat, staff_pusat)
    context = letter_selectors.disposition_context(case, case.letter)
    text = pdf_text(render_pdf("disposition-sheet", context, language=language))
    month = "November"
    expected = [
        case.number, "0001/D.1/2026", "B-123/KEMENHUB/X/2026", f"2 {month} 2026, 09.00 WIB",
        f"6 {month} 2026", "Siapkan jawaban bersama Biro Hukum.", "Mohon disusun.",
        in_words(language, "Nomor agenda"), in_words(language, "Diterima tanggal"),
        in_words(language, "Kecepatan"), in_words(language, "Klasifikasi"),
        in_words(language, "Sangat Segera", "urgency"), in_words(language, "Rahasia", "classification"),
        in_words(language, "Siapkan jawaban"), in_words(language, "Koordinasikan"), in_words(language, "Target internal"),
        director_pusat.full_name, lead_pusat.full_name, staff_pusat.full_name,
    ]
    for value in expected:
        assert value in text, value
    # The ticks: each box printed, the chosen ones marked (two by the Director, one by the lead).
    assert text.count("✓") == 3


def test_the_sheet_of_a_routine_letter_says_biasa(monday, front_desk, director_pusat, lead_pusat):
    case = on_desk(front_desk)
    letters.receive_letter(consultation=case, actor=director_pusat)
    letters.dispose(consultation=case, actor=director_pusat, to=lead_pusat, ticks=["arsip"])
    text = pdf_text(render_pdf("disposition-sheet", letter_selectors.disposition_context(case, case.letter),
                               language="id"))
    assert "Kecepatan Biasa" in text and "Klasifikasi Biasa" in text


# --- the answer letter -------------------------------------------------------------------------


def issued_letter(front_desk, director, lead, staff, *, language="id", files=(), nature="segera", copies=()):
    case = on_desk(front_desk, language=language)
    letters.receive_letter(consultation=case, actor=director)
    letters.dispose(consultation=case, actor=director, to=staff, ticks=["siapkan_jawaban"])
    draft = drafting.write_draft(consultation=case, author=staff, kinds=["pendapat"], body="Dapat dilakukan.", files=files)
    drafting.review_draft(draft=draft, reviewer=lead, decision="approve")
    drafting.review_draft(draft=draft, reviewer=director, decision="approve", nature=nature, copies=copies)
    return answer_letters.issue_answer_letter(consultation=case, actor=director)


COPIES = ["Kepala LKPP", "Deputi Bidang Hukum dan Penyelesaian Sanggah"]


@pytest.mark.parametrize(("language", "enclosure"), [("id", "1 (satu) berkas"), ("en", "1 (one)")])
def test_the_answer_letter_carries_its_sifat_enclosures_and_copies(
    monday, front_desk, director_pusat, lead_pusat, staff_pusat, language, enclosure
):
    issued = issued_letter(front_desk, director_pusat, lead_pusat, staff_pusat, language=language,
                           files=checked(small_pdf("kajian.pdf")), nature="segera", copies=COPIES)
    text = pdf_text(issued.pdf.open("rb").read())
    lines = [
        f"{in_words(language, 'Sifat')} : {in_words(language, 'Segera', 'nature of a letter')}",
        f"{in_words(language, 'Lampiran')} : {enclosure}",
        f"{in_words(language, 'Tembusan:')} 1. Kepala LKPP 2. Deputi Bidang Hukum dan Penyelesaian Sanggah",
    ]
    for line in lines:
        assert line in text, line
    # The copies come after the signature, before the verification box.
    assert text.index(director_pusat.full_name) < text.index("Kepala LKPP") < text.index(issued.verification_code)


def test_a_letter_without_enclosures_or_copies_says_so(monday, front_desk, director_pusat, lead_pusat, staff_pusat):
    issued = issued_letter(front_desk, director_pusat, lead_pusat, staff_pusat, nature="biasa")
    text = pdf_text(issued.pdf.open("rb").read())
    assert "Sifat : Biasa" in text and "Lampiran : - Hal" in text and "Tembusan" not in text


def test_only_the_directors_approval_keeps_a_sifat_and_copies(
    monday, front_desk, director_pusat, lead_pusat, staff_pusat
):
    issued_letter(front_desk, director_pusat, lead_pusat, staff_pusat, nature="rahasia", copies=COPIES)
    reviews = {review.stage: (review.nature, review.copies) for review in DraftReview.objects.all()}
    assert reviews == {ReviewStage.TEAM_LEAD: ("", []), ReviewStage.DIRECTOR: ("rahasia", COPIES)}


@pytest.mark.parametrize(
    ("number", "indonesian", "english"),
    [(1, "satu", "one"), (10, "sepuluh", "ten"), (11, "sebelas", "eleven"), (12, "dua belas", "twelve"),
     (20, "dua puluh", "twenty"), (21, "dua puluh satu", "twenty-one"), (99, "sembilan puluh sembilan", "ninety-nine"),
     (100, "", ""), (0, "", "")],
)
def test_counts_in_words(number, indonesian, english):
    assert (count_in_words(number, "id"), count_in_words(number, "en")) == (indonesian, english)


# --- the meeting report ------------------------------------------------------------------------


@pytest.fixture
def held_meeting(monday, front_desk, director_pusat, lead, member):
    case = meeting_in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead, link="https://zoom.us/j/8812345678", platform="Zoom Meeting")
    monday.move_to(datetime(2026, 11, 4, 15, 0, tzinfo=WIB))
    meeting_reports.write_report(
        consultation=case, author=member, held_on=date(2026, 11, 4), attendees_lkpp="Putri Pegawai\nKurnia Ketua",
        attendees_applicant="Dewi Lestari (PIC)", problem="Penyesuaian harga aspal.",
        discussion="Klausul penyesuaian harga dalam kontrak.", kinds=["rekomendasi"],
        advice="Lakukan penyesuaian harga sesuai formula kontrak.", follow_ups="PPK menyusun adendum.",
    )
    return case


def test_the_approved_report_carries_day_time_platform_link_attendees_and_outputs(held_meeting, lead):
    report = meeting_reports.approve_report(consultation=held_meeting, actor=lead)
    text = pdf_text(report.pdf.open("rb").read())
    for value in ("Hari, tanggal Rabu, 4 November 2026", "Waktu 10.00–11.00 WIB", "Platform Zoom Meeting",
                  "Tautan rapat https://zoom.us/j/8812345678", "Putri Pegawai", "Kurnia Ketua", "Dewi Lestari (PIC)",
                  "Klausul penyesuaian harga dalam kontrak.", "Rekomendasi", "formula kontrak", "PPK menyusun adendum."):
        assert value in text, value


def test_the_report_in_english(held_meeting, lead):
    report = meeting_reports.approve_report(consultation=held_meeting, actor=lead)
    context = meeting_selectors.report_context(held_meeting, report)
    text = pdf_text(render_pdf("meeting-report", context, language="en"))
    for value in ("Wednesday, 4 November 2026", "10.00–11.00 WIB", "https://zoom.us/j/8812345678",
                  in_words("en", "Hari, tanggal"), in_words("en", "Tautan rapat"), in_words("en", "Peserta"),
                  "Dewi Lestari (PIC)", "PPK menyusun adendum."):
        assert value in text, value



# --- through the pages ---------------------------------------------------------------------------


def staff_url(name, case, **kwargs):
    from django.urls import reverse

    return reverse(f"consultations:{name}", kwargs={"number": case.number, **kwargs})


def test_the_pages_ask_for_urgency_classification_sifat_and_copies(
    client, login, monday, front_desk, director_pusat, lead_pusat, staff_pusat
):
    case = on_desk(front_desk)
    login(director_pusat)
    client.post(staff_url("letter_receive", case))
    page = client.get(staff_url("staff_detail", case)).content.decode()
    assert 'name="disposisi-urgency"' in page and 'name="disposisi-classification"' in page
    assert "0001/D.1/2026" in page  # the agenda number, on the letter's card
    client.post(staff_url("letter_dispose", case), {
        "disposisi-to": lead_pusat.pk, "disposisi-ticks": ["siapkan_jawaban"], "disposisi-urgency": "segera",
        "disposisi-classification": "terbatas",
    })
    sheet = client.get(staff_url("disposition_sheet", case))
    assert sheet.status_code == 200
    text = pdf_text(sheet.content)
    assert "Nomor agenda 0001/D.1/2026" in text and "Kecepatan Segera" in text and "Klasifikasi Terbatas" in text

    # The team lead's disposition starts from the Director's urgency and classification.
    login(lead_pusat)
    page = client.get(staff_url("staff_detail", case)).content.decode()
    assert re.search(r'name="disposisi-urgency" value="segera"[^>]*checked', page)
    assert re.search(r'name="disposisi-classification" value="terbatas"[^>]*checked', page)
    client.post(staff_url("letter_dispose", case), {
        "disposisi-to": staff_pusat.pk, "disposisi-ticks": ["untuk_ditindaklanjuti"], "disposisi-urgency": "segera",
        "disposisi-classification": "terbatas",
    })
    login(staff_pusat)
    client.post(staff_url("letter_draft", case), {"konsep-kinds": ["pendapat"], "konsep-body": "Dapat disesuaikan."})
    draft = case.drafts.get()

    # The team lead's review asks for neither; the Director's asks for both.
    login(lead_pusat)
    assert 'name="telaah-nature"' not in client.get(staff_url("staff_detail", case)).content.decode()
    client.post(staff_url("letter_review", case, draft=draft.pk), {"telaah-decision": "approve"})
    login(director_pusat)
    page = client.get(staff_url("staff_detail", case)).content.decode()
    assert 'name="telaah-nature"' in page and 'name="telaah-copies"' in page
    response = client.post(staff_url("letter_review", case, draft=draft.pk), {
        "telaah-decision": "approve", "telaah-nature": "segera", "telaah-copies": "Kepala LKPP\nInspektur Utama",
    })
    assert response.status_code == 302
    client.post(staff_url("letter_issue", case))
    text = pdf_text(case.answer_letter.pdf.open("rb").read())
    assert "Sifat : Segera" in text and "Tembusan: 1. Kepala LKPP 2. Inspektur Utama" in text
