"""The walk-in channel's forms: they refuse what the services take for granted, and hand
the services typed values (the phone in E.164, stripped text, an active category, the
last four characters upper case, the kinds of advice in the standard's order)."""

from __future__ import annotations

import pytest

from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels import Channel, spec
from consultations.channels.tatap_muka.forms import (
    AdviceForm,
    HandOffForm,
    MoreTimeForm,
    PaperVisitRegistrationForm,
    VisitFormForm,
    VisitRegistrationForm,
)
from consultations.models import Category

REQUIREMENTS = spec(Channel.TATAP_MUKA).requirements
ALL_TICKED = {f"item_{item.key}": "on" for item in REQUIREMENTS}


@pytest.fixture
def category(db):
    return Category.objects.get(code="perencanaan")


def guest(chosen: Category, **overrides) -> dict:
    data = {
        "name": "  Sri Wahyuni ", "email": " sri.wahyuni@contoh.go.id", "phone": "0812 3456 7890",
        "institution_name": "Dinas PUPR Kabupaten Bantul", "institution_type": "pemda", "category": chosen.pk,
        "question": "Bagaimana menyusun HPS untuk pekerjaan jalan desa?\n",
    }
    data.update(overrides)
    return data


def errors_of(form, field: str) -> str:
    assert not form.is_valid()
    return " ".join(form.errors.get(field, []))


# --- the guest's fields (the form beforehand, the paper form at the desk) ----------------


def test_the_form_beforehand_hands_over_typed_values(category):
    form = VisitFormForm(guest(category))
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["phone"] == "+6281234567890"
    assert data["name"] == "Sri Wahyuni" and data["email"] == "sri.wahyuni@contoh.go.id"
    assert data["question"] == "Bagaimana menyusun HPS untuk pekerjaan jalan desa?"
    assert data["category"] == category and data["files"] == []


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("phone", "12345", "Nomor telepon tidak valid"),
        ("phone", "+1 202 555 0100", "Nomor telepon tidak valid"),
        ("email", "bukan-email", "Alamat e-mail ini tidak valid."),
        ("email", "", "Isi alamat e-mail."),
        ("institution_type", "", "Pilih jenis instansi."),
        ("category", "", "Pilih kategori permasalahan."),
    ],
)
def test_bad_input_on_the_guests_fields_says_why(category, field, value, message):
    for form_class, extra in ((VisitFormForm, {}), (PaperVisitRegistrationForm, {"requirements": REQUIREMENTS})):
        form = form_class(guest(category, **{field: value}), **extra)
        assert message in errors_of(form, field), form_class


@pytest.mark.parametrize("field", ["name", "institution_name", "question"])
def test_a_blank_text_field_is_refused(category, field):
    assert errors_of(VisitFormForm(guest(category, **{field: "   "})), field)


@pytest.mark.parametrize("field, limit", [("name", 200), ("institution_name", 200)])
def test_text_longer_than_its_column_is_refused(category, field, limit):
    assert VisitFormForm(guest(category, **{field: "x" * limit})).is_valid()
    assert errors_of(VisitFormForm(guest(category, **{field: "x" * (limit + 1)})), field)


def test_an_inactive_category_is_not_offered(category):
    category.is_active = False
    category.save(update_fields=["is_active"])
    form = VisitFormForm(guest(category))
    assert "Pilih kategori permasalahan yang tersedia." in errors_of(form, "category")


# --- the desk's registration ----------------------------------------------------------------


def registration(**overrides) -> VisitRegistrationForm:
    data = {**ALL_TICKED, "id_document_type": "ktp", "id_number_last4": "a9z1"} | overrides
    return VisitRegistrationForm(data, requirements=REQUIREMENTS)


def test_the_registration_hands_over_the_last_four_upper_case_and_the_ticked_items(db):
    form = registration(outside_hours_reason="  Tamu terlambat karena banjir. ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number_last4"] == "A9Z1"
    assert form.cleaned_data["outside_hours_reason"] == "Tamu terlambat karena banjir."
    assert sorted(form.ticked()) == sorted(item.key for item in REQUIREMENTS)


@pytest.mark.parametrize("value", ["3374012345670001", "12", "12-4", "١٢٣٤", "12 4"])
def test_anything_but_four_letters_or_digits_of_the_identity_number_is_refused(db, value):
    assert "4 karakter terakhir" in errors_of(registration(id_number_last4=value), "id_number_last4")


def test_an_unknown_identity_document_type_is_refused(db):
    assert errors_of(registration(id_document_type="paspor-palsu"), "id_document_type")
    assert "Pilih jenis tanda pengenal yang ditunjukkan." in errors_of(registration(id_document_type=""), "id_document_type")


def test_a_missing_checklist_item_names_it(db):
    data = {key: value for key, value in ALL_TICKED.items() if key != "item_identity_document"}
    form = VisitRegistrationForm({**data, "id_document_type": "ktp", "id_number_last4": "1234"}, requirements=REQUIREMENTS)
    assert not form.is_valid()
    message = " ".join(form.non_field_errors())
    assert "Persyaratan belum terpenuhi" in message and "tanda pengenal" in message
    assert "alamat e-mail" not in message


def test_the_reason_outside_hours_is_kept_within_its_column(db):
    assert errors_of(registration(outside_hours_reason="x" * 301), "outside_hours_reason")


# --- the steps on a guest ----------------------------------------------------------------------


@pytest.fixture
def advisor(db):
    return InternalUserFactory(email="piket@lkpp.go.id", full_name="Putri Piket", directorate=directorate("pusat"))


def test_passing_a_guest_to_a_colleague_needs_a_reason(advisor):
    data = {"to": str(advisor.pk), "reason": "  "}
    form = HandOffForm(data, candidates=[advisor], passing=True)
    assert "Bagian ini wajib diisi." in errors_of(form, "reason")
    # The secretariat handing the guest over gives none.
    form = HandOffForm(data, candidates=[advisor])
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"to": advisor, "reason": ""}


def test_only_a_candidate_can_be_chosen(advisor):
    other = InternalUserFactory(email="bukan.piket@lkpp.go.id", directorate=directorate("pusat"))
    assert errors_of(HandOffForm({"to": str(other.pk)}, candidates=[advisor]), "to")


def test_more_time_needs_a_reason():
    assert "Tulis alasannya." in errors_of(MoreTimeForm({"reason": "   "}), "reason")
    assert errors_of(MoreTimeForm({"reason": "x" * 501}), "reason")
    form = MoreTimeForm({"reason": " Perlu membaca kontrak. "})
    assert form.is_valid() and form.cleaned_data["reason"] == "Perlu membaca kontrak."


def test_the_advice_needs_a_known_kind_and_a_summary_and_hands_the_kinds_in_order():
    assert "Pilih paling sedikit satu jenis jawaban." in errors_of(AdviceForm({"summary": "Saran."}), "kinds")
    assert errors_of(AdviceForm({"kinds": ["saran", "ramalan"], "summary": "Saran."}), "kinds")
    assert "Tulis ringkasan sarannya." in errors_of(AdviceForm({"kinds": ["saran"], "summary": "  "}), "summary")
    form = AdviceForm({"kinds": ["rekomendasi", "saran"], "summary": " Gunakan harga setempat. "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["kinds"] == ["saran", "rekomendasi"]
    assert form.cleaned_data["summary"] == "Gunakan harga setempat."
