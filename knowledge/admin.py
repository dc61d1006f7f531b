"""The admin: articles (read the analysis, not edit it) and the synonym dictionary.

Every change of the dictionary goes through ``services.synonyms_changed`` (cached copy
forgotten, articles analysed again) — from ``save_model``/``delete_model``, not a signal.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from . import synonyms as synonym_store
from .models import Article, SynonymGroup
from .text import check_line


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "published_at", "helpful", "not_helpful"]
    list_filter = ["status", "category"]
    search_fields = ["title", "question"]
    readonly_fields = ["import_key", "helpful", "not_helpful", "created_at", "updated_at", "source_consultation"]
    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change):
        # An edit here is a correction of text: the index follows in the same save.
        services.index_fields(obj)
        super().save_model(request, obj, form, change)


class SynonymGroupForm(forms.ModelForm):
    class Meta:
        model = SynonymGroup
        fields = ["canonical", "variants", "is_active"]

    def clean(self):
        data = super().clean()
        problem = check_line(f"{data.get('canonical', '')} = {data.get('variants', '')}")
        if problem == "the canonical form must be one word":
            self.add_error("canonical", _("Bentuk baku harus satu kata."))
        elif problem:
            self.add_error("variants", _("Tuliskan paling sedikit satu varian."))
        return data


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    form = SynonymGroupForm
    list_display = ["canonical", "variants", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["canonical", "variants"]
    actions = ["reload_from_file"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.synonyms_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.synonyms_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.synonyms_changed()

    @admin.action(description=_("Muat ulang semua kelompok dari berkas synonyms.txt"))
    def reload_from_file(self, request, queryset):
        count = services.load_synonyms(synonym_store.groups_from_file())
        self.message_user(request, _("%(count)d kelompok sinonim dimuat dari berkas.") % {"count": count}, messages.SUCCESS)
