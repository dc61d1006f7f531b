"""The editor's form: the article's text, and one row per redaction finding ("Ganti
dengan …" or "Biarkan"). It validates and returns typed values — the text with the
replacements made and the keys of the findings kept —; :func:`knowledge.publishing.edit`
changes the article."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Category

from .models import ANSWER_MAX, QUESTION_MAX, TITLE_MAX
from .publishing import TEXT_FIELDS, FieldFlag

REGULATIONS_MAX = 5_000


class EditorForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=TITLE_MAX)
    question = forms.CharField(label=_("Pertanyaan"), max_length=QUESTION_MAX, widget=forms.Textarea(attrs={"rows": 6}))
    answer = forms.CharField(label=_("Jawaban"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 12}))
    regulations = forms.CharField(
        label=_("Peraturan yang dirujuk"), max_length=REGULATIONS_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Satu peraturan per baris."),
    )
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.active(), empty_label=None)

    def __init__(self, *args, findings: list[FieldFlag], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.findings = findings
        for n, item in enumerate(findings):
            flag = item.flag
            self.fields[f"ganti_{n}"] = forms.CharField(
                label=_("Ganti dengan"), required=False, max_length=200, initial="" if item.kept else flag.kind.placeholder
            )
            self.fields[f"biarkan_{n}"] = forms.BooleanField(
                label=_("Biarkan (bukan data yang perlu disamarkan)"), required=False, initial=item.kept
            )
            # What the row was about when the page was shown: a row about another text
            # (the article changed meanwhile) is ignored rather than applied elsewhere.
            self.fields[f"kunci_{n}"] = forms.CharField(widget=forms.HiddenInput, initial=flag.key, required=False)

    def rows(self) -> list[dict]:
        """The findings with their fields, for the template."""
        return [
            {"item": item, "label": self.fields[item.field].label, "replace": self[f"ganti_{n}"], "keep": self[f"biarkan_{n}"], "key": self[f"kunci_{n}"]}
            for n, item in enumerate(self.findings)
        ]

    def clean(self):
        data = super().clean()
        if any(name not in data for name in ("title", "question", "answer")):
            return data
        texts = {name: data.get(name, "") for name in TEXT_FIELDS}
        kept: list[str] = []
        for n, item in enumerate(self.findings):
            if data.get(f"kunci_{n}") != item.flag.key:
                continue
            if data.get(f"biarkan_{n}"):
                kept.append(item.flag.key)
                continue
            replacement = (data.get(f"ganti_{n}") or "").strip()
            if replacement:
                texts[item.field] = texts[item.field].replace(item.flag.excerpt, replacement)
        data["texts"] = texts
        data["kept"] = kept
        return data
