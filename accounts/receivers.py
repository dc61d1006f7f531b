"""Glue to Django's and allauth's signals; the work is in ``services``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from . import sessions
from .services import keep_chosen_language, record_factor_change
from .two_factor import remember_enrolment


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


@receiver(user_logged_in, dispatch_uid="accounts.start_staff_session")
def start_staff_session(sender, request=None, user=None, **kwargs) -> None:
    """A staff session's clocks (idle, total) start at sign-in (accounts/sessions.py), and
    whether it has an authenticator app is noted (accounts/two_factor.py)."""
    if request is not None and user is not None and hasattr(request, "session"):
        sessions.start(request, user)
        remember_enrolment(request, user)


def _authenticator_app_changed(added: bool):
    def receive(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
        from allauth.mfa.models import Authenticator

        if user is not None and authenticator is not None and authenticator.type == Authenticator.Type.TOTP:
            record_factor_change(user=user, added=added)

    return receive


def connect_mfa_signals() -> None:
    from allauth.mfa import signals

    signals.authenticator_added.connect(
        _authenticator_app_changed(True), weak=False, dispatch_uid="accounts.factor_added"
    )
    signals.authenticator_removed.connect(
        _authenticator_app_changed(False), weak=False, dispatch_uid="accounts.factor_removed"
    )


connect_mfa_signals()
