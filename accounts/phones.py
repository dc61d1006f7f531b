"""The one phone rule of the whole service (profile, walk-in, letter, meeting PIC,
complaint): an Indonesian number as ``phonenumbers`` parses it with region ``ID``,
stored in E.164 (``+6281234567890``; an office extension after ``;ext=``, as RFC 3966
writes it) and shown in the national form (``0812-3456-7890``, ``(021) 29912450 ext.
0305``).

One form in storage makes a phone number a key: the same person typed as
``0812 3456 7890`` at the front desk and ``+62 812-3456-7890`` on the website is one
contact (:func:`normalized_or_none`), and what they are owed follows them (priority credits).
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "ID"
COUNTRY_CODE = 62
# "+62" and 13 digits, ";ext=" and up to 6 digits.
PHONE_MAX_LENGTH = 30
INVALID_MESSAGE = _(
    "Nomor telepon tidak valid. Gunakan nomor Indonesia, misalnya 0812 3456 7890, "
    "+62 812 3456 7890 atau (021) 2991 2450."
)
HELP_TEXT = _("Nomor Indonesia, misalnya 0812 3456 7890, +62 812 3456 7890 atau (021) 2991 2450 ext 0305.")


# An office extension as people write it: "ext 0305", "ext. 12", "ekst. 12", "#12", or
# ";ext=0305" (the stored form).
_EXTENSION = re.compile(r"(?:;\s*ext=|\b(?:ext|ekst|eks)\.?|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
# What may stand in a number besides digits: separators and the leading "+".
_NUMBER = re.compile(r"^\+?[\d\s().\-/]+$")


def _parse(value: str) -> phonenumbers.PhoneNumber | None:
    raw = (value or "").strip()
    extension = ""
    match = _EXTENSION.search(raw)
    if match:
        extension, raw = match.group(1), raw[: match.start()].strip()
    # Letters are not a number here (phonenumbers would read "0812-abcd" as a vanity number).
    if not raw or not _NUMBER.match(raw):
        return None
    try:
        number = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        return None
    number.extension = extension or None
    return number


def _stored(number: phonenumbers.PhoneNumber) -> str:
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164};ext={number.extension}" if number.extension else e164


def to_e164(value: str) -> str:
    """The stored form of ``value``; ``""`` for an empty value. Raises ``ValidationError``
    (code ``invalid_phone``, the message naming the forms people type) when it is not an
    Indonesian phone number."""
    if not (value or "").strip():
        return ""
    number = _parse(value)
    if number is None:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    return _stored(number)


def normalized_or_none(value: str) -> str | None:
    """The stored form of ``value``, or None when it does not parse (data migrations
    keep such a value as it is and report it)."""
    number = _parse(value)
    return _stored(number) if number is not None else None


def validate_phone(value: str) -> None:
    """A model field validator: ``value`` must be a phone number (stored or typed)."""
    to_e164(value)


@lru_cache(maxsize=4096)
def national(value: str) -> str:
    """How a stored (or any typed) number is shown: the national form; a value that
    does not parse (an old row the migration reported) is shown as it is. Kept per
    value (a pure function of the text; parsing cost a case page 0.3 ms)."""
    number = _parse(value)
    if number is None:
        return value or ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def email_key(value: str) -> str:
    """The e-mail address as a key: trimmed and case-folded; ``""`` for none."""
    return (value or "").strip().casefold()


class PhoneField(forms.CharField):
    """A form field for the phone rule: any usual way of typing a number in, E.164 out
    (``""`` when optional and left empty); a stored value is shown in the national form
    when the form is filled from it."""

    default_error_messages = {"invalid_phone": INVALID_MESSAGE}

    def __init__(self, *, max_length: int = 40, **kwargs) -> None:
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(max_length=max_length, **kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "tel")

    def prepare_value(self, value):
        # Bound data is shown as typed; an initial (stored) value in the national form.
        return national(value) if isinstance(value, str) and value.startswith("+") else value

    def to_python(self, value) -> str:
        value = super().to_python(value)
        try:
            return to_e164(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid_phone"], code="invalid_phone") from None


def convert_stored_phones(apps, fields: list[tuple[str, str, str]], *, write=print) -> list[str]:
    """For data migrations: rewrite each ``(app_label, model_name, field)`` column in the
    stored form. A value that does not parse is kept as it is, never dropped, and
    reported (printed by the migration and returned, one line per row)."""
    import logging

    kept: list[str] = []
    for app_label, model_name, field in fields:
        model = apps.get_model(app_label, model_name)
        rows = model.objects.exclude(**{field: ""}).values_list("pk", field)
        changed = []
        for pk, value in rows.iterator(chunk_size=2000):
            stored = normalized_or_none(value)
            if stored is None:
                kept.append(f"{app_label}.{model_name} pk={pk} {field}={value!r}")
            elif stored != value:
                changed.append(model(pk=pk, **{field: stored}))
        model.objects.bulk_update(changed, [field], batch_size=1000)
    if kept:
        message = "phone numbers kept as they were (not an Indonesian number; correct them by hand):\n  " + "\n  ".join(
            kept
        )
        logging.getLogger("accounts.phones").warning("%s", message)
        write(message)
    return kept
