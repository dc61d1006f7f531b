"""Admin for the public content: the admin edits the standard's wording, in both languages.

The rows themselves are fixed: there is one standard, and one row per channel whose
code the rest of the system relies on. So nothing here can be added or deleted.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import ChannelStandard, ServiceStandard

LINES_NOTE = _("Daftar ditulis satu butir per baris. Versi Inggris yang kosong diganti teks Indonesia.")
# The rules are the registry's, so an edit here cannot make the page and the cases disagree.
RULES_NOTE = _("Persyaratan dan jangka waktu penyelesaian setiap kanal ditetapkan oleh sistem dan tidak diubah di sini.")


class FixedRowsAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(ServiceStandard)
class ServiceStandardAdmin(FixedRowsAdmin):
    list_display = ("service_name", "decree_number", "updated_at")
    readonly_fields = ("updated_at",)
    fieldsets = (
        (_("Layanan"), {"fields": (("service_name", "service_name_en"), ("decree_number", "decree_number_en"), ("cost", "cost_en"))}),
        (_("Kompensasi"), {"fields": ("compensation", "compensation_en")}),
        (
            _("Pengaduan, saran dan masukan"),
            {
                "description": LINES_NOTE,
                "fields": (
                    "complaint_follow_up", "complaint_follow_up_en",
                    "eoffice_url", "eoffice_recipients", "eoffice_recipients_en",
                    "letter_addressees", "letter_addressees_en", "postal_address",
                ),
            },
        ),
        (_("SP4N-LAPOR!"), {"fields": ("lapor_url", "lapor_text", "lapor_text_en")}),
        (None, {"fields": ("updated_at",)}),
    )

    def has_add_permission(self, request) -> bool:
        # One standard only; the database's unique constraint backs this up.
        return super().has_add_permission(request) and not ServiceStandard.objects.exists()


@admin.register(ChannelStandard)
class ChannelStandardAdmin(FixedRowsAdmin):
    list_display = ("name", "code", "sort_order", "updated_at")
    list_display_links = ("name",)
    ordering = ("sort_order", "id")
    readonly_fields = ("code", "updated_at")
    fieldsets = (
        (None, {"fields": ("code", "sort_order", ("name", "name_en"), ("summary", "summary_en"))}),
        (
            _("Standar kanal"),
            {
                "description": format_lazy("{} {}", LINES_NOTE, RULES_NOTE),
                "fields": ("procedure", "procedure_en", "output", "output_en"),
            },
        ),
        (None, {"fields": ("updated_at",)}),
    )

    def has_add_permission(self, request) -> bool:
        # Channels are defined by the system (their codes drive the case workflow).
        return False
