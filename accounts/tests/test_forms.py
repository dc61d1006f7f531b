import pytest

from accounts.forms import ProfileForm, SignupForm
from accounts.models import IdentityDocumentType

from .conftest import signup_data

KTP = "3204123456789012"


def profile_data(**overrides):
    data = signup_data(**overrides)
    data.pop("email"), data.pop("password1"), data.pop("password2")
    data.setdefault("language", "id")
    data.update(overrides)
    return data


def errors_of(form):
    form.is_valid()
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


@pytest.mark.parametrize("phone", ["081234567890", "+62 812-3456-7890", "(021) 29912450 ext 0305"])
def test_profile_accepts_indonesian_phone_numbers(phone):
    form = ProfileForm(profile_data(phone=phone))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("phone", ["12345", "0812", "telepon kantor"])
def test_profile_refuses_other_phone_numbers_in_indonesian(phone):
    assert errors_of(ProfileForm(profile_data(phone=phone)))["phone"] == [
        "Nomor telepon tidak valid. Gunakan nomor Indonesia, misalnya 0812 3456 7890, "
        "+62 812 3456 7890 atau (021) 2991 2450."
    ]


@pytest.mark.parametrize("number", ["320412345678901", "32041234567890123", "32041234567890AB"])
def test_ktp_must_be_16_digits(number):
    form = ProfileForm(profile_data(id_document_type=IdentityDocumentType.KTP, id_document_number=number))
    assert errors_of(form)["id_document_number"] == ["NIK pada KTP terdiri atas 16 angka."]


def test_ktp_with_separators_is_cleaned_to_digits():
    form = ProfileForm(profile_data(id_document_type="ktp", id_document_number="3204.1234.5678.9012"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_document_number"] == KTP


def test_number_without_type_and_type_without_number_are_refused():
    assert "id_document_type" in errors_of(ProfileForm(profile_data(id_document_number="A1234567")))
    assert "id_document_number" in errors_of(ProfileForm(profile_data(id_document_type="sim")))


def test_other_documents_take_letters_and_digits():
    form = ProfileForm(profile_data(id_document_type="paspor", id_document_number="c 1234567"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_document_number"] == "C1234567"
    assert "id_document_number" in errors_of(
        ProfileForm(profile_data(id_document_type="sim", id_document_number="12#45$78"))
    )


def test_empty_number_keeps_the_stored_one():
    form = ProfileForm(profile_data(id_document_type="ktp"), stored_id_number=KTP)
    assert form.is_valid(), form.errors
    assert form.profile_values()["id_document_number"] == KTP


def test_stored_number_is_checked_against_a_new_type():
    form = ProfileForm(profile_data(id_document_type="ktp"), stored_id_number="B1234567")
    assert errors_of(form)["id_document_number"] == ["NIK pada KTP terdiri atas 16 angka."]


def test_remove_clears_type_and_number():
    form = ProfileForm(
        profile_data(id_document_type="", remove_id_document="on"), stored_id_number=KTP
    )
    assert form.is_valid(), form.errors
    assert form.profile_values()["id_document_type"] == ""
    assert form.profile_values()["id_document_number"] == ""


def test_signup_form_has_no_role_field():
    from allauth.account.forms import SignupForm as AllauthSignupForm

    assert issubclass(AllauthSignupForm, SignupForm)
    fields = AllauthSignupForm().fields
    assert {"email", "password1", "full_name", "phone", "institution_type"} <= set(fields)
    assert not {"role", "directorate", "is_superuser"} & set(fields)
