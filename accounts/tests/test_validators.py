import pytest

from accounts.validators import normalize_phone


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("081234567890", "081234567890"),
        ("+62 812-3456-7890", "081234567890"),
        ("62 812 3456 7890", "081234567890"),
        ("0812.3456.789", "08123456789"),
        ("(021) 29912450 ext 0305", "02129912450 ext 0305"),
        ("(021) 2991 2450", "02129912450"),
        ("+62 21 29912450", "02129912450"),
        ("(0274) 512345", "0274512345"),
        ("021-29912450 ekst. 12", "02129912450 ext 12"),
    ],
)
def test_indonesian_numbers_are_accepted_and_normalized(raw, normalized):
    assert normalize_phone(raw) == normalized


@pytest.mark.parametrize(
    "raw",
    ["12345", "0812", "08123456", "nomor saya", "0812-abcd-7890", "", "+1 202 555 0100", "0812345678901234"],
)
def test_other_values_are_refused(raw):
    assert normalize_phone(raw) == ""
