"""Forms of the letter channel: registration and upload, the checklist, disposition,
drafts and their review, and an online meeting's invitation (a letter's fields and the
PIC's). They check every field rule and hand the services typed values (stripped text,
known choices, E.164 phones, the scan as a ``CheckedFile``, dates checked against
today); the services check permission, state and what depends on other rows."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate, User
from accounts.phones import PhoneField
from consultations.channels.daring.forms import MeetingLinkField
from consultations.forms.common import COUNTER, TOO_LONG, AttachmentsField, KindsField
from consultations.limits import DESCRIPTION_MAX_LENGTH
from consultations.models import (
    ADDRESSEE_DIRECTORATE,
    Addressee,
    Classification,
    DispositionTick,
    LetterNature,
    LetterSource,
    ReviewDecision,
    SenderKind,
    Urgency,
)
from core.once import OnceForm
from files.checks import CheckedFile, validate_letter_scan


class ScanField(forms.FileField):
    """The letter's scan: one PDF up to 20 MB that opens (``files.checks.validate_letter_scan``),
    cleaned to the ``CheckedFile`` the services store."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Pindaian surat (PDF)"))
        kwargs.setdefault(
            "help_text", _("Satu berkas PDF, paling besar 20 MB, tanpa kata sandi, memuat tanda tangan (dan stempel).")
        )
        kwargs.setdefault("error_messages", {"required": _("Unggah pindaian surat (PDF).")})
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": ".pdf,application/pdf"})

    def clean(self, data, initial=None) -> CheckedFile | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return validate_letter_scan(upload, field="scan")
        except ValidationError as exc:
            raise ValidationError(exc.error_dict["scan"]) from None


class _LetterFields(OnceForm):
    """What every letter says about itself, checked here once (the services take it as
    cleaned: ``services.LetterFacts``)."""

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
        error_messages={"required": _("Pilih jenis pengirim: perorangan atau instansi/badan hukum."),
                        "invalid_choice": _("Pilih jenis pengirim: perorangan atau instansi/badan hukum.")},
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

    def clean_letter_date(self) -> date:
        letter_date = self.cleaned_data["letter_date"]
        if letter_date > timezone.localdate():
            raise ValidationError(_("Tanggal surat tidak boleh setelah hari ini."), code="future")
        return letter_date

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sender_kind") == SenderKind.INSTITUTION and not cleaned.get("institution_name"):
            self.add_error("institution_name", ValidationError(
                _("Isi nama instansi atau badan hukum pengirim."), code="required"))
        return cleaned


class LetterRegisterForm(_LetterFields):
    """The Sekretariat Pelayanan registers a paper or e-office letter."""

    source = forms.TypedChoiceField(
        label=_("Asal surat"),
        widget=forms.RadioSelect,
        choices=[],
        coerce=LetterSource,
        error_messages={"required": _("Pilih asal surat: surat fisik atau e-office."),
                        "invalid_choice": _("Pilih asal surat: surat fisik atau e-office.")},
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

    def clean(self):
        cleaned = super().clean()
        addressee = cleaned.get("addressee")
        if addressee and addressee not in ADDRESSEE_DIRECTORATE and cleaned.get("directorate") is None:
            self.add_error("directorate", ValidationError(
                _("Surat kepada Kepala LKPP atau Deputi harus diteruskan ke salah satu direktorat."),
                code="directorate_required",
            ))
        return cleaned


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
    """A disposition sheet: to whom (the candidates the user may dispose to), the ticks
    (known ones) or written instructions, an internal target date not before today
    (the service checks it against the case's deadline), the urgency and the
    classification (Biasa unless chosen; the view starts them from the latest
    disposition)."""

    to = forms.TypedChoiceField(label=_("Diteruskan kepada"), coerce=int, empty_value=None,
                                error_messages={"required": _("Pilih penerima disposisi.")})
    ticks = forms.MultipleChoiceField(label=_("Disposisi"), widget=forms.CheckboxSelectMultiple, required=False, choices=[],
                                      error_messages={"invalid_choice": _("Tanda disposisi tidak dikenal.")})
    instructions = forms.CharField(label=_("Catatan/instruksi"), widget=forms.Textarea(attrs={"rows": 3}),
                                   max_length=4000, required=False)
    target_date = forms.DateField(label=_("Target internal"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                  help_text=_("Tidak wajib; tidak melewati batas waktu layanan."),
                                  error_messages={"invalid": _("Isi tanggal yang benar.")})
    urgency = forms.TypedChoiceField(label=_("Kecepatan"), widget=forms.RadioSelect, choices=Urgency.choices,
                                     coerce=Urgency, required=False, empty_value=Urgency.BIASA, initial=Urgency.BIASA,
                                     error_messages={"invalid_choice": _("Pilih kecepatan yang tersedia.")})
    classification = forms.TypedChoiceField(
        label=_("Klasifikasi"), widget=forms.RadioSelect, choices=Classification.choices, coerce=Classification,
        required=False, empty_value=Classification.BIASA, initial=Classification.BIASA,
        error_messages={"invalid_choice": _("Pilih klasifikasi yang tersedia.")},
    )

    def __init__(self, *args, candidates: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {user.pk: user for user in candidates}
        self.fields["to"].choices = [("", _("— Pilih —"))] + [
            (user.pk, f"{user.full_name} ({user.get_role_display()})") for user in candidates
        ]
        self.fields["ticks"].choices = DispositionTick.choices

    def clean_to(self) -> User:
        return self.candidates[self.cleaned_data["to"]]

    def clean_target_date(self) -> date | None:
        target_date = self.cleaned_data.get("target_date")
        if target_date is not None and target_date < timezone.localdate():
            raise ValidationError(_("Target internal tidak boleh sebelum hari ini."), code="past")
        return target_date

    def clean(self):
        cleaned = super().clean()
        if "ticks" in cleaned and "instructions" in cleaned and not cleaned["ticks"] and not cleaned["instructions"]:
            self.add_error("instructions", ValidationError(
                _("Beri paling sedikit satu tanda disposisi atau tulis instruksinya."), code="empty"))
        return cleaned


class DraftForm(OnceForm):
    kinds = KindsField()
    body = forms.CharField(
        label=_("Isi surat jawaban"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Teks biasa; paragraf dipisahkan baris kosong. Pembuka, penutup dan tanda tangan ditambahkan otomatis."),
        error_messages={"required": _("Tulis isi jawaban.")},
    )
    files = AttachmentsField(label=_("Lampiran surat jawaban"))


# The most copies ("Tembusan") a letter lists, and the length of one.
COPIES_MAX = 20
COPY_MAX_LENGTH = 200


class CopiesField(forms.CharField):
    """The answer letter's copies ("Tembusan"), one per line: cleaned to the list of
    non-empty lines, stripped, in the order typed."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", COPIES_MAX * (COPY_MAX_LENGTH + 2))
        kwargs.setdefault("error_messages", {"max_length": TOO_LONG})
        super().__init__(**kwargs)

    def clean(self, value) -> list[str]:
        text = super().clean(value)
        copies = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if len(copies) > COPIES_MAX:
            raise ValidationError(_("Paling banyak %(max)d tembusan.") % {"max": COPIES_MAX}, code="too_many")
        if any(len(copy) > COPY_MAX_LENGTH for copy in copies):
            raise ValidationError(
                _("Satu tembusan paling panjang %(max)d karakter.") % {"max": COPY_MAX_LENGTH}, code="too_long"
            )
        return copies


class ReviewForm(forms.Form):
    """A verdict on the latest version. The Director's (``director=True``) also says the
    letter's "Sifat" (Biasa unless chosen) and its copies, printed when it is issued."""

    decision = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect, choices=[],
                                 error_messages={"required": _("Pilih: setujui atau kembalikan."),
                                                 "invalid_choice": _("Pilih: setujui atau kembalikan.")})
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=4000, help_text=_("Wajib bila dikembalikan."),
                            error_messages={"max_length": TOO_LONG})

    nature = forms.TypedChoiceField(label=_("Sifat surat"), choices=LetterNature.choices, coerce=LetterNature,
                                    required=False, empty_value=LetterNature.BIASA, initial=LetterNature.BIASA,
                                    help_text=_("Dicetak pada surat jawaban bila disetujui."),
                                    error_messages={"invalid_choice": _("Pilih sifat surat yang tersedia.")})
    copies = CopiesField(label=_("Tembusan"), required=False,
                         help_text=_("Satu penerima tembusan per baris; kosongkan bila tidak ada."))

    def __init__(self, *args, director: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = ReviewDecision.choices
        if not director:
            del self.fields["nature"], self.fields["copies"]

    def approval(self) -> dict:
        """What the Director's approval adds (``review_draft``'s ``nature`` and ``copies``)."""
        if "nature" not in self.fields:
            return {}
        return {"nature": self.cleaned_data["nature"], "copies": self.cleaned_data["copies"]}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == ReviewDecision.RETURN and "notes" in cleaned and not cleaned["notes"]:
            self.add_error("notes", ValidationError(_("Bagian ini wajib diisi."), code="required"))
        return cleaned


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
    link = MeetingLinkField(label=_("Tautan rapat"), required=False,
                            help_text=_("Diawali http:// atau https://, bila sudah diketahui."))

    def _slot_ahead(self, name: str) -> datetime | None:
        slot = self.cleaned_data.get(name)
        if slot is not None and slot <= timezone.now():
            raise ValidationError(
                _("Waktu yang diusulkan sudah lewat: %(when)s.")
                % {"when": timezone.localtime(slot).strftime("%d-%m-%Y %H:%M")},
                code="past",
            )
        return slot

    def clean_slot_1(self) -> datetime | None:
        return self._slot_ahead("slot_1")

    def clean_slot_2(self) -> datetime | None:
        return self._slot_ahead("slot_2")

    def proposed_slots(self) -> list[datetime]:
        """The times proposed, earliest first."""
        return sorted(self.cleaned_data[name] for name in ("slot_1", "slot_2") if self.cleaned_data.get(name))


def _to_a_director(field: forms.ChoiceField) -> None:
    """An online meeting's invitation is addressed to one of the three Directors."""
    field.choices = [("", _("— Pilih —"))] + [(value, label) for value, label in Addressee.choices
                                              if value in ADDRESSEE_DIRECTORATE]
    field.error_messages["invalid_choice"] = _("Undangan rapat daring ditujukan kepada salah satu dari tiga Direktur.")


class InvitationRegisterForm(_InvitationFields, _LetterFields):
    """The secretariat registers a meeting invitation (e-office or paper)."""

    source = forms.TypedChoiceField(label=_("Asal surat"), widget=forms.RadioSelect, choices=[], coerce=LetterSource,
                                    error_messages={"required": _("Pilih asal surat: surat fisik atau e-office."),
                                                    "invalid_choice": _("Pilih asal surat: surat fisik atau e-office.")})
    eoffice_reference = forms.CharField(label=_("Nomor agenda e-office"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.value, s.label) for s in (LetterSource.PAPER, LetterSource.EOFFICE)]
        _to_a_director(self.fields["addressee"])
        del self.fields["contact_phone"]


class InvitationUploadForm(_InvitationFields, _LetterFields):
    """An applicant uploads their institution's invitation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _to_a_director(self.fields["addressee"])
        del self.fields["contact_phone"]
