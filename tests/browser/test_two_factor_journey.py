"""Issue 24 (6) in a real browser: a new staff member enrols an authenticator app on the
first sign-in (nothing else opens before), then signs in with codes made by ``pyotp`` as
a phone would make them; a wrong code is refused."""

from __future__ import annotations

import pyotp
import pytest

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from accounts.two_factor import has_authenticator_app

from .helpers import enter_authenticator_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "ketua.baru@lkpp.go.id"
PASSWORD = "Ketua-Tim-Baru-2026!"


def type_password(page) -> None:
    page.goto("/akun/login/")
    page.get_by_label("Alamat e-mail").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_first_sign_in_enrols_then_codes_sign_in(page, artifacts_dir):
    user = InternalUserFactory(
        email=EMAIL, password=PASSWORD, role=Role.TEAM_LEAD, directorate=directorate("daerah"),
        authenticator_app=False,
    )

    # --- first sign-in: enrolment before anything else -------------------------------------
    type_password(page)
    page.wait_for_url("**/akun/2fa/totp/activate/")
    assert page.get_by_role("heading", name="Aktifkan aplikasi autentikator").is_visible()
    assert page.get_by_role("img", name="Kode QR aplikasi autentikator").is_visible()
    page.screenshot(path=str(artifacts_dir / "two-factor-enrol.png"), full_page=True)
    # The queue does not open yet.
    page.goto("/konsultasi/staf/")
    page.wait_for_url("**/akun/2fa/totp/activate/")

    secret = page.get_by_label("Kunci rahasia").input_value()
    page.get_by_label("Kode autentikator").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Aktifkan").click()
    assert "Kode salah." in page.locator("main").inner_text()
    page.get_by_label("Kode autentikator").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aktifkan").click()

    page.wait_for_url("**/akun/2fa/recovery-codes/")
    codes = page.get_by_role("list", name="Kode yang belum dipakai").get_by_role("listitem")
    assert codes.count() == 10
    assert has_authenticator_app(user)
    page.get_by_role("link", name="Lanjut ke beranda").click()
    page.wait_for_url("**/akun/beranda/")
    page.goto("/konsultasi/staf/")
    assert page.url.endswith("/konsultasi/staf/")

    page.locator(".site-header").get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/")

    # --- the next sign-in asks for a code from the app --------------------------------------
    type_password(page)
    page.wait_for_url("**/akun/2fa/authenticate/")
    assert page.get_by_role("heading", name="Verifikasi dua langkah").is_visible()
    now = pyotp.TOTP(secret).now()
    page.get_by_label("Kode").fill(str((int(now) + 500_000) % 1_000_000).zfill(6))
    page.get_by_role("button", name="Masuk").click()
    assert "Kode salah." in page.locator("main").inner_text()
    enter_authenticator_code(page, EMAIL)
    page.wait_for_url("**/akun/beranda/")
    page.goto("/konsultasi/staf/")
    assert page.url.endswith("/konsultasi/staf/")
