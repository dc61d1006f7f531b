"""``core.field_html`` writes the same HTML as crispy-forms' bootstrap5 pack and Django's
widget templates, for every kind of widget the case page uses, unbound, bound and with
errors (compared parsed: attribute order and whitespace between tags aside)."""

from __future__ import annotations

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.test.html import parse_html

from consultations.channels.daring.forms import (
    CancelMeetingForm,
    ConfirmMeetingForm,
    PicMessageForm,
    ReportForm,
    RescheduleForm,
)
from consultations.channels.surat.forms import DisposeForm, DraftForm, ReviewForm
from consultations.channels.tatap_muka.forms import AdviceForm, HandOffForm, MoreTimeForm
from consultations.channels.website.forms import AnswerForm
from consultations.forms import AssignForm, LinkAccountForm, MessageForm, NoteForm, RerouteForm
from consultations.forms.common import AttachmentsField
from core.field_html import field_html, widget_html
from core.forms import QuickSelect


class Kitchen(forms.Form):
    """One field of every kind, with help texts, initial values, classes and HTML to escape."""

    text = forms.CharField(help_text="Bantuan <b>tebal</b>", max_length=10)
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "extra", "placeholder": 'a "b"'}))
    email = forms.EmailField()
    url = forms.URLField(required=False, assume_scheme="https")
    number = forms.IntegerField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hour = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), initial="a & <b>\nc")
    choice = forms.ChoiceField(choices=[("", "—"), ("a", "A <x>"), ("Grup", [("b", "B"), ("c", "C")])])
    quick = forms.ChoiceField(choices=[("1", "Satu"), ("2", "Dua")], widget=QuickSelect, required=False)
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.SelectMultiple)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="pilih")
    radio_groups = forms.ChoiceField(choices=[("G1", [("a", "A")]), ("G2", [("b", "B")])], widget=forms.RadioSelect)
    checks = forms.MultipleChoiceField(choices=[(1, "Satu"), (2, "Dua")], widget=forms.CheckboxSelectMultiple,
                                       required=False)
    flag = forms.BooleanField(required=False, help_text="centang")
    flag_required = forms.BooleanField()
    no_label = forms.CharField(label="", required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="tok")
    upload = forms.FileField(widget=forms.FileInput(attrs={"accept": ".pdf"}), help_text="PDF")
    files = AttachmentsField()
    fixed = forms.CharField(disabled=True, initial="tetap", required=False)


FORMS = [Kitchen, AssignForm, RerouteForm, NoteForm, LinkAccountForm, MessageForm, AnswerForm, PicMessageForm,
         ConfirmMeetingForm, RescheduleForm, CancelMeetingForm, ReportForm, DisposeForm, DraftForm, ReviewForm,
         HandOffForm, MoreTimeForm, AdviceForm]


def _variants(form_class):
    kwargs = {}
    names = form_class.__init__.__code__.co_varnames
    if "candidates" in names:
        kwargs["candidates"] = []
    if "directorates" in names:
        kwargs["directorates"] = []
    yield form_class(prefix="p", **kwargs)
    yield form_class(prefix="p", initial={"text": "awal", "checks": [2], "radio": "b", "flag": True}, **kwargs)
    empty = form_class({"p-zzz": "1"}, prefix="p", **kwargs)
    empty.is_valid()
    yield empty
    wrong = form_class({"p-text": "x" * 20, "p-radio": "zz", "p-checks": ["9"], "p-number": "x", "p-day": "besok",
                        "p-choice": "a", "p-flag": "on"}, prefix="p", **kwargs)
    wrong.is_valid()
    wrong.add_error(None, "umum")
    yield wrong


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_every_field_as_crispy_writes_it(db, form_class):
    for form in _variants(form_class):
        for name in form.fields:
            assert parse_html(str(field_html(form[name]))) == parse_html(str(as_crispy_field(form[name]))), name
            assert parse_html(str(widget_html(form[name]))) == parse_html(str(form[name])), name


def test_values_are_escaped_and_help_texts_are_html(db):
    form = Kitchen({"p-text": '<script>"x"</script>'}, prefix="p")
    form.is_valid()
    html = str(field_html(form["text"]))
    assert "<script>" not in html and "&lt;script&gt;&quot;x&quot;&lt;/script&gt;" in html
    assert "Bantuan <b>tebal</b>" in html
    assert "a &amp; &lt;b&gt;\nc</textarea>" in str(field_html(Kitchen(prefix="p")["area"]))
