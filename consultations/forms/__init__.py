"""Forms of the consultation pages. They validate and return typed values; the services
change state (and check everything again, so a form is a courtesy, not the guard).
The letter channel's forms are in ``letters``; the walk-in channel's are its package's (``channels.tatap_muka.forms``);
all are importable from here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate, User
from core.once import OnceForm
from workdays.deadlines import DeadlineState

from ..channels import Channel
from ..limits import MESSAGE_MAX_LENGTH
from ..models import Category
from ..selectors import MINE, UNASSIGNED  # the queue filter's values are the selector's
from ..workflow import Status
from .common import ACCEPT, COUNTER, TOO_LONG, AttachmentsField, CategoryChoiceField, MultipleFileInput

__all__ = [
    "ACCEPT",
    "COUNTER",
    "FORMER_DELIVERED",
    "MINE",
    "TOO_LONG",
    "UNASSIGNED",
    "AssignForm",
    "AttachmentsField",
    "CategoryChoiceField",
    "DashboardFilterForm",
    "MessageForm",
    "MonthField",
    "MultipleFileInput",
    "LinkAccountForm",
    "NoteForm",
    "QueueFilterForm",
    "RerouteForm",
]


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


class LinkAccountForm(forms.Form):
    """Staff link a case filed without an account to the person's account."""

    email = forms.EmailField(
        label=_("E-mail akun pemohon"),
        help_text=_(
            "Alamat e-mail terverifikasi akun pemohon. Akun harus cocok dengan kontak konsultasi ini (e-mail atau "
            "nomor telepon yang sama); kredit prioritas kontak ini ikut pindah ke akun."
        ),
        error_messages={"required": _("Isi alamat e-mail akun pemohon."), "invalid": _("Alamat e-mail ini tidak valid.")},
    )


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

# What the delivered status was called in the queue's links until issue #7.
FORMER_DELIVERED = "answered"


class QueueFilterForm(forms.Form):
    """GET filters of the staff queue; works without JavaScript (a plain form)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Yang sedang berjalan"))]
        + [(s.value, s.label) for s in (Status.SUBMITTED, Status.ASSIGNED, Status.DELIVERED, Status.CANCELLED)],
    )
    category = forms.TypedChoiceField(label=_("Kategori"), required=False, coerce=int, empty_value=None)
    deadline = forms.ChoiceField(
        label=_("Tenggat"),
        required=False,
        choices=[("", _("Semua"))] + [(s.value, s.label) for s in DeadlineState],
    )
    assignee = forms.ChoiceField(label=_("Petugas"), required=False)

    def __init__(self, *args, categories: Iterable[Category], assignees: Iterable[tuple[int, str]], **kwargs):
        # Choices from what the view read once (``lookups.categories()``, the people as
        # (id, name): ``selectors.queue_assignees``): rendering and validating cost no query.
        super().__init__(*args, **kwargs)
        if self.data.get("status") == FORMER_DELIVERED:  # a link saved before issue #7
            self.data = self.data.copy()
            self.data["status"] = Status.DELIVERED.value
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [("", _("Semua kategori"))] + [
            (category.pk, category.localized_name) for category in categories
        ]
        self.fields["assignee"].choices = [("", _("Semua")), (MINE, _("Saya")), (UNASSIGNED, _("Belum ditugaskan"))] + [
            (str(pk), name) for pk, name in assignees
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
