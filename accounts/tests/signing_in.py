"""Signing in as a person does, for tests: the password, then — for an account with an
authenticator app (every staff account of the factories) — a code from it."""

from __future__ import annotations

import time

import pyotp
from django.urls import reverse

from accounts.tests.factories import PASSWORD, TOTP_SECRET


def totp_code(secret: str = TOTP_SECRET, *, steps: int = 0) -> str:
    """The code an authenticator app shows now (``steps`` periods later or earlier)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps)


def enter_code(client, secret: str = TOTP_SECRET):
    """Answer allauth's code step. A code is accepted once (allauth remembers used ones),
    and one period either side is valid (MFA_TOTP_TOLERANCE): a second sign-in in the
    same 30 seconds takes the next period's code."""
    response = None
    for steps in (0, 1, -1):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, steps=steps)})
        if response.status_code != 200:  # accepted: on to the next page (a refusal shows the form again)
            return response
    return response


def sign_in(client, email: str, password: str = PASSWORD, *, secret: str = TOTP_SECRET, follow: bool = False):
    """Post the sign-in form, and the code if allauth asks for one; returns the last response."""
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = enter_code(client, secret)
    if follow and response.status_code == 302:
        response = client.get(response["Location"], follow=True)
    return response
