"""Forms of the letter channel: registration and upload, the checklist, disposition,
drafts and their review."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate, User
from accounts.phones import PhoneField
from consultations.forms.common import COUNTER, TOO_LONG, AttachmentsField
from consultations.limits import DESCRIPTION_MAX_LENGTH
from consultations.models import Addressee, AnswerKind, DispositionTick, LetterSource, ReviewDecision, SenderKind
from core.once import OnceForm
from files.checks import validate_letter_scan


class ScanField(forms.FileField):
    """The letter's scan: one PDF up to 20 MB that opens (``files.checks.validate_letter_scan``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Pindaian surat (PDF)"))
        kwargs.setdefault(
            "help_text", _("Satu berkas PDF, paling besar 20 MB, tanpa kata sandi, memuat tanda tangan (dan stempel).")
        )
        kwargs.setdefault("error_messages", {"required": _("Unggah pindaian surat (PDF).")})
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": ".pdf,application/pdf"})

    def validate(self, value):
        super().validate(value)
        if value:
            try:
                validate_letter_scan(value, field="scan")
            except ValidationError as exc:
                raise ValidationError(exc.error_dict["scan"]) from None


class _LetterFields(OnceForm):
    """What every letter says about itself; the services check it all again."""

    addressee = forms.ChoiceField(
        label=_("Ditujukan kepada"),
        choices=[("", _("— Pilih —"))],
        error_messages={"required": _("Pilih kepada siapa surat ini ditujukan."),
                        "invalid_choice": _("Pilih kepada siapa surat ini ditujukan.")},
    )
    sender_kind = forms.ChoiceField(
        label=_("Jenis pengirim"),
        widget=forms.RadioSelect,
        choices=[],
        error_messages={"required": _("Pilih jenis pengirim: perorangan atau instansi/badan hukum.")},
    )
    sender_name = forms.CharField(label=_("Nama pengirim / penanda tangan"), max_length=200)
    institution_name = forms.CharField(
        label=_("Nama instansi/badan hukum"), max_length=200, required=False,
        help_text=_("Wajib bila pengirim adalah instansi atau badan hukum."),
    )
    letter_number = forms.CharField(label=_("Nomor surat"), max_length=100)
    letter_date = forms.DateField(
        label=_("Tanggal surat"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal surat."), "invalid": _("Isi tanggal surat yang benar.")},
    )
    subject = forms.CharField(label=_("Perihal"), max_length=200)
    summary = forms.CharField(
        label=_("Ringkasan permasalahan"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, **COUNTER}),
        error_messages={"max_length": TOO_LONG},
    )
    contact_phone = PhoneField(label=_("Telepon untuk jawaban"), required=False)
    scan = ScanField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].choices = [("", _("— Pilih —")), *Addressee.choices]
        self.fields["sender_kind"].choices = SenderKind.choices


class LetterRegisterForm(_LetterFields):
    """The Sekretariat Pelayanan registers a paper or e-office letter."""

    source = forms.ChoiceField(
        label=_("Asal surat"),
        widget=forms.RadioSelect,
        choices=[],
        error_messages={"required": _("Pilih asal surat: surat fisik atau e-office.")},
    )
    eoffice_reference = forms.CharField(label=_("Nomor agenda e-office"), max_length=100, required=False)
    contact_email = forms.EmailField(
        label=_("E-mail untuk jawaban"),
        error_messages={"required": _("Isi alamat e-mail untuk jawaban."), "invalid": _("Alamat e-mail ini tidak valid.")},
    )
    directorate = forms.TypedChoiceField(
        label=_("Diteruskan ke direktorat"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Wajib untuk surat kepada Kepala LKPP atau Deputi."),
    )
    language = forms.ChoiceField(label=_("Bahasa jawaban"), choices=[("id", "Bahasa Indonesia"), ("en", "English")], initial="id")

    def __init__(self, *args, directorates: list[Directorate], **kwargs):
        super().__init__(*args, **kwargs)
        self.directorates = {d.pk: d for d in directorates}
        self.fields["directorate"].choices = [("", _("— Sesuai alamat surat —"))] + [
            (d.pk, d.localized_name) for d in directorates
        ]
        self.fields["source"].choices = [(s.value, s.label) for s in (LetterSource.PAPER, LetterSource.EOFFICE)]

    def clean_directorate(self) -> Directorate | None:
        value = self.cleaned_data.get("directorate")
        return self.directorates.get(value) if value else None


class LetterUploadForm(_LetterFields):
    """An applicant uploads their signed letter in the portal."""

    contact_email = forms.EmailField(
        label=_("E-mail untuk jawaban"), required=False,
        help_text=_("Kosongkan untuk memakai e-mail akun Anda."),
        error_messages={"invalid": _("Alamat e-mail ini tidak valid.")},
    )


class ChecklistForm(forms.Form):
    """The channel's checklist for one letter, item by item (``selectors.letter_requirements``)."""

    directorate = forms.TypedChoiceField(label=_("Diteruskan ke direktorat"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, requirements, directorates: list[Directorate], **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement_keys = []
        for item in requirements:
            name = f"item_{item.key}"
            self.fields[name] = forms.BooleanField(label=item.label, required=False)
            self.requirement_keys.append((name, item.key))
        self.directorates = {d.pk: d for d in directorates}
        self.fields["directorate"].choices = [("", _("— Tetap —"))] + [(d.pk, d.localized_name) for d in directorates]
        # Render the directorate choice after the items.
        self.order_fields([name for name, _key in self.requirement_keys] + ["directorate"])

    def ticked(self) -> list[str]:
        return [key for name, key in self.requirement_keys if self.cleaned_data.get(name)]

    def clean_directorate(self) -> Directorate | None:
        value = self.cleaned_data.get("directorate")
        return self.directorates.get(value) if value else None


class DisposeForm(forms.Form):
    to = forms.TypedChoiceField(label=_("Diteruskan kepada"), coerce=int, empty_value=None,
                                error_messages={"required": _("Pilih penerima disposisi.")})
    ticks = forms.MultipleChoiceField(label=_("Disposisi"), widget=forms.CheckboxSelectMultiple, required=False, choices=[])
    instructions = forms.CharField(label=_("Catatan/instruksi"), widget=forms.Textarea(attrs={"rows": 3}),
                                   max_length=4000, required=False)
    target_date = forms.DateField(label=_("Target internal"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                  help_text=_("Tidak wajib; tidak melewati batas waktu layanan."),
                                  error_messages={"invalid": _("Isi tanggal yang benar.")})

    def __init__(self, *args, candidates: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {user.pk: user for user in candidates}
        self.fields["to"].choices = [("", _("— Pilih —"))] + [
            (user.pk, f"{user.full_name} ({user.get_role_display()})") for user in candidates
        ]
        self.fields["ticks"].choices = DispositionTick.choices

    def clean_to(self) -> User:
        return self.candidates[self.cleaned_data["to"]]


class DraftForm(OnceForm):
    kinds = forms.MultipleChoiceField(
        label=_("Jenis jawaban"),
        choices=AnswerKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih paling sedikit satu jenis jawaban.")},
    )
    body = forms.CharField(
        label=_("Isi surat jawaban"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Teks biasa; paragraf dipisahkan baris kosong. Pembuka, penutup dan tanda tangan ditambahkan otomatis."),
        error_messages={"required": _("Tulis isi jawaban.")},
    )
    files = AttachmentsField(label=_("Lampiran surat jawaban"))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect, choices=[],
                                 error_messages={"required": _("Pilih: setujui atau kembalikan.")})
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            help_text=_("Wajib bila dikembalikan."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = ReviewDecision.choices


# --- the online-meeting channel: the invitation and the meeting -------------------------------


class _InvitationFields(forms.Form):
    """What an online meeting's invitation asks for, beside the letter's own fields."""

    pic_name = forms.CharField(label=_("Nama PIC"), max_length=200)
    pic_phone = PhoneField(label=_("Telepon PIC"))
    pic_email = forms.EmailField(
        label=_("E-mail PIC"),
        error_messages={"required": _("Isi alamat e-mail PIC."), "invalid": _("Alamat e-mail PIC tidak valid.")},
    )
    slot_1 = forms.DateTimeField(label=_("Usulan waktu 1"), required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    slot_2 = forms.DateTimeField(label=_("Usulan waktu 2"), required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    platform = forms.CharField(label=_("Platform rapat"), max_length=100, required=False,
                               help_text=_("Misalnya Zoom, Google Meet atau Microsoft Teams, bila sudah diketahui."))
    link = forms.CharField(label=_("Tautan rapat"), max_length=500, required=False,
                           help_text=_("Diawali http:// atau https://, bila sudah diketahui."))

    def proposed_slots(self) -> list:
        return [self.cleaned_data[name] for name in ("slot_1", "slot_2") if self.cleaned_data.get(name)]


class InvitationRegisterForm(_InvitationFields, _LetterFields):
    """The secretariat registers a meeting invitation (e-office or paper)."""

    source = forms.ChoiceField(label=_("Asal surat"), widget=forms.RadioSelect, choices=[],
                               error_messages={"required": _("Pilih asal surat: surat fisik atau e-office.")})
    eoffice_reference = forms.CharField(label=_("Nomor agenda e-office"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.value, s.label) for s in (LetterSource.PAPER, LetterSource.EOFFICE)]
        self.fields["addressee"].choices = [("", _("— Pilih —"))] + [
            (value, label) for value, label in Addressee.choices if value.startswith("direktur")
        ]
        del self.fields["contact_phone"]


class InvitationUploadForm(_InvitationFields, _LetterFields):
    """An applicant uploads their institution's invitation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].choices = [("", _("— Pilih —"))] + [
            (value, label) for value, label in Addressee.choices if value.startswith("direktur")
        ]
        del self.fields["contact_phone"]
