"""The survey form: the nine elements with their own 1–4 wording, a comment and the
regulation's respondent profile (optional)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AgeBand, Education, Occupation, Sex
from .scoring import Element
from .wording import ANSWERS, QUESTIONS


class SurveyForm(forms.Form):
    comment = forms.CharField(label=_("Saran dan komentar (tidak wajib)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    age_band = forms.ChoiceField(label=_("Umur"), required=False, choices=[("", "—"), *AgeBand.choices])
    sex = forms.ChoiceField(label=_("Jenis kelamin"), required=False, choices=[("", "—"), *Sex.choices])
    education = forms.ChoiceField(label=_("Pendidikan"), required=False, choices=[("", "—"), *Education.choices])
    occupation = forms.ChoiceField(label=_("Pekerjaan"), required=False, choices=[("", "—"), *Occupation.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for element in Element:
            self.fields[element.value] = forms.TypedChoiceField(
                label=f"{element.label}: {QUESTIONS[element]}",
                choices=[(score, label) for score, label in enumerate(ANSWERS[element], start=1)],
                coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
        self.order_fields([e.value for e in Element])

    def element_fields(self):
        return [self[e.value] for e in Element]
