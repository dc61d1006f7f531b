"""Staff sessions end after a while idle and after a fixed time in all
(``STAFF_SESSION_IDLE_MINUTES``, ``STAFF_SESSION_MAX_HOURS``; docs/decisions/0011).

Applicants keep Django's session (two weeks, renewed by nothing). A staff session
carries two times: when it was signed in, and when its user last did something. A
background refresh (an htmx request that reads: the walk-in board every 15 seconds) is
not activity, or a session on an open board would never idle. The last activity is
written at most once a minute, so that reading a page does not write the session row
each time; the idle limit is therefore met up to a minute early.

An ended session is signed out and sent to the sign-in page, which says why; a
background refresh is answered with ``HX-Redirect`` so that the board's page goes there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import INTERNAL_ROLES

SIGNED_IN_AT = "staff_session_signed_in_at"
ACTIVE_AT = "staff_session_active_at"
# Seconds: the last activity is stored no more often than this.
ACTIVITY_RESOLUTION = 60


def is_staff_session(user) -> bool:
    return bool(user.is_authenticated and getattr(user, "role", None) in INTERNAL_ROLES)


def start(request: HttpRequest, user) -> None:
    if getattr(user, "role", None) in INTERNAL_ROLES:
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[ACTIVE_AT] = now


def is_background(request: HttpRequest) -> bool:
    """A request the page makes by itself to read (htmx polling), not the user's act."""
    return request.method in ("GET", "HEAD") and request.headers.get("HX-Request") == "true"


def why_ended(request: HttpRequest, now: float) -> str | None:
    """``"max"`` or ``"idle"`` when the staff session is over, else None."""
    session = request.session
    signed_in_at, active_at = session.get(SIGNED_IN_AT), session.get(ACTIVE_AT)
    if signed_in_at is None or active_at is None:
        # Signed in before these limits existed: the clocks start now.
        session[SIGNED_IN_AT] = session[ACTIVE_AT] = now
        return None
    if now - signed_in_at >= settings.STAFF_SESSION_MAX_HOURS * 3600:
        return "max"
    if now - active_at >= settings.STAFF_SESSION_IDLE_MINUTES * 60:
        return "idle"
    if not is_background(request) and now - active_at >= ACTIVITY_RESOLUTION:
        session[ACTIVE_AT] = now
    return None


def _ended_response(request: HttpRequest, reason: str) -> HttpResponse:
    if reason == "idle":
        text = _(
            "Sesi Anda berakhir karena tidak ada aktivitas selama %(minutes)s menit. "
            "Silakan masuk kembali."
        ) % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES}
    else:
        text = _(
            "Sesi Anda berakhir karena sudah berlangsung %(hours)s jam. Silakan masuk kembali."
        ) % {"hours": settings.STAFF_SESSION_MAX_HOURS}
    background = is_background(request)
    next_path = request.get_full_path()
    logout(request)
    messages.warning(request, text)
    login_url = reverse("account_login")
    if request.method == "GET" and not background:
        login_url += "?" + urlencode({"next": next_path})
    if background:
        response = HttpResponse(status=200)
        response["HX-Redirect"] = login_url
        return response
    return HttpResponseRedirect(login_url)


class StaffSessionMiddleware:
    """Ends staff sessions that idled or lasted too long (after the auth and message
    middleware, before any view)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_staff_session(request.user):
            reason = why_ended(request, time.time())
            if reason is not None:
                return _ended_response(request, reason)
        return self.get_response(request)
