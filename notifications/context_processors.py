"""The unread count in the navigation bar."""

from __future__ import annotations

from functools import cache

from .notices import unread_count


def notices(request):
    """``unread_notices``: a callable the navigation renders once, so a page that shows no
    navigation runs no query. Shown to internal users only: they are the ones notices are
    written for today (an applicant learns about their cases by e-mail and on their case
    list); ``is_internal`` is the user model's, read without importing accounts."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_internal", False):
        return {"shows_notices": False}
    return {"shows_notices": True, "unread_notices": cache(lambda: unread_count(user))}
