"""How django-axes names the account a login attempt was for.

allauth authenticates with ``email=...`` rather than ``username=...``, so axes' default
lookup (the ``AXES_USERNAME_FORM_FIELD`` key of the credentials) finds nothing and every
attempt from one address would count against one nameless account. Addresses are also
compared without case, as allauth does, so that "Ayu@..." and "ayu@..." share a counter.
"""

from __future__ import annotations

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
