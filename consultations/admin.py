from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import (
    AnswerLetter,
    AnswerTemplate,
    Category,
    DeskHours,
    DutyDay,
    IncomingLetter,
    LetterSettings,
    OutgoingCounter,
    WalkIn,
    WalkInAuthorization,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "is_legal_problem", "default_directorate", "is_active", "sort_order")
    list_filter = ("is_active", "is_legal_problem", "default_directorate")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "name_en", "code")
    prepopulated_fields = {"code": ("name",)}


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(ReadOnlyAdmin):
    """Read-only: a directorate's Director and team leads keep its templates on their own
    page (``consultations:answer_templates``), which records who changed what; the admin
    audits them here."""

    list_display = ("title", "category", "directorate", "is_active", "use_count", "last_used_at", "updated_by", "updated_at")
    list_filter = ("directorate", "is_active", "category")
    search_fields = ("title", "body", "regulations")
    list_select_related = ("category", "directorate", "updated_by")


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    """One row: the outgoing number format (``{seq:04d}``, ``{code}``, ``{month:02d}``, ``{year}``)."""

    list_display = ("number_format",)

    def has_add_permission(self, request):
        return not LetterSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingCounter)
class OutgoingCounterAdmin(ReadOnlyAdmin):
    """Read-only: numbers are taken by issuing letters, never typed."""

    list_display = ("year", "last_number")


@admin.register(IncomingLetter)
class IncomingLetterAdmin(ReadOnlyAdmin):
    list_display = ("consultation", "letter_number", "source", "addressee", "registered_at", "checked_at", "received_at")
    list_filter = ("source", "addressee", "sender_kind")
    search_fields = ("letter_number", "consultation__number", "consultation__contact_name")
    exclude = ("tracking_digest",)


@admin.register(AnswerLetter)
class AnswerLetterAdmin(ReadOnlyAdmin):
    list_display = ("number", "consultation", "issued_at", "signer_name", "sha256")
    search_fields = ("number", "consultation__number", "verification_code")


# --- the walk-in desk ---------------------------------------------------------------------


@admin.register(DeskHours)
class DeskHoursAdmin(admin.ModelAdmin):
    """The desk's opening hours per weekday (WIB); none set: Mon-Thu 08:00-16:00, Fri
    08:00-16:30. The calendar's holidays close the desk whatever this says."""

    list_display = ("weekday", "opens", "closes")


@admin.register(WalkInAuthorization)
class WalkInAuthorizationAdmin(admin.ModelAdmin):
    """Who may receive guests for which type of service (problem category)."""

    list_display = ("user", "category")
    list_filter = ("category",)
    search_fields = ("user__full_name", "user__email")
    autocomplete_fields = ("user",)


@admin.register(DutyDay)
class DutyDayAdmin(admin.ModelAdmin):
    """Who is on duty at the desk on which day."""

    list_display = ("date", "user")
    list_filter = ("date",)
    date_hierarchy = "date"
    search_fields = ("user__full_name", "user__email")
    autocomplete_fields = ("user",)


@admin.register(WalkIn)
class WalkInAdmin(ReadOnlyAdmin):
    list_display = ("consultation", "registered_at", "registered_by", "id_document_type", "accepted_by")
    search_fields = ("consultation__number", "consultation__contact_name")
