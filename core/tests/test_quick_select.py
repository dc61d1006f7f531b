"""core.forms.QuickSelect renders what Django's Select renders, byte for byte."""

from __future__ import annotations

import pytest
from django import forms

from accounts.models import Directorate
from core.forms import QuickSelect

CHOICES = [("", "Semua <status>"), ("a", "A & B \"kutip\""), ("Grup", [("1", "satu"), ("2", "dua")]), (3, "tiga")]


@pytest.mark.parametrize("value", ["", "a", "2", 3, None, "tidak-ada", ["a"]])
def test_the_same_html_as_djangos_select(value):
    attrs = {"class": "form-select form-select-sm is-invalid", "aria-describedby": "x"}
    expected = forms.Select(choices=CHOICES, attrs=attrs).render("status", value, {"id": "id_status", "required": True})
    assert QuickSelect(choices=CHOICES, attrs=attrs).render("status", value, {"id": "id_status", "required": True}) == expected


@pytest.mark.django_db
def test_the_same_html_for_a_model_choice_field():
    class Both(forms.Form):
        slow = forms.ModelChoiceField(Directorate.objects.all(), required=False, empty_label="Semua")
        quick = forms.ModelChoiceField(Directorate.objects.all(), required=False, empty_label="Semua", widget=QuickSelect)

    some = Directorate.objects.first()
    form = Both({"slow": some.pk, "quick": some.pk})
    assert str(form["quick"]).replace("quick", "slow") == str(form["slow"])
    assert "selected" in str(form["quick"])
