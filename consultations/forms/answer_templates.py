"""The form a Director or team lead keeps an answer template with. It validates and
returns typed values; ``services.answer_templates`` saves (and checks again)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import Category
from .common import COUNTER, TOO_LONG, CategoryChoiceField

# A passage is a paragraph or a few, not a whole answer; citations a short list.
BODY_MAX_LENGTH = 10_000
REGULATIONS_MAX_LENGTH = 2_000


class AnswerTemplateForm(forms.Form):
    category = CategoryChoiceField(
        label=_("Kategori permasalahan"),
        queryset=Category.objects.none(),
        empty_label=_("— Pilih kategori —"),
        error_messages={"required": _("Pilih kategori permasalahan."), "invalid_choice": _("Pilih kategori permasalahan yang tersedia.")},
    )
    title = forms.CharField(
        label=_("Judul"),
        max_length=200,
        help_text=_("Yang dilihat pegawai saat memilih, misalnya: HPS dengan satu penyedia."),
        error_messages={"required": _("Tulis judul templat.")},
    )
    body = forms.CharField(
        label=_("Isi templat"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10, **COUNTER}),
        help_text=_("Paragraf jawaban yang dapat dipakai ulang; pegawai menyesuaikannya dengan kasusnya."),
        error_messages={"required": _("Tulis isi templat."), "max_length": TOO_LONG},
    )
    regulations = forms.CharField(
        label=_("Dasar hukum"),
        required=False,
        max_length=REGULATIONS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Peraturan yang dirujuk, satu per baris, misalnya: Pasal 26 Perpres 16/2018 jo. Perpres 12/2021."),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, current: Category | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The active categories, and the template's own even if it has been retired since.
        shown = Q(is_active=True) | (Q(pk=current.pk) if current is not None else Q(pk__in=[]))
        self.fields["category"].queryset = Category.objects.filter(shown)
