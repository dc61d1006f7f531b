from django.contrib import admin

from .models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "is_legal_problem", "default_directorate", "is_active", "sort_order")
    list_filter = ("is_active", "is_legal_problem", "default_directorate")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "name_en", "code")
    prepopulated_fields = {"code": ("name",)}
