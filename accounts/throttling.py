"""How django-axes names the account and the client a login attempt came from.

allauth authenticates with ``email=...`` rather than ``username=...``, so axes' default
lookup (the ``AXES_USERNAME_FORM_FIELD`` key of the credentials) finds nothing and every
attempt from one address would count against one nameless account. Addresses are also
compared without case, as allauth does, so that "Ayu@..." and "ayu@..." share a counter.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def axes_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("login") or data.get("username")
    if not isinstance(value, str):
        return None
    return value.strip().lower() or None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for login throttling (django-axes' AXES_CLIENT_IP_CALLABLE).

    Behind ``TRUSTED_PROXY_COUNT`` proxies, each of which appends the address it received
    the request from to ``X-Forwarded-For``, the client is the N-th entry from the right;
    whatever stands further left was written by the client and may be forged. Without a
    proxy (0) the header is ignored and ``REMOTE_ADDR`` is the client. allauth reads the
    header the same way (ALLAUTH_TRUSTED_PROXY_COUNT, set from the same variable).

    django-ipware is not used: its ``proxy_count`` expects the proxies themselves in the
    header, so with one nginx (header = the client only) it finds no address at all.
    """
    remote_addr = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not header:
        return remote_addr
    entries = [entry.strip() for entry in header.split(",")]
    if len(entries) < count:
        # Fewer entries than proxies: the request did not come through all of them, and
        # what the header holds may be the client's own writing (allauth refuses such a
        # request; for throttling the connecting address is the safe key).
        return remote_addr
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr
