"""Tracking codes are the only key to an anonymous complaint, so guessing them is
throttled: a client (``accounts.throttling.client_ip``) that has given
``COMPLAINT_LOOKUP_FAILURES_MAX`` unknown codes within ``COMPLAINT_LOOKUP_WINDOW`` seconds
is refused every lookup — a right code too — until the window ends. With ~79 bits per
code that makes guessing hopeless; an honest person mistypes a few times at most.

The counter lives in the cache (Redis in production), shared by every web process."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from accounts.throttling import client_ip


def _key(request: HttpRequest) -> str:
    return f"complaint-lookup-failures:{client_ip(request) or 'unknown'}"


def blocked(request: HttpRequest) -> bool:
    return (cache.get(_key(request)) or 0) >= settings.COMPLAINT_LOOKUP_FAILURES_MAX


def failed(request: HttpRequest) -> None:
    key = _key(request)
    if cache.add(key, 1, timeout=settings.COMPLAINT_LOOKUP_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.COMPLAINT_LOOKUP_WINDOW)
