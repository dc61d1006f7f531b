"""The one phone rule (``accounts.phones``): typed any usual way, stored in E.164, shown
in the national form; the same number is one key however it was typed."""

import pytest
from django.core.exceptions import ValidationError

from accounts.phones import PhoneField, national, normalized_or_none, to_e164


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("62 812 3456 7890", "+6281234567890"),
        ("0812.3456.789", "+628123456789"),
        ("(021) 29912450 ext 0305", "+622129912450;ext=0305"),
        ("(021) 2991 2450", "+622129912450"),
        ("+62 21 29912450", "+622129912450"),
        ("(0274) 512345", "+62274512345"),
        ("021-29912450 ekst. 12", "+622129912450;ext=12"),
        ("+622129912450;ext=0305", "+622129912450;ext=0305"),  # stored form is accepted as typed
    ],
)
def test_indonesian_numbers_are_stored_in_e164(raw, stored):
    assert to_e164(raw) == stored


@pytest.mark.parametrize(
    "raw",
    ["12345", "0812", "08123456", "021 123456", "nomor saya", "0812-abcd-7890", "+1 202 555 0100", "0812345678901234"],
)
def test_other_values_are_refused_with_the_forms_people_type(raw):
    with pytest.raises(ValidationError) as refused:
        to_e164(raw)
    assert refused.value.code == "invalid_phone"
    message = refused.value.messages[0]
    assert "0812 3456 7890" in message and "+62 812 3456 7890" in message and "(021) 2991 2450" in message
    assert normalized_or_none(raw) is None


def test_empty_is_no_number():
    assert to_e164("") == "" and to_e164("   ") == ""


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+6281234567890", "0812-3456-7890"),
        ("+622129912450;ext=0305", "(021) 29912450 ext. 0305"),
        ("0812 bukan nomor", "0812 bukan nomor"),  # an old row the migration reported: shown as it is
        ("", ""),
    ],
)
def test_numbers_are_shown_in_the_national_form(stored, shown):
    assert national(stored) == shown


def test_the_form_field_cleans_to_e164_and_shows_a_stored_value_nationally():
    field = PhoneField(required=False)
    assert field.clean("0812 3456 7890") == "+6281234567890"
    assert field.clean("") == ""
    assert field.prepare_value("+6281234567890") == "0812-3456-7890"
    assert field.prepare_value("0812 34") == "0812 34"  # what the person typed stays as typed
    with pytest.raises(ValidationError):
        field.clean("021 123456")


def test_the_three_old_rules_now_agree():
    """The issue's cases: ``021 123456`` was accepted on a profile and refused at a
    walk-in; ``0812 3456 7890`` was stored two ways. One rule, one form."""
    from consultations.models.credits import phone_digest

    with pytest.raises(ValidationError):
        PhoneField().clean("021 123456")
    with pytest.raises(ValidationError):
        to_e164("021 123456")
    assert PhoneField().clean("0812 3456 7890") == to_e164("0812-3456-7890") == "+6281234567890"
    assert phone_digest("0812 3456 7890") == phone_digest("+62 812-3456-7890") == phone_digest("+6281234567890")
    assert phone_digest("0812 3456 7890") != phone_digest("0812 3456 7891")
    assert phone_digest("") == "" and phone_digest("bukan nomor") == ""
