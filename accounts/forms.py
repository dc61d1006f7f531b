"""Forms validate and return typed values; saving is done by the services they call."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApplicantProfile, IdentityDocumentType, InstitutionType, User
from .phones import PHONE_MAX_LENGTH, PhoneField

_KTP = re.compile(r"^\d{16}$")
_ID_NUMBER = re.compile(r"^[A-Z0-9]{5,30}$")
PROFILE_KEYS = ("phone", "institution_name", "institution_type", "id_document_type", "id_document_number")


class ProfileFieldsMixin(forms.Form):
    """The applicant's profile fields, shared by sign-up and the profile page.

    ``stored_id_number`` is the identity number already on file. It is never put back
    into the page (the number is shown masked everywhere); an empty number field then
    means "keep the stored one".
    """

    full_name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PhoneField(label=_("Nomor telepon"), max_length=PHONE_MAX_LENGTH + 10)
    institution_name = forms.CharField(
        label=_("Nama instansi/badan usaha"),
        max_length=200,
        help_text=_("Tulis “Perorangan” jika Anda mengajukan atas nama pribadi."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    # It decides where the applicant's questions are routed (central or regional
    # government), so there is no default: an empty first option, and a choice is required.
    institution_type = forms.ChoiceField(
        label=_("Jenis instansi"),
        choices=[("", _("— pilih —"))] + list(InstitutionType.choices),
        help_text=_("Ikut menentukan direktorat yang menangani konsultasi Anda."),
        error_messages={"required": _("Pilih jenis instansi Anda.")},
    )
    id_document_type = forms.ChoiceField(
        label=_("Jenis tanda pengenal (opsional)"),
        choices=[("", "—")] + list(IdentityDocumentType.choices),
        required=False,
    )
    id_document_number = forms.CharField(
        label=_("Nomor tanda pengenal (opsional)"),
        max_length=30,
        required=False,
        help_text=_(
            "Diperlukan untuk layanan tatap muka. Di layar hanya empat karakter terakhir yang ditampilkan."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, stored_id_number: str = "", **kwargs) -> None:
        self.stored_id_number = stored_id_number
        super().__init__(*args, **kwargs)

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_institution_name(self) -> str:
        return " ".join(self.cleaned_data["institution_name"].split())

    def clean_id_document_number(self) -> str:
        return re.sub(r"[\s.\-/]", "", self.cleaned_data.get("id_document_number", "")).upper()

    def _keeps_stored_number(self, cleaned: dict) -> bool:
        return bool(self.stored_id_number) and not cleaned.get("id_document_number")

    def clean(self):
        cleaned = super().clean()
        if "id_document_number" not in cleaned:  # already refused by its own cleaning
            return cleaned
        kind = cleaned.get("id_document_type") or ""
        keeps_stored = self._keeps_stored_number(cleaned)
        number = cleaned.get("id_document_number") or (self.stored_id_number if keeps_stored else "")
        if number and not kind and keeps_stored:
            self.add_error(
                "id_document_type",
                _(
                    "Pilih jenis tanda pengenal untuk nomor yang tersimpan, "
                    "atau centang “Hapus tanda pengenal yang tersimpan”."
                ),
            )
        elif number and not kind:
            self.add_error("id_document_type", _("Pilih jenis tanda pengenal untuk nomor ini."))
        elif kind and not number:
            self.add_error("id_document_number", _("Isi nomor tanda pengenal, atau kosongkan jenisnya."))
        elif kind == IdentityDocumentType.KTP and not _KTP.match(number):
            self.add_error("id_document_number", _("NIK pada KTP terdiri atas 16 angka."))
        elif number and not _ID_NUMBER.match(number):
            self.add_error(
                "id_document_number",
                _("Nomor tanda pengenal hanya boleh berisi huruf dan angka (5–30 karakter)."),
            )
        cleaned["id_document_number"] = number
        return cleaned

    def profile_values(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in PROFILE_KEYS}


class SignupForm(ProfileFieldsMixin):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS).

    allauth puts its own e-mail and password fields on top of these. There is
    deliberately no role field: whatever is posted, sign-up makes an applicant.
    """

    field_order = [
        "email", "full_name", "phone", "institution_name", "institution_type",
        "id_document_type", "id_document_number", "password1", "password2",
    ]

    def signup(self, request, user: User) -> None:
        """Required by allauth; the work is done in ``AccountAdapter.save_user`` instead,
        where the user row and the profile are written in one transaction."""


class ProfileForm(ProfileFieldsMixin):
    language = forms.ChoiceField(
        label=_("Bahasa untuk halaman dan e-mail"),
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
    )
    remove_id_document = forms.BooleanField(
        label=_("Hapus tanda pengenal yang tersimpan"),
        required=False,
    )

    field_order = [
        "full_name", "phone", "institution_name", "institution_type",
        "id_document_type", "id_document_number", "remove_id_document", "language",
    ]

    def __init__(self, *args, masked_id_number: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.stored_id_number:
            self.fields["id_document_number"].help_text = _(
                "Tersimpan: %(masked)s. Biarkan kosong untuk tetap memakai nomor ini, "
                "atau isi nomor baru untuk menggantinya."
            ) % {"masked": masked_id_number}
        else:
            del self.fields["remove_id_document"]

    @classmethod
    def for_user(cls, user: User, data=None) -> ProfileForm:
        """The form for this user's profile, filled from the database on GET."""
        profile = ApplicantProfile.objects.filter(user=user).first()
        stored = profile.id_document_number if profile else ""
        masked = profile.masked_id_document_number if profile else ""
        initial = {"full_name": user.full_name, "language": user.language}
        if profile is not None:
            initial.update(
                phone=profile.phone,
                institution_name=profile.institution_name,
                institution_type=profile.institution_type,
                id_document_type=profile.id_document_type,
                # id_document_number stays empty on purpose: never echo the full number.
            )
        return cls(data, initial=initial, stored_id_number=stored, masked_id_number=masked)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove_id_document"):
            # Removing wins over anything else typed in the two identity fields.
            for key in ("id_document_type", "id_document_number"):
                cleaned[key] = ""
                self.errors.pop(key, None)
        return cleaned


class NotificationSettingsForm(forms.Form):
    """A director's choice of deadline e-mails."""

    digest = forms.TypedChoiceField(
        label=_("E-mail tentang tenggat"),
        choices=[
            ("0", _("Satu e-mail untuk setiap konsultasi yang hampir jatuh tempo atau terlambat")),
            ("1", _("Satu ringkasan harian (pukul 07.00 WIB pada hari kerja)")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        help_text=_("Pemberitahuan di aplikasi tetap dikirim untuk setiap konsultasi."),
    )
