"""Forms of the consultation pages. They validate and return typed values; the services
change state (and check everything again, so a form is a courtesy, not the guard)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate, User
from files.checks import (
    ALLOWED_DESCRIPTION,
    ALLOWED_TYPES,
    MAX_FILE_SIZE,
    MAX_FILES,
    refused_names,
    validate_letter_scan,
    validate_uploads,
)
from workdays.deadlines import DeadlineState

from .channels import Channel
from .limits import DESCRIPTION_MAX_LENGTH, MESSAGE_MAX_LENGTH
from .models import (
    Addressee,
    AnswerKind,
    Category,
    DispositionTick,
    LetterSource,
    ProcurementStage,
    ReviewDecision,
    SenderKind,
)
from .once import OnceForm
from .workflow import Status

ACCEPT = ",".join(
    [ext for file_type in ALLOWED_TYPES for ext in (file_type.extension, *file_type.also)]
    + [file_type.content_type for file_type in ALLOWED_TYPES]
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


def _attachments_help_now() -> str:
    return gettext("Paling banyak %(max)d berkas, masing-masing paling besar %(size)d MB: %(types)s.") % {
        "max": MAX_FILES,
        "size": MAX_FILE_SIZE // (1024 * 1024),
        "types": ALLOWED_DESCRIPTION,
    }


# Fields are built when the form class is defined; formatting a lazy string there (``%``)
# would fix it in the language active at import. Lazy, it is formatted when shown.
_attachments_help = lazy(_attachments_help_now, str)


class AttachmentsField(forms.Field):
    """Up to five files, checked by content (``files.checks.validate_uploads``), whose
    messages name each refused file. After validation ``refused`` holds their names, so
    that a page shown again can say which files not to choose again without checking
    them a second time."""

    widget = MultipleFileInput
    refused: frozenset[str] = frozenset()

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Lampiran"))
        kwargs.setdefault("help_text", _attachments_help())
        super().__init__(**kwargs)
        self.widget.attrs.update({"multiple": True, "accept": ACCEPT})

    def to_python(self, data):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return [item for item in data if item]

    def validate(self, value):
        super().validate(value)
        try:
            validate_uploads(value, field="files")
        except ValidationError as exc:
            self.refused = refused_names(exc.error_dict["files"])
            raise ValidationError(exc.error_dict["files"]) from None


# static/js/char-counter.js shows "n of max characters" under every textarea that
# carries this attribute; the wording comes from here, in the page's language.
COUNTER = {"data-counter": _("%(count)s dari %(max)s karakter")}
TOO_LONG = _(
    "Teks ini terlalu panjang: paling banyak %(limit_value)d karakter, sekarang %(show_value)d. "
    "Persingkat teksnya atau lampirkan rinciannya sebagai berkas."
)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.localized_name


def _this_year() -> int:
    return timezone.localdate().year


class ConsultationForm(OnceForm):
    """"Ajukan Konsultasi": the question and its procurement context."""

    category = CategoryChoiceField(
        label=_("Kategori permasalahan"),
        queryset=Category.objects.active(),
        empty_label=_("— Pilih kategori —"),
        error_messages={"required": _("Pilih kategori permasalahan."), "invalid_choice": _("Pilih kategori permasalahan yang tersedia.")},
    )
    subject = forms.CharField(
        label=_("Perihal"),
        max_length=200,
        help_text=_("Satu kalimat singkat, misalnya: Penyusunan HPS untuk pengadaan alat kesehatan."),
    )
    description = forms.CharField(
        label=_("Uraian permasalahan"),
        max_length=DESCRIPTION_MAX_LENGTH,  # also the textarea's maxlength
        widget=forms.Textarea(attrs={"rows": 8, **COUNTER}),
        help_text=_("Jelaskan duduk perkaranya, apa yang sudah dilakukan, dan apa yang ingin Anda tanyakan."),
        error_messages={"max_length": TOO_LONG},
    )
    institution_name = forms.CharField(label=_("Nama instansi/badan usaha"), max_length=200)
    procurement_package = forms.CharField(
        label=_("Nama paket atau kode RUP"),
        max_length=255,
        required=False,
        help_text=_("Tidak wajib. Isi bila pertanyaan menyangkut paket tertentu."),
    )
    fiscal_year = forms.IntegerField(
        label=_("Tahun anggaran"),
        min_value=2000,
        max_value=2100,
        initial=_this_year,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Isi tahun anggaran dengan empat angka, misalnya 2025."),
            "invalid": _("Isi tahun anggaran dengan empat angka, misalnya 2025."),
            "min_value": _("Isi tahun anggaran dengan empat angka, misalnya 2025."),
            "max_value": _("Isi tahun anggaran dengan empat angka, misalnya 2025."),
        },
    )
    procurement_stage = forms.ChoiceField(
        label=_("Tahap pengadaan"),
        choices=[("", _("— Pilih tahap —")), *ProcurementStage.choices],
        error_messages={"required": _("Pilih tahap pengadaan.")},
    )
    files = AttachmentsField()



class MessageForm(OnceForm):
    body = forms.CharField(
        label=_("Pesan"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, **COUNTER}),
        error_messages={"required": _("Tulis pesan Anda."), "max_length": TOO_LONG},
    )
    files = AttachmentsField()


class NoteForm(OnceForm):
    body = forms.CharField(
        label=_("Catatan internal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hanya terlihat oleh pegawai; tidak pernah ditampilkan kepada pemohon atau dikirim lewat e-mail."),
        error_messages={"required": _("Tulis catatan Anda.")},
    )


class AnswerForm(OnceForm):
    kinds = forms.MultipleChoiceField(
        label=_("Jenis jawaban"),
        choices=AnswerKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Boleh lebih dari satu."),
        error_messages={"required": _("Pilih paling sedikit satu jenis jawaban.")},
    )
    text = forms.CharField(
        label=_("Isi jawaban"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Tulis isi jawaban.")},
    )
    files = AttachmentsField()


class AssignForm(forms.Form):
    """The people ``actor`` may assign, given as a list already checked by the policies
    (one query for the page, none for validation)."""

    assignee = forms.TypedChoiceField(label=_("Tugaskan kepada"), coerce=int, empty_value=None)

    def __init__(self, *args, candidates: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {user.pk: user for user in candidates}
        self.fields["assignee"].choices = [("", _("— Pilih petugas —"))] + [
            (user.pk, f"{user.full_name} ({user.get_role_display()})") for user in candidates
        ]
        self.fields["assignee"].error_messages["required"] = _("Pilih petugas.")

    def clean_assignee(self) -> User:
        return self.candidates[self.cleaned_data["assignee"]]


class RerouteForm(forms.Form):
    directorate = forms.TypedChoiceField(
        label=_("Alihkan ke"),
        coerce=int,
        empty_value=None,
        error_messages={"required": _("Pilih direktorat tujuan.")},
    )
    reason = forms.CharField(
        label=_("Alasan pengalihan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dicatat dalam riwayat. Batas waktu tidak berubah."),
        error_messages={"required": _("Tulis alasan pengalihan.")},
    )

    def __init__(self, *args, directorates: list[Directorate], **kwargs):
        super().__init__(*args, **kwargs)
        self.directorates = {directorate.pk: directorate for directorate in directorates}
        self.fields["directorate"].choices = [("", _("— Pilih direktorat —"))] + [
            (directorate.pk, directorate.localized_name) for directorate in directorates
        ]

    def clean_directorate(self) -> Directorate:
        return self.directorates[self.cleaned_data["directorate"]]


# --- the staff queue's filters ------------------------------------------------------

UNASSIGNED = "none"
MINE = "me"
# What the delivered status was called in the queue's links until issue #7.
FORMER_DELIVERED = "answered"


class QueueFilterForm(forms.Form):
    """GET filters of the staff queue; works without JavaScript (a plain form)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Yang sedang berjalan"))]
        + [(s.value, s.label) for s in (Status.SUBMITTED, Status.ASSIGNED, Status.DELIVERED)],
    )
    category = forms.TypedChoiceField(label=_("Kategori"), required=False, coerce=int, empty_value=None)
    deadline = forms.ChoiceField(
        label=_("Tenggat"),
        required=False,
        choices=[("", _("Semua"))] + [(s.value, s.label) for s in DeadlineState],
    )
    assignee = forms.ChoiceField(label=_("Petugas"), required=False)

    def __init__(self, *args, categories: list[Category], assignees: list[User], **kwargs):
        # Choices from lists the view read once: rendering and validating cost no query.
        super().__init__(*args, **kwargs)
        if self.data.get("status") == FORMER_DELIVERED:  # a link saved before issue #7
            self.data = self.data.copy()
            self.data["status"] = Status.DELIVERED.value
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [("", _("Semua kategori"))] + [
            (category.pk, category.localized_name) for category in categories
        ]
        self.fields["assignee"].choices = [("", _("Semua")), (MINE, _("Saya")), (UNASSIGNED, _("Belum ditugaskan"))] + [
            (str(user.pk), user.full_name) for user in assignees
        ]

    def clean_category(self) -> Category | None:
        pk = self.cleaned_data["category"]
        return self.categories[pk] if pk is not None else None


# --- the SLA dashboard ------------------------------------------------------------------

MAX_DASHBOARD_MONTHS = 36
_MONTH_INPUT = {"type": "month", "placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}"}


class MonthField(forms.Field):
    """A month as ``YYYY-MM`` (what ``<input type="month">`` sends); cleaned to its first day."""

    default_error_messages = {"invalid": _("Tulis bulan sebagai TTTT-BB, misalnya 2026-03.")}

    def __init__(self, **kwargs):
        super().__init__(widget=forms.TextInput(attrs=_MONTH_INPUT), **kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1) if 2000 <= year <= 2100 else self._invalid()
        except ValueError:
            return self._invalid()

    def _invalid(self):
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class DashboardFilterForm(forms.Form):
    """GET filters of the dashboard: a period of whole months, a channel, and — for those
    who see every directorate — a directorate. Empty: the last 12 months."""

    dari = MonthField(label=_("Dari bulan"), required=False)
    sampai = MonthField(label=_("Sampai bulan"), required=False)
    saluran = forms.ChoiceField(
        label=_("Saluran"), required=False, error_messages={"invalid_choice": _("Saluran tidak dikenal.")}
    )
    direktorat = forms.ChoiceField(
        label=_("Direktorat"), required=False, error_messages={"invalid_choice": _("Direktorat tidak dikenal.")}
    )

    def __init__(self, *args, directorates: list[Directorate] | None, today: date, **kwargs):
        """``directorates``: the choices; None: the user has no choice (a director)."""
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["saluran"].choices = [("", _("Semua saluran")), *Channel.choices]
        if directorates is None:
            del self.fields["direktorat"]
        else:
            # The choices from the list the view read: validating costs no query.
            self._directorates = {d.code: d for d in directorates}
            self.fields["direktorat"].choices = [("", _("Semua direktorat"))] + [
                (d.code, d.localized_name) for d in directorates
            ]

    def clean_direktorat(self) -> Directorate | None:
        code = self.cleaned_data["direktorat"]
        return self._directorates[code] if code else None

    def clean(self):
        data = super().clean()
        this_month = self.today.replace(day=1)
        end = data.get("sampai") or this_month
        start = data.get("dari") or _months_before(end, 11)
        if "dari" in self.errors or "sampai" in self.errors:
            return data
        if start > end:
            raise ValidationError(_("Bulan awal harus sebelum atau sama dengan bulan akhir."), code="order")
        if (end.year - start.year) * 12 + end.month - start.month >= MAX_DASHBOARD_MONTHS:
            raise ValidationError(
                _("Rentang paling lama %(months)d bulan.") % {"months": MAX_DASHBOARD_MONTHS}, code="too_long"
            )
        data["dari"], data["sampai"] = start, end
        return data


def _months_before(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


# --- the letter channel ---------------------------------------------------------------


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
        widget=forms.DateInput(attrs={"type": "date"}),
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
    contact_phone = forms.CharField(label=_("Telepon untuk jawaban"), max_length=30, required=False)
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
    """The channel's checklist for one letter, item by item (``services.letters.letter_requirements``)."""

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
                                  widget=forms.DateInput(attrs={"type": "date"}),
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
