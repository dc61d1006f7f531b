"""The letter channel's forms check every field rule once and hand the services typed
values (the services check permission, state and other rows only): a letter's
registration and upload, the scan, the disposition sheet, a draft and its review."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.utils.datastructures import MultiValueDict

from accounts.tests.factories import directorate
from consultations.channels.surat.forms import (
    DisposeForm,
    DraftForm,
    LetterRegisterForm,
    LetterUploadForm,
    ReviewForm,
)
from consultations.models import LetterSource
from core.time import WIB
from files.checks import CheckedFile
from files.tests.builders import bad_scan, letter_scan

TODAY = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)  # a Monday


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def letter(**overrides) -> dict:
    data = {
        "source": "paper",
        "addressee": "direktur_pusat",
        "sender_kind": "institution",
        "sender_name": "  Dr. Rina Wulandari  ",
        "institution_name": "Kementerian Perhubungan",
        "letter_number": "B-123/KEMENHUB/X/2026",
        "letter_date": "2026-10-28",
        "subject": "Permohonan pendapat atas penyesuaian harga",
        "summary": "",
        "contact_email": "rina@dephub.go.id",
        "contact_phone": "021-3811308",
        "language": "id",
    }
    data.update(overrides)
    return data


def register_form(data=None, scan=None) -> LetterRegisterForm:
    files = MultiValueDict({"scan": [scan or letter_scan()]})
    return LetterRegisterForm(data if data is not None else letter(), files,
                              directorates=[directorate(code) for code in ("pusat", "daerah", "hukum")])


def errors(form) -> dict[str, str]:
    assert not form.is_valid()
    return {name: " ".join(messages) for name, messages in form.errors.items()}


# --- a letter's fields ------------------------------------------------------------------


def test_a_registration_hands_the_service_typed_values(db):
    form = register_form()
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["source"] is LetterSource.PAPER
    assert data["sender_name"] == "Dr. Rina Wulandari"  # stripped
    assert data["contact_phone"] == "+62213811308"  # E.164
    assert data["letter_date"] == date(2026, 10, 28) and data["directorate"] is None
    scan = data["scan"]
    assert isinstance(scan, CheckedFile) and scan.content_type == "application/pdf" and scan.name == "surat-permohonan.pdf"


def test_every_bad_field_is_named_at_once(db):
    form = register_form(letter(
        addressee="presiden", sender_kind="robot", sender_name=" ", letter_number="", subject="",
        contact_email="bukan-email", letter_date="2026-12-01", source="portal",
    ))
    said = errors(form)
    assert set(said) >= {"addressee", "sender_kind", "sender_name", "letter_number", "subject", "contact_email",
                         "letter_date", "source"}
    assert "Pilih kepada siapa surat ini ditujukan." in said["addressee"]
    assert "Pilih jenis pengirim: perorangan atau instansi/badan hukum." in said["sender_kind"]
    assert "Alamat e-mail ini tidak valid." in said["contact_email"]
    assert "Tanggal surat tidak boleh setelah hari ini." in said["letter_date"]
    # The portal is the applicant's own door, not a source the secretariat records.
    assert "Pilih asal surat: surat fisik atau e-office." in said["source"]


def test_a_letter_dated_today_passes_and_tomorrow_does_not(db):
    assert register_form(letter(letter_date="2026-11-02")).is_valid()
    assert "letter_date" in errors(register_form(letter(letter_date="2026-11-03")))


def test_an_institution_names_itself_a_person_need_not(db):
    said = errors(register_form(letter(institution_name="  ")))
    assert said == {"institution_name": "Isi nama instansi atau badan hukum pengirim."}
    assert register_form(letter(sender_kind="person", institution_name="")).is_valid()


def test_a_letter_to_the_head_or_the_deputy_must_be_routed(db):
    for addressee in ("kepala", "deputi"):
        said = errors(register_form(letter(addressee=addressee)))
        assert said == {"directorate": "Surat kepada Kepala LKPP atau Deputi harus diteruskan ke salah satu direktorat."}
    routed = register_form(letter(addressee="deputi", directorate=str(directorate("hukum").pk)))
    assert routed.is_valid() and routed.cleaned_data["directorate"] == directorate("hukum")


def test_text_over_its_column_is_refused(db):
    said = errors(register_form(letter(subject="x" * 201, letter_number="9" * 101, sender_name="n" * 201)))
    assert set(said) == {"subject", "letter_number", "sender_name"}


def test_an_upload_may_leave_the_email_to_the_account(db):
    data = letter(sender_kind="person", institution_name="", contact_email="")
    form = LetterUploadForm(data, MultiValueDict({"scan": [letter_scan()]}))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["contact_email"] == ""
    bad = LetterUploadForm(data | {"contact_email": "bukan"}, MultiValueDict({"scan": [letter_scan()]}))
    assert errors(bad) == {"contact_email": "Alamat e-mail ini tidak valid."}


# --- the scan ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, message",
    [
        ("not_pdf", "bukan PDF"),
        ("too_large", "paling besar 20 MB"),
        ("encrypted", "kata sandi"),
        ("broken", "rusak"),
        ("empty", "kosong"),
    ],
)
def test_a_bad_scan_is_refused_with_its_reason(db, kind, message):
    said = errors(register_form(scan=bad_scan(kind)))
    assert message in said["scan"] and set(said) == {"scan"}


def test_a_scan_is_required(db):
    form = LetterRegisterForm(letter(), MultiValueDict(), directorates=[])
    assert errors(form)["scan"] == "Unggah pindaian surat (PDF)."


# --- the disposition sheet ----------------------------------------------------------------


def dispose_form(data, candidates):
    return DisposeForm({f"disposisi-{k}": v for k, v in data.items()}, prefix="disposisi", candidates=candidates)


@pytest.fixture
def lead(db):
    from accounts.models import Role
    from accounts.tests.factories import InternalUserFactory

    return InternalUserFactory(role=Role.TEAM_LEAD, directorate=directorate("pusat"))


def test_a_disposition_says_something(lead):
    said = errors(dispose_form({"to": lead.pk, "instructions": "  "}, [lead]))
    assert said == {"instructions": "Beri paling sedikit satu tanda disposisi atau tulis instruksinya."}
    assert dispose_form({"to": lead.pk, "instructions": "Siapkan jawaban."}, [lead]).is_valid()
    ticked = dispose_form({"to": lead.pk, "ticks": ["arsip"]}, [lead])
    assert ticked.is_valid() and ticked.cleaned_data["to"] == lead


def test_an_unknown_tick_or_a_past_target_is_refused(lead):
    said = errors(dispose_form({"to": lead.pk, "ticks": ["arsip", "bakar"]}, [lead]))
    assert said["ticks"] == "Tanda disposisi tidak dikenal."
    said = errors(dispose_form({"to": lead.pk, "ticks": ["arsip"], "target_date": "2026-11-01"}, [lead]))
    assert said == {"target_date": "Target internal tidak boleh sebelum hari ini."}
    today = dispose_form({"to": lead.pk, "ticks": ["arsip"], "target_date": "2026-11-02"}, [lead])
    assert today.is_valid() and today.cleaned_data["target_date"] == date(2026, 11, 2)


def test_only_a_candidate_may_be_chosen(lead):
    assert "to" in errors(dispose_form({"to": lead.pk + 1000, "ticks": ["arsip"]}, [lead]))


# --- drafts and their review -------------------------------------------------------------------


def test_a_draft_has_known_kinds_in_the_standards_order_and_a_body():
    form = DraftForm({"konsep-kinds": ["rekomendasi", "saran"], "konsep-body": "  Isi.  "}, prefix="konsep")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["kinds"] == ["saran", "rekomendasi"] and form.cleaned_data["body"] == "Isi."
    assert form.cleaned_data["files"] == []
    said = errors(DraftForm({"konsep-body": " "}, prefix="konsep"))
    assert said["kinds"] == "Pilih paling sedikit satu jenis jawaban." and "body" in said
    assert "kinds" in errors(DraftForm({"konsep-kinds": ["ramalan"], "konsep-body": "Isi."}, prefix="konsep"))


def test_returning_a_draft_needs_notes_approving_does_not():
    said = errors(ReviewForm({"telaah-decision": "return", "telaah-notes": "  "}, prefix="telaah"))
    assert said == {"notes": "Bagian ini wajib diisi."}
    assert ReviewForm({"telaah-decision": "return", "telaah-notes": "Lengkapi."}, prefix="telaah").is_valid()
    assert ReviewForm({"telaah-decision": "approve"}, prefix="telaah").is_valid()
    assert errors(ReviewForm({"telaah-decision": "tolak"}, prefix="telaah")) == {
        "decision": "Pilih: setujui atau kembalikan."
    }
    assert "notes" in errors(ReviewForm({"telaah-decision": "return", "telaah-notes": "x" * 4001}, prefix="telaah"))


# --- what the documents print: urgency, classification, "Sifat" and copies -------------------------


def test_a_disposition_is_biasa_unless_told_otherwise(lead):
    plain = dispose_form({"to": lead.pk, "ticks": ["arsip"]}, [lead])
    assert plain.is_valid(), plain.errors
    assert (plain.cleaned_data["urgency"], plain.cleaned_data["classification"]) == ("biasa", "biasa")
    urgent = dispose_form({"to": lead.pk, "ticks": ["arsip"], "urgency": "sangat_segera", "classification": "rahasia"},
                          [lead])
    assert urgent.is_valid(), urgent.errors
    assert (urgent.cleaned_data["urgency"], urgent.cleaned_data["classification"]) == ("sangat_segera", "rahasia")


def test_an_unknown_urgency_or_classification_is_refused(lead):
    said = errors(dispose_form({"to": lead.pk, "ticks": ["arsip"], "urgency": "kilat", "classification": "top"}, [lead]))
    assert said == {"urgency": "Pilih kecepatan yang tersedia.", "classification": "Pilih klasifikasi yang tersedia."}


def test_the_disposition_form_offers_the_three_urgencies_and_classifications(lead):
    form = DisposeForm(prefix="disposisi", candidates=[lead])
    assert [value for value, _label in form.fields["urgency"].choices] == ["biasa", "segera", "sangat_segera"]
    assert [value for value, _label in form.fields["classification"].choices] == ["biasa", "terbatas", "rahasia"]
    assert form["urgency"].value() == "biasa" and form["classification"].value() == "biasa"


def director_review(**data):
    return ReviewForm({f"telaah-{k}": v for k, v in data.items()}, prefix="telaah", director=True)


def test_only_the_directors_review_asks_for_the_sifat_and_copies():
    lead_form = ReviewForm({"telaah-decision": "approve", "telaah-nature": "rahasia"}, prefix="telaah")
    assert "nature" not in lead_form.fields and "copies" not in lead_form.fields
    assert lead_form.is_valid() and lead_form.approval() == {}
    form = director_review(decision="approve")
    assert form.is_valid(), form.errors
    assert form.approval() == {"nature": "biasa", "copies": []}


def test_copies_are_one_per_line_stripped_without_blank_lines():
    form = director_review(decision="approve", nature="segera", copies="  Kepala LKPP \r\n\r\nInspektur Utama\n  ")
    assert form.is_valid(), form.errors
    assert form.approval() == {"nature": "segera", "copies": ["Kepala LKPP", "Inspektur Utama"]}


def test_too_many_or_too_long_copies_and_an_unknown_sifat_are_refused():
    assert errors(director_review(decision="approve", nature="kilat")) == {"nature": "Pilih sifat surat yang tersedia."}
    said = errors(director_review(decision="approve", copies="\n".join(f"Pejabat {n}" for n in range(21))))
    assert said == {"copies": "Paling banyak 20 tembusan."}
    said = errors(director_review(decision="approve", copies="x" * 201))
    assert said == {"copies": "Satu tembusan paling panjang 200 karakter."}
