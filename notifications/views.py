"""The signed-in user's notices: the list, opening one, marking all read.

This app knows no roles (it imports nothing of ``accounts``), so these views declare
their access where the project wires them: ``advokasi/urls.py`` (``signed_in``). Every
lookup is by the signed-in user: somebody else's notice is a 404, never a 403.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .models import Notice
from .notices import mark_all_read, mark_read

PER_PAGE = 25


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = Notice.objects.for_user(request.user).only("kind", "text", "text_en", "created_at", "read_at")
    page = Paginator(notices, PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "notifications/notice_list.html", {"page": page, "notices": page.object_list})


@require_GET
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notice reads it and follows its link. A GET that marks it read, like
    any mail reader: it changes nothing but the reader's own "unread" flag, once."""
    notice = get_object_or_404(Notice, pk=pk, recipient=request.user)
    mark_read(notice)
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect(notice.url)
    return redirect("notifications:list")


@require_POST
def notice_read_all(request: HttpRequest) -> HttpResponse:
    mark_all_read(request.user)
    return redirect("notifications:list")
