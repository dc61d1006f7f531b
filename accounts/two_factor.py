"""Two-factor sign-in with django-allauth's MFA (docs/decisions/0011-two-factor-for-staff.md).

Staff accounts (every internal role) open every applicant's identity, letters and
complaints, so they must have an authenticator app (TOTP, with recovery codes) before
any page but the public ones opens: ``accounts.access.check_access`` — the gate every
view passes — sends a staff member without one to enrolment. Applicants may add one
from their account page. allauth asks for the code at sign-in of anybody who has one.

The demo personas (``seed_demo``) share one published secret, ``DEMO_TOTP_SECRET``; with
DEBUG off no code made from it is accepted, and ``check --deploy`` fails while any
authenticator still holds it.
"""

from __future__ import annotations

from io import BytesIO

import segno
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings

from .roles import INTERNAL_ROLES

# The demo staff's authenticator secret (base32), printed by seed_demo: public, so that
# whoever tries the demo can add it to an app. Never valid with DEBUG off.
DEMO_TOTP_SECRET = "ADVOKASIDEMOLKPPTOTP2FAKEY234567"


def requires_second_factor(user) -> bool:
    """Whether the account must have an authenticator app (staff) or may (applicants)."""
    return getattr(user, "role", None) in INTERNAL_ROLES


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


# In a staff session: the account had an authenticator app when last looked. Set at
# sign-in and at the first look that finds one, so that a page costs no query for it.
# An app is only ever taken from staff by an admin's reset, which ends every session.
ENROLLED_SESSION_KEY = "two_factor_enrolled"


def must_enrol(request) -> bool:
    """A signed-in staff member without an authenticator app: only enrolment opens."""
    user = request.user
    if not (user.is_authenticated and requires_second_factor(user)):
        return False
    if request.session.get(ENROLLED_SESSION_KEY):
        return False
    if has_authenticator_app(user):
        request.session[ENROLLED_SESSION_KEY] = True
        return False
    return True


def remember_enrolment(request, user) -> None:
    """At sign-in: whether the staff member already has an app (accounts.receivers)."""
    if requires_second_factor(user):
        request.session[ENROLLED_SESSION_KEY] = has_authenticator_app(user)


def holds_demo_secret(authenticator: Authenticator) -> bool:
    return authenticator.type == Authenticator.Type.TOTP and authenticator.data.get("secret") == DEMO_TOTP_SECRET


def activate_authenticator_app(user, secret: str) -> Authenticator:
    """Enrol ``user`` with a known secret, and recovery codes, as allauth's own activation
    does (demo personas and tests; people enrol through allauth's page)."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    totp = TOTP.activate(user, secret).instance
    if not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    return totp


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA with the site's rules: staff keep their authenticator app (only an
    admin's reset removes it), the QR code is drawn by segno (already a dependency; allauth
    would need ``qrcode``), and the demo secret is worthless outside development."""

    def build_totp_svg(self, url: str) -> str:
        buffer = BytesIO()
        segno.make_qr(url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
        return buffer.getvalue().decode("utf-8")

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and requires_second_factor(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)

    def decrypt(self, encrypted_text: str) -> str:
        text = super().decrypt(encrypted_text)
        if text == DEMO_TOTP_SECRET and not settings.DEBUG:
            # A secret printed in the README would be a second password everybody knows:
            # outside development, no code can match it (a fresh random secret instead).
            from allauth.mfa.totp.internal.auth import generate_totp_secret

            return generate_totp_secret()
        return text
