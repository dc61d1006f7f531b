"""Admin of the holiday calendar: add, edit, deactivate and re-activate days.

Every change goes through ``workdays.services``, which marks the row as the admin's so
that the weekly sync never overwrites or re-activates it. Rows are never deleted here:
a deleted package day would simply come back with the next sync, whereas a deactivated
one stays a working day. For the same reason a day's date cannot be changed; moving a
holiday means deactivating the old date and adding the new one.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Holiday

_IS_ACTIVE_LABEL = Holiday._meta.get_field("is_active").verbose_name


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name", "name_en", "kind", "is_active", "note"]
        help_texts = {
            "date": _(
                "Tanggal tidak dapat diubah setelah disimpan. Untuk memindahkan hari libur, "
                "nonaktifkan tanggal lama lalu tambahkan tanggal baru."
            ),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class OwnerFilter(admin.SimpleListFilter):
    title = _("dikelola oleh")
    parameter_name = "owner"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("admin", _("Admin (tidak diubah sinkronisasi)")),
            ("sync", _("Sinkronisasi otomatis")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> QuerySet[Holiday]:
        if self.value() == "admin":
            return queryset.admin_owned()  # type: ignore[attr-defined]
        if self.value() == "sync":
            return queryset.sync_managed()  # type: ignore[attr-defined]
        return queryset


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    form = HolidayForm
    list_display = ["date", "weekday", "name", "name_en", "kind", "source", "is_active", "admin_owned"]
    list_display_links = ["date", "name"]
    list_filter = ["kind", "source", "is_active", OwnerFilter]
    date_hierarchy = "date"
    search_fields = ["name", "name_en", "note"]
    ordering = ["date"]
    list_per_page = 100
    actions = ["deactivate_days", "activate_days"]
    readonly_fields = ["source", "created_at", "updated_at", "admin_edited_at", "admin_edited_by"]
    fieldsets = [
        (None, {"fields": ["date", "name", "name_en", "kind", "is_active", "note"]}),
        (
            _("Asal data"),
            {"fields": ["source", "admin_edited_at", "admin_edited_by", "created_at", "updated_at"]},
        ),
    ]

    @admin.display(description=_("hari"))
    def weekday(self, obj: Holiday) -> str:
        return date_format(obj.date, "l")

    @admin.display(description=_("milik admin"), boolean=True)
    def admin_owned(self, obj: Holiday) -> bool:
        return obj.is_admin_owned

    def get_readonly_fields(self, request: HttpRequest, obj: Holiday | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return ["date", *fields] if obj is not None else fields

    def get_fieldsets(self, request: HttpRequest, obj: Holiday | None = None) -> Any:
        # A new day has no history to show yet.
        return self.fieldsets if obj is not None else [(None, {"fields": self.fieldsets[0][1]["fields"]})]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Holiday]:
        return super().get_queryset(request).select_related("admin_edited_by")

    def has_delete_permission(self, request: HttpRequest, obj: Holiday | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Holiday, form: forms.ModelForm, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = services.update_holiday(
                holiday=obj,
                actor=request.user,  # type: ignore[arg-type]
                name=data["name"],
                name_en=data["name_en"],
                kind=data["kind"],
                note=data["note"],
                is_active=data["is_active"],
            )
        else:
            saved = services.add_holiday(
                date=data["date"],
                name=data["name"],
                name_en=data["name_en"],
                kind=data["kind"],
                note=data["note"],
                is_active=data["is_active"],
                actor=request.user,  # type: ignore[arg-type]
            )
        # The admin goes on with ``obj`` (change message, redirect): give it the stored row.
        for field in Holiday._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False

    @admin.action(description=_("Nonaktifkan hari terpilih (menjadi hari kerja)"))
    def deactivate_days(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> None:
        self._set_active(request, queryset, active=False)

    @admin.action(description=_("Aktifkan kembali hari terpilih (menjadi hari libur)"))
    def activate_days(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> None:
        self._set_active(request, queryset, active=True)

    def _set_active(self, request: HttpRequest, queryset: QuerySet[Holiday], *, active: bool) -> None:
        rows = list(queryset)
        changed = services.set_holidays_active(holidays=rows, active=active, actor=request.user)  # type: ignore[arg-type]
        for row in rows:
            self.log_change(request, row, [{"changed": {"fields": [str(_IS_ACTIVE_LABEL)]}}])
        if active:
            message = ngettext(
                "%(count)d hari diaktifkan kembali sebagai hari libur.",
                "%(count)d hari diaktifkan kembali sebagai hari libur.",
                changed,
            )
        else:
            message = ngettext(
                "%(count)d hari dinonaktifkan dan kini dihitung sebagai hari kerja.",
                "%(count)d hari dinonaktifkan dan kini dihitung sebagai hari kerja.",
                changed,
            )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)
        if changed < len(rows):
            self.message_user(
                request,
                _(
                    "Hari lain yang dipilih sudah dalam status tersebut; kini ditandai sebagai "
                    "milik admin sehingga tidak diubah oleh sinkronisasi."
                ),
                messages.INFO,
            )
