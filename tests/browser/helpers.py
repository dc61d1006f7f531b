"""What the browser journeys share."""

from __future__ import annotations

import re
import time

import pyotp


def signed_in_page(browser, live_server, email: str, password: str, *, width: int = 1280):
    """A fresh browser context signed in as ``email``: ``(context, page)``; close the context.
    Staff type the code of their authenticator app too (``enter_authenticator_code``)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, email, password)
    return context, page


def sign_in(page, email: str, password: str) -> None:
    """The sign-in form, and the code step when the account has an authenticator app."""
    page.goto("/akun/login/")
    page.get_by_label("Alamat e-mail").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r".*/akun/(beranda|2fa/authenticate)/$"))
    if page.url.endswith("/akun/2fa/authenticate/"):
        enter_authenticator_code(page, email)
    page.wait_for_url("**/akun/beranda/")


# The last code typed per account: allauth takes a code once, so a second sign-in of the
# same account in the same 30 seconds waits for the app's next code, as a person would.
_LAST_CODE: dict[str, str] = {}


def enter_authenticator_code(page, email: str) -> None:
    """Type the code the account's authenticator app shows now (pyotp, from the secret the
    factories or seed_demo enrolled)."""
    from allauth.mfa.models import Authenticator

    from accounts.tests.factories import TOTP_SECRET

    totp = Authenticator.objects.filter(user__email__iexact=email, type=Authenticator.Type.TOTP).first()
    totp = pyotp.TOTP(totp.data["secret"] if totp is not None else TOTP_SECRET)
    code = totp.now()
    while code == _LAST_CODE.get(email):
        time.sleep(1)
        code = totp.now()
    _LAST_CODE[email] = code
    page.get_by_label("Kode").fill(code)
    page.get_by_role("button", name="Masuk").click()


def from_menu(page, link: str, *, menu: str | None = None) -> None:
    """Follow ``link`` of the main navigation, opening its ``menu`` first ("Meja kerja",
    "Laporan"): the home pages link the same desks too, under other names."""
    nav = page.get_by_role("navigation", name="Navigasi utama")
    if menu:
        nav.get_by_role("button", name=menu).click()
    nav.get_by_role("link", name=link, exact=True).click()
