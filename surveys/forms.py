"""The survey form: the nine elements with their own 1–4 wording, a comment and the
regulation's respondent profile (optional)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.channels import Channel

from .models import AgeBand, Education, Occupation, Sex
from .reports import PERIOD_KINDS, Period
from .scoring import Element
from .wording import ANSWERS, QUESTIONS

COMMENT_MAX = 2000


class SurveyForm(forms.Form):
    comment = forms.CharField(label=_("Saran dan komentar (tidak wajib)"), required=False, max_length=COMMENT_MAX,
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


class ReportFilterForm(forms.Form):
    """The report's period (month, quarter, semester or year of a year), channel and —
    for the admin — directorate."""

    jenis = forms.ChoiceField(label=_("Periode"), required=False)
    tahun = forms.IntegerField(label=_("Tahun"), required=False, min_value=2020, max_value=2100)
    ke = forms.IntegerField(label=_("Ke-"), required=False, min_value=1, max_value=12,
                            help_text=_("Bulan 1–12, triwulan 1–4, semester 1–2; kosong untuk tahun."))
    saluran = forms.ChoiceField(label=_("Saluran"), required=False)
    direktorat = forms.ChoiceField(label=_("Direktorat"), required=False)

    def __init__(self, *args, directorates, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["jenis"].choices = [(key, label) for key, (label, _months) in PERIOD_KINDS.items()]
        self.fields["saluran"].choices = [("", _("Semua saluran")), *Channel.choices]
        if directorates is None:
            del self.fields["direktorat"]
        else:
            self._directorates = {d.code: d for d in directorates}
            self.fields["direktorat"].choices = [("", _("Semua direktorat"))] + [(d.code, d.localized_name) for d in directorates]

    def clean_direktorat(self):
        code = self.cleaned_data.get("direktorat")
        return self._directorates.get(code) if code else None

    def clean(self):
        data = super().clean()
        kind = data.get("jenis") or "tahun"
        year = data.get("tahun") or self.today.year
        months = PERIOD_KINDS[kind][1]
        number = data.get("ke") or (1 if kind == "tahun" else (self.today.month - 1) // months + 1)
        if number > 12 // months:
            raise forms.ValidationError(_("Periode ke-%(n)d tidak ada untuk jenis periode ini.") % {"n": number})
        data["period"] = Period(kind=kind, year=year, number=number)
        return data
