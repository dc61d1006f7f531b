"""The website channel's forms: the applicant's question, and the staff's answer."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.forms.common import COUNTER, TOO_LONG, AttachmentsField, CategoryChoiceField, KindsField
from consultations.limits import DESCRIPTION_MAX_LENGTH
from consultations.models import Category, ProcurementStage
from core.once import OnceForm


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


class AnswerForm(OnceForm):
    kinds = KindsField(help_text=_("Boleh lebih dari satu."))
    text = forms.CharField(
        label=_("Isi jawaban"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Tulis isi jawaban.")},
    )
    files = AttachmentsField()
