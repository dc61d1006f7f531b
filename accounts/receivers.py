"""Glue to Django's and allauth's signals; the work is in ``services``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from .services import keep_chosen_language


@receiver(user_logged_in, dispatch_uid="accounts.keep_chosen_language")
def keep_language_at_sign_in(sender, request=None, user=None, **kwargs) -> None:
    """The language chosen before sign-in is kept on the account; the rest of this
    request (the "signed in" message, the redirect) speaks it too."""
    if request is None or user is None or not hasattr(user, "language"):
        return
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    chosen = cookie if cookie in {code for code, _name in settings.LANGUAGES} else None
    language = keep_chosen_language(user=user, chosen=chosen)
    translation.activate(language)
    request.LANGUAGE_CODE = language
