"""Validators for Indonesian contact and identity data."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
# Mobile: 08xx / +628xx / 628xx, 10-13 digits in national form.
_MOBILE = re.compile(r"^08[1-9]\d{7,10}$")
# Landline: area code 0 + 2-3 digits (021, 0274, ...) then 5-8 digits, optional extension.
# Area codes never start with 08 (that prefix is mobile), so a truncated mobile number
# such as 08123456 is not mistaken for a landline.
_LANDLINE = re.compile(r"^0[2-79]\d{1,2}\d{5,8}$")
# The longest normalized form: 12 digits, " ext ", 6 digits.
PHONE_MAX_LENGTH = 30


def normalize_phone(value: str) -> str:
    """Return the national form (leading 0) of an Indonesian number, or '' if it is none.

    Accepts +62 / 62 prefixes and the usual separators; an extension ("ext 0305",
    "ext. 12", "#12") is kept after a space.
    """
    raw = (value or "").strip()
    extension = ""
    match = re.search(r"(?:ext\.?|ekst\.?|#)\s*(\d{1,6})\s*$", raw, flags=re.IGNORECASE)
    if match:
        extension = match.group(1)
        raw = raw[: match.start()]
    digits = _PHONE_SEPARATORS.sub("", raw)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    if not digits.isdigit():
        return ""
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return f"{digits} ext {extension}" if extension else digits
    return ""


def validate_phone(value: str) -> None:
    if not normalize_phone(value):
        raise ValidationError(
            _(
                "Nomor telepon tidak valid. Gunakan nomor Indonesia, misalnya 0812 3456 7890, "
                "+62 812 3456 7890 atau (021) 2991 2450."
            ),
            code="invalid_phone",
        )


_ID_NUMBER = re.compile(r"^[A-Za-z0-9]{5,30}$")


def validate_identity_number(value: str) -> None:
    if value and not _ID_NUMBER.match(value):
        raise ValidationError(
            _("Nomor tanda pengenal hanya boleh berisi huruf dan angka (5–30 karakter)."),
            code="invalid_identity_number",
        )
