"""Validators for Indonesian contact and identity data."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .phones import PHONE_MAX_LENGTH, validate_phone

# The phone rule lives in ``phones``; old migrations name this module's validator.
__all__ = ["PHONE_MAX_LENGTH", "validate_identity_number", "validate_phone"]


_ID_NUMBER = re.compile(r"^[A-Za-z0-9]{5,30}$")


def validate_identity_number(value: str) -> None:
    if value and not _ID_NUMBER.match(value):
        raise ValidationError(
            _("Nomor tanda pengenal hanya boleh berisi huruf dan angka (5–30 karakter)."),
            code="invalid_identity_number",
        )
