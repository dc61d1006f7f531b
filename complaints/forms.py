"""The complaints desk's forms: the one place of the field rules. They hand the services
typed values (stripped text within its length, a known kind and channel, the phone in
E.164, the channel's own reference checked and normalised, the letter's scan as a
``CheckedFile``); the services check who acts, the complaint's state and the rows a
complaint names. Bad input keeps what was typed: the views show the bound form again
with the message next to its field."""

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Directorate
from accounts.phones import PhoneField
from files.checks import validate_letter_scan

from .models import EXTENSIONS, Channel, Kind

TEXT_MAX_LENGTH = 10_000
FOLLOW_UP_MAX_LENGTH = 10_000
# A staff member may log a call or a letter received earlier (after a weekend), never
# one from the future, nor one so old its deadline is long past by the time it is typed.
BACKDATE_MAX = timedelta(days=31)
# SP4N-LAPOR!'s tracking IDs are numbers ("#1916449"); the number, without "#".
LAPOR_NUMBER = re.compile(r"^\d{6,12}$")

STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.WEB]
KIND_HELP = {
    Kind.PENGADUAN: _("ketidakpuasan atas pelayanan advokasi"),
    Kind.KEBERATAN: _("keberatan atas jawaban atau keputusan layanan"),
    Kind.SARAN: _("usul perbaikan layanan"),
    Kind.MASUKAN: _("pendapat atau informasi bagi layanan"),
}


def lapor_number(value: str) -> str:
    """A LAPOR! tracking number as stored: digits only (a leading "#" and spaces dropped)."""
    cleaned = (value or "").strip().lstrip("#").replace(" ", "")
    if not cleaned:
        raise ValidationError(_("Isi nomor pelacakan LAPOR!."), code="required")
    if not LAPOR_NUMBER.match(cleaned):
        raise ValidationError(
            _("Nomor pelacakan LAPOR! berupa 6–12 angka, misalnya 1916449 (tanda # boleh ditulis)."),
            code="lapor_format",
        )
    return cleaned


def _directorates():
    return Directorate.objects.order_by("id")


class DirectorateChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.localized_name


class ComplaintForm(forms.Form):
    """The public web form: signed in or not; every contact detail optional."""

    kind = forms.ChoiceField(label=_("Jenis"), choices=Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=pgettext_lazy("isi pengaduan", "Uraian"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Ceritakan apa yang terjadi, kapan, dan apa yang Anda harapkan. Jangan menuliskan kata sandi."),
    )
    directorate = DirectorateChoice(
        label=_("Direktorat yang dituju"), queryset=Directorate.objects.none(), required=False,
        empty_label=_("— pilih —"),
        help_text=_("Tidak perlu dipilih bila pengaduan mengenai salah satu konsultasi Anda: pengaduan diteruskan ke "
                    "direktorat yang menanganinya."),
    )
    consultation_number = forms.ChoiceField(
        label=_("Konsultasi terkait (opsional)"), required=False,
        error_messages={"invalid_choice": _("Konsultasi %(value)s tidak ditemukan di antara konsultasi Anda.")},
    )
    name = forms.CharField(label=_("Nama (opsional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail (opsional)"), required=False,
        help_text=_("Kami mengirim kode pelacakan dan tindak lanjut ke alamat ini. Tanpa e-mail, simpan kode "
                    "pelacakan yang ditampilkan setelah pengaduan terkirim."),
    )
    phone = PhoneField(label=_("Telepon (opsional)"), required=False)

    def __init__(self, *args, own_cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directorate"].queryset = _directorates()
        cases = list(own_cases)
        if cases:
            self.fields["consultation_number"].choices = [("", _("— tidak terkait konsultasi —"))] + [
                (case.number, f"{case.number} — {case.subject[:80]}") for case in cases
            ]
        else:
            # Only a signed-in applicant can name a case of their own (it is checked).
            del self.fields["consultation_number"]
        self.kind_help = KIND_HELP


class StaffComplaintForm(forms.Form):
    """What came by telephone, e-office, letter or SP4N-LAPOR!, logged by staff."""

    channel = forms.ChoiceField(label=_("Masuk melalui"), choices=STAFF_CHANNELS, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Kind.choices, widget=forms.RadioSelect)
    received_at = forms.DateTimeField(
        label=_("Diterima pada (WIB)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Batas waktu tindak lanjut dihitung 5 hari kerja dari waktu ini."),
    )
    text = forms.CharField(label=pgettext_lazy("isi pengaduan", "Uraian"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}))
    extension = forms.ChoiceField(
        label=_("Ekstensi yang dihubungi (telepon)"), required=False,
        choices=[("", _("— pilih —"))] + [(ext, f"(021) 29912450 ext {ext}") for ext in EXTENSIONS],
        help_text=_("Menentukan direktorat: 0305 Pusat, 0308 Daerah, 0311 Penanganan Permasalahan Hukum."),
    )
    eoffice_reference = forms.CharField(label=_("Nomor surat e-office"), max_length=100, required=False)
    lapor_number = forms.CharField(
        label=_("Nomor pelacakan LAPOR!"), max_length=20, required=False, help_text=_("Misalnya 1916449.")
    )
    scan = forms.FileField(
        label=_("Pindaian surat (PDF)"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )
    consultation_number = forms.CharField(
        label=_("Nomor konsultasi terkait (opsional)"), max_length=40, required=False
    )
    directorate = DirectorateChoice(
        label=_("Direktorat yang dituju"), queryset=Directorate.objects.none(), required=False,
        empty_label=_("— pilih —"),
        help_text=_("Untuk e-office, surat dan LAPOR! yang tidak menyebut konsultasi."),
    )
    name = forms.CharField(label=_("Nama pelapor (opsional)"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail pelapor (opsional)"), required=False)
    phone = PhoneField(label=_("Telepon pelapor (opsional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directorate"].queryset = _directorates()
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_received_at(self):
        received_at = self.cleaned_data["received_at"]
        now = timezone.now()
        if received_at > now:
            raise ValidationError(_("Waktu diterima tidak boleh di masa depan."), code="future")
        if received_at < now - BACKDATE_MAX:
            raise ValidationError(_("Waktu diterima paling lama 31 hari yang lalu."), code="too_old")
        return received_at

    def clean_scan(self):
        """The letter's scan, checked once (``validate_letter_scan``): a ``CheckedFile``
        the service stores as it is, or None."""
        upload = self.cleaned_data.get("scan")
        if not upload:
            return None
        try:
            return validate_letter_scan(upload)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["scan"]) from None

    def clean_consultation_number(self):
        return self.cleaned_data["consultation_number"].upper()

    def clean(self):
        """The channel's own reference: the extension called (it routes the call), the
        e-office number, the letter's scan, the LAPOR! number (digits only). Another
        channel's reference is handed over empty."""
        data = super().clean()
        channel = data.get("channel")
        if channel == Channel.PHONE:
            if data.get("extension") not in EXTENSIONS and "extension" not in self.errors:
                self.add_error("extension", _("Pilih ekstensi yang dihubungi: 0305, 0308 atau 0311."))
        else:
            data["extension"] = ""
        if channel == Channel.EOFFICE:
            if not data.get("eoffice_reference") and "eoffice_reference" not in self.errors:
                self.add_error("eoffice_reference", _("Bagian ini wajib diisi."))
        else:
            data["eoffice_reference"] = ""
        if channel == Channel.LETTER and not data.get("scan") and "scan" not in self.errors:
            self.add_error("scan", _("Unggah pindaian surat (PDF)."))
        if channel == Channel.LAPOR:
            if "lapor_number" not in self.errors:
                try:
                    data["lapor_number"] = lapor_number(data.get("lapor_number", ""))
                except ValidationError as exc:
                    self.add_error("lapor_number", exc)
        else:
            data["lapor_number"] = ""
        return data


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Keterangan Anda"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5}))


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pelacakan"), max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                      "placeholder": "ADU-XXXX-XXXX-XXXX-XXXX"}),
    )


class AskForm(forms.Form):
    text = forms.CharField(label=_("Pertanyaan kepada pelapor"), max_length=TEXT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(forms.Form):
    follow_up = forms.CharField(
        label=_("Tindak lanjut"), max_length=FOLLOW_UP_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Dikirim kepada pelapor dan tampil di halaman pelacakan; tanpa nama pegawai."),
    )


class RerouteForm(forms.Form):
    directorate = DirectorateChoice(label=_("Alihkan ke"), queryset=Directorate.objects.none())
    reason = forms.CharField(label=_("Alasan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = _directorates()
        if exclude is not None:
            queryset = queryset.exclude(pk=exclude)
        self.fields["directorate"].queryset = queryset


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tampilkan"), required=False,
        choices=[("open", _("Belum selesai")), ("late", _("Terlambat")), ("closed", _("Selesai")), ("all", _("Semua"))],
    )
