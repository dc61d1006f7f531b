"""Forms of the walk-in channel: the form beforehand, the desk's search and
registration, hand-off, more time, the advice."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import IdentityDocumentType, InstitutionType, User
from accounts.phones import PhoneField
from consultations.forms.common import COUNTER, TOO_LONG, AttachmentsField, CategoryChoiceField, KindsField
from consultations.limits import DESCRIPTION_MAX_LENGTH
from consultations.models import Category, GuestHandoff, VisitForm, WalkIn
from core.once import OnceForm

LAST4_MESSAGE = _("Isi tepat 4 karakter terakhir nomor tanda pengenal (huruf atau angka), tidak lebih.")


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


class _GuestFields(forms.Form):
    """The walk-in consultation form's fields (beforehand in the portal, or a paper form
    typed in at the desk). The services take what they clean and do not check it again:
    stripped text within the columns' lengths, the phone in E.164, an active category."""

    name = forms.CharField(label=_("Nama lengkap"), max_length=_max_length(VisitForm, "name"))
    email = forms.EmailField(
        label=_("Alamat e-mail"),
        error_messages={"required": _("Isi alamat e-mail."), "invalid": _("Alamat e-mail ini tidak valid.")},
    )
    phone = PhoneField(label=_("Nomor telepon"))
    institution_name = forms.CharField(
        label=_("Nama instansi/badan usaha"), max_length=_max_length(VisitForm, "institution_name")
    )
    institution_type = forms.ChoiceField(
        label=_("Jenis instansi"), choices=[], error_messages={"required": _("Pilih jenis instansi.")}
    )
    category = CategoryChoiceField(
        label=_("Kategori permasalahan"),
        queryset=Category.objects.active(),
        empty_label=_("— Pilih kategori —"),
        error_messages={"required": _("Pilih kategori permasalahan."),
                        "invalid_choice": _("Pilih kategori permasalahan yang tersedia.")},
    )
    question = forms.CharField(
        label=_("Pertanyaan atau permasalahan"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, **COUNTER}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution_type"].choices = [("", _("— Pilih —")), *InstitutionType.choices]


class VisitFormForm(OnceForm, _GuestFields):
    """The walk-in form filled beforehand (no account needed)."""

    files = AttachmentsField()


class VisitSearchForm(forms.Form):
    q = forms.CharField(label=_("Kode kunjungan, nama atau e-mail"), max_length=200, required=False)


class VisitRegistrationForm(OnceForm):
    """The desk's registration: the channel's checklist (every item met), the identity
    document's type and the last four characters of its number, and — outside the desk's
    hours — the reason (whether it is needed depends on the hour: ``services.register_visit``
    decides)."""

    id_document_type = forms.ChoiceField(
        label=_("Jenis tanda pengenal yang ditunjukkan"), choices=[],
        error_messages={"required": _("Pilih jenis tanda pengenal yang ditunjukkan.")},
    )
    id_number_last4 = forms.CharField(
        label=_("4 karakter terakhir nomor tanda pengenal"), max_length=4, min_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 6}),
        help_text=_("Hanya empat karakter terakhir yang disimpan; jangan ketik nomor lengkapnya."),
        error_messages={
            "required": _("Isi 4 karakter terakhir nomor tanda pengenal."),
            "max_length": LAST4_MESSAGE,
            "min_length": LAST4_MESSAGE,
        },
    )
    outside_hours_reason = forms.CharField(
        label=_("Alasan pendaftaran di luar jam layanan"), max_length=_max_length(WalkIn, "outside_hours_reason"),
        required=False,
        help_text=_("Wajib bila saat ini di luar jam layanan tatap muka."),
    )

    def __init__(self, *args, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement_keys = []
        for item in requirements:
            name = f"item_{item.key}"
            self.fields[name] = forms.BooleanField(label=item.label, required=False)
            self.requirement_keys.append((name, item.key))
        self.requirement_labels = {item.key: str(item.label) for item in requirements}
        self.fields["id_document_type"].choices = [("", _("— Pilih —")), *IdentityDocumentType.choices]
        self.order_fields([name for name, _key in self.requirement_keys])

    def clean_id_number_last4(self) -> str:
        """Four letters or digits (ASCII), upper case: never more of the number."""
        value = self.cleaned_data["id_number_last4"].upper()
        if len(value) != 4 or not value.isalnum() or not value.isascii():
            raise ValidationError(LAST4_MESSAGE, code="last4")
        return value

    def clean(self):
        cleaned = super().clean()
        missing = [self.requirement_labels[key] for name, key in self.requirement_keys if not cleaned.get(name)]
        if missing:
            self.add_error(
                None,
                ValidationError(
                    _("Persyaratan belum terpenuhi: %(items)s") % {"items": "; ".join(missing)}, code="missing"
                ),
            )
        return cleaned

    def ticked(self) -> list[str]:
        return [key for name, key in self.requirement_keys if self.cleaned_data.get(name)]

    def requirement_fields(self):
        return [self[name] for name, _key in self.requirement_keys]


class PaperVisitRegistrationForm(VisitRegistrationForm, _GuestFields):
    """A paper form typed in at the desk, then registered."""


class HandOffForm(forms.Form):
    """Hand the guest to one of ``candidates`` (who may receive them is the service's
    rule); ``passing``: the user holds the guest and passes them to a colleague, which
    needs a reason."""

    to = forms.TypedChoiceField(label=_("Serahkan kepada"), coerce=int, empty_value=None,
                                error_messages={"required": _("Pilih pegawai yang bertugas.")})
    reason = forms.CharField(label=_("Alasan"), max_length=_max_length(GuestHandoff, "reason"), required=False,
                             help_text=_("Wajib bila Anda meneruskan tamu kepada rekan."),
                             error_messages={"required": _("Bagian ini wajib diisi.")})

    def __init__(self, *args, candidates: list[User], passing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {user.pk: user for user in candidates}
        self.fields["to"].choices = [("", _("— Pilih —"))] + [(u.pk, u.full_name) for u in candidates]
        self.fields["reason"].required = passing

    def clean_to(self) -> User:
        return self.candidates[self.cleaned_data["to"]]


class MoreTimeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan memerlukan waktu lebih"), max_length=_max_length(WalkIn, "more_time_reason"),
        widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": _("Tulis alasannya.")},
    )


class AdviceForm(OnceForm):
    kinds = KindsField()  # at least one, none unknown, in the standard's order
    summary = forms.CharField(
        label=_("Ringkasan saran yang diberikan"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Dikirim kepada tamu melalui e-mail."), error_messages={"required": _("Tulis ringkasan sarannya.")},
    )
    files = AttachmentsField()
