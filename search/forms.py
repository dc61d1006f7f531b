"""The search page's one box and its filters (GET). A filter value that is not one of
the choices is dropped with its message; the box itself takes any text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate
from complaints.models import Status as ComplaintStatus
from consultations.channels.base import Channel
from consultations.models import Category
from consultations.workflow import Status as CaseStatus
from core.forms import QuickSelect
from knowledge.text import MAX_QUERY_CHARS

from .models import Kind
from .selectors import Filters


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Kata yang dicari"), required=False, strip=True)
    channel = forms.ChoiceField(label=_("Saluran"), required=False, widget=QuickSelect)
    directorate = forms.ModelChoiceField(
        label=_("Direktorat"), queryset=Directorate.objects.all(), required=False, empty_label=_("Semua direktorat"),
        widget=QuickSelect,
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=QuickSelect)
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.all(), required=False, empty_label=_("Semua kategori"),
        widget=QuickSelect,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Semua saluran")), *Channel.choices, (Kind.COMPLAINT, _("Pengaduan"))]
        self.fields["status"].choices = [
            ("", _("Semua status")),
            (_("Konsultasi"), list(CaseStatus.choices)),
            (_("Pengaduan"), list(ComplaintStatus.choices)),
        ]
        for name in ("directorate", "category"):
            # One plain query each (a model choice field reads through a server-side
            # cursor on PostgreSQL: three round trips for a handful of rows).
            field = self.fields[name]
            field.choices = [("", field.empty_label), *((o.pk, field.label_from_instance(o)) for o in field.queryset)]
        for name, field in self.fields.items():
            if name != "q":
                css = "form-control form-control-sm" if name == "year" else "form-select form-select-sm"
                field.widget.attrs["class"] = css + (" is-invalid" if self.is_bound and name in self.errors else "")

    def clean_q(self) -> str:
        # A pasted page is cut, never refused: knowledge.text reads no further either.
        return (self.cleaned_data.get("q") or "")[:MAX_QUERY_CHARS]

    def values(self) -> tuple[str, Filters]:
        """The query and the filters that are valid (an invalid one counts as "any")."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        directorate, category = data.get("directorate"), data.get("category")
        return data.get("q", "") or "", Filters(
            channel=data.get("channel") or "",
            directorate_id=directorate.pk if directorate else None,
            status=data.get("status") or "",
            year=data.get("year"),
            category_id=category.pk if category else None,
        )
