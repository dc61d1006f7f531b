"""Admin for the outbox: what went out, what is waiting, and what failed for good.

Everything is read-only: a row is what an event wrote, and the delivery is the only
thing that changes it. The one step the admin may take is "Kirim ulang" for rows that
failed for good — from the list (an action) or from a row's page (a button) — and both
go through ``notifications.outbox.retry_failed``, so the row is sent by the normal
exactly-once delivery. The Django admin is the admin role's alone (``User.is_staff``),
so the preview of what an e-mail says is shown to nobody else.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .models import OutboundEmail, OutboxStatus
from .outbox import retry_failed
from .rendering import render_email

# Failed rows on top of the list, newest first within each group.
FAILED_FIRST = Case(When(status=OutboxStatus.FAILED, then=Value(0)), default=Value(1), output_field=IntegerField())


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("recipient", "template", "status_shown", "attempts", "error_shown", "created_at", "sent_at")
    list_filter = ("status", "template", ("created_at", admin.DateFieldListFilter))
    search_fields = ("recipient",)
    ordering = (FAILED_FIRST.asc(), "-created_at", "-id")
    actions = ("retry",)
    list_per_page = 50
    # The raw context (what the e-mail says, as JSON) and the claim token are left out:
    # the preview shows the context as the recipient reads it.
    fieldsets = (
        (None, {"fields": ("recipient", "language", "template", "status_shown", "subject_shown")}),
        (_("Pengiriman"), {"fields": ("attempts", "last_error", "created_at", "next_attempt_at", "claimed_at", "sent_at")}),
        (_("Pratinjau"), {"fields": ("preview_subject", "preview_body")}),
        (_("Teknis"), {"fields": ("dedupe_key",), "classes": ("collapse",)}),
    )
    readonly_fields = (
        "recipient", "language", "template", "status_shown", "subject_shown", "attempts", "last_error",
        "created_at", "next_attempt_at", "claimed_at", "sent_at", "preview_subject", "preview_body", "dedupe_key",
    )  # fmt: skip

    # --- read-only ------------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboundEmail | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboundEmail | None = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    # --- columns ----------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, row: OutboundEmail) -> str:
        if row.status == OutboxStatus.FAILED:
            return format_html(
                '<strong class="outbox-failed"><img src="{}" alt=""> {}</strong>',
                static("admin/img/icon-alert.svg"),
                row.get_status_display(),
            )
        return row.get_status_display()

    @admin.display(description=_("galat terakhir"))
    def error_shown(self, row: OutboundEmail) -> str:
        return truncatechars(row.last_error, 120) if row.last_error else "—"

    @admin.display(description=_("perihal"))
    def subject_shown(self, row: OutboundEmail) -> str:
        if row.subject_type_id is None:
            return "—"
        return f"{row.subject_type.name} · {row.subject or row.subject_id}"

    def _rendered(self, row: OutboundEmail) -> tuple[str, str] | str:
        # Memoised on the row: the subject and the body are two fields of one rendering.
        if not hasattr(row, "_preview"):
            try:
                subject, text, _html = render_email(row.template, row.context, row.language)
            except Exception as exc:  # a row whose template cannot be rendered failed for that very reason
                row._preview = _("Tidak dapat ditampilkan: %(error)s") % {"error": repr(exc)}
            else:
                row._preview = (subject, text)
        return row._preview

    @admin.display(description=_("subjek e-mail"))
    def preview_subject(self, row: OutboundEmail) -> str:
        rendered = self._rendered(row)
        return rendered if isinstance(rendered, str) else rendered[0]

    @admin.display(description=_("isi e-mail (teks)"))
    def preview_body(self, row: OutboundEmail) -> str:
        rendered = self._rendered(row)
        return "—" if isinstance(rendered, str) else linebreaksbr(rendered[1])

    # --- retrying ---------------------------------------------------------------------

    def _report(self, request: HttpRequest, retried: list[int], asked: int) -> None:
        for row in OutboundEmail.objects.filter(pk__in=retried):
            self.log_change(request, row, str(_("Dikirim ulang.")))
        if retried:
            messages.success(
                request,
                ngettext(
                    "%(count)d e-mail dikirim ulang.", "%(count)d e-mail dikirim ulang.", len(retried)
                ) % {"count": len(retried)},
            )
        skipped = asked - len(retried)
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)d e-mail tidak dikirim ulang karena tidak berstatus gagal.",
                    "%(count)d e-mail tidak dikirim ulang karena tidak berstatus gagal.",
                    skipped,
                ) % {"count": skipped},
            )

    @admin.action(description=_("Kirim ulang e-mail yang gagal"), permissions=("retry",))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        self._report(request, retry_failed(ids, now=timezone.now()), len(ids))

    def retry_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not self.has_retry_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        row = get_object_or_404(OutboundEmail, pk=object_id)
        self._report(request, retry_failed([row.pk], now=timezone.now()), 1)
        return HttpResponseRedirect(reverse("admin:notifications_outboundemail_change", args=[row.pk]))

    def get_urls(self):
        retry_view = self.admin_site.admin_view(require_POST(self.retry_view))
        return [
            path("<path:object_id>/kirim-ulang/", retry_view, name="notifications_outboundemail_retry"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_retry"] = obj is not None and obj.status == OutboxStatus.FAILED and self.has_retry_permission(request)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    class Media:
        css = {"all": ("css/admin-outbox.css",)}
