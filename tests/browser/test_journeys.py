"""The applicant's first visit in a real browser, and the language switch."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accounts.models import ApplicantProfile, Role, User

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized rollback puts back what the
    # migrations seeded (directorates, site) for the tests that run after these.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Pengadaan-Bersih-2025"
EMAIL = "dewi.anggraini@contoh.go.id"


def verification_path() -> str:
    assert mail.outbox, "no e-mail was sent"
    message = mail.outbox[-1]
    assert message.to == [EMAIL]
    match = re.search(r"https?://[^/\s]+(/\S*/confirm-email/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_verify_log_in_and_edit_profile(page, artifacts_dir):
    page.goto("/akun/signup/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.get_by_label("Alamat e-mail").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Nama lengkap").fill("Dewi Anggraini")
    page.get_by_label("Nomor telepon").fill("0812 3456 7890")
    page.get_by_label("Nama instansi/badan usaha").fill("Bagian Pengadaan Pemkot Surabaya")
    page.get_by_label("Jenis instansi").select_option("pemda")
    page.screenshot(path=str(artifacts_dir / "signup.png"), full_page=True)
    page.get_by_role("button", name="Daftar").click()

    page.wait_for_url("**/akun/confirm-email/")
    assert page.get_by_role("heading", name="Verifikasi alamat e-mail Anda").is_visible()
    user = User.objects.get(email=EMAIL)
    assert user.role == Role.APPLICANT

    # Before verification, logging in leads back to "verify your address".
    page.goto("/akun/login/")
    page.get_by_label("Alamat e-mail").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/confirm-email/")

    page.goto(verification_path())
    assert EMAIL in page.content()
    page.get_by_role("button", name="Konfirmasi").click()
    page.wait_for_url("**/akun/login/**")
    assert user.emailaddress_set.get().verified

    page.get_by_label("Alamat e-mail").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/beranda/")
    assert page.get_by_role("heading", name="Selamat datang, Dewi").is_visible()

    page.get_by_role("link", name="Ubah profil").first.click()
    page.wait_for_url("**/akun/profil/ubah/")
    # Stored in E.164 (accounts/phones.py), shown in the national form.
    assert page.get_by_label("Nomor telepon").input_value() == "0812-3456-7890"
    # A wrong number first: the page keeps everything that was typed.
    page.get_by_label("Nomor telepon").fill("0812")
    page.get_by_label("Nama instansi/badan usaha").fill("Biro Pengadaan Pemprov Jawa Timur")
    page.get_by_role("button", name="Simpan").click()
    assert page.locator("#ringkasan-kesalahan").is_visible()
    assert page.get_by_label("Nama instansi/badan usaha").input_value() == "Biro Pengadaan Pemprov Jawa Timur"

    page.get_by_label("Nomor telepon").fill("+62 31 5312144")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/akun/profil/")
    body = page.locator("main").inner_text()
    assert "Profil Anda telah disimpan." in body
    assert "(031) 5312144" in body
    assert "Biro Pengadaan Pemprov Jawa Timur" in body
    profile = ApplicantProfile.objects.get(user=user)
    assert (profile.phone, profile.institution_name) == ("+62315312144", "Biro Pengadaan Pemprov Jawa Timur")


def test_language_switch(page):
    response = page.goto("/akun/login/")
    # Indonesian first, although the browser asks for English (Accept-Language: en-US).
    assert response.headers["content-language"] == "id"
    assert page.locator("html").get_attribute("lang") == "id"
    submit = page.locator("main form button[type=submit]")
    submit.click()  # an empty form: Django's own message, translated by Django
    assert "Bidang ini tidak boleh kosong." in page.locator("main").inner_text()

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="EN").click()
    assert navigation.value.headers["content-language"] == "en"
    assert page.url.endswith("/akun/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="EN").get_attribute("aria-pressed") == "true"
    submit.click()
    assert "This field is required." in page.locator("main").inner_text()

    # The choice is remembered on the next page.
    assert page.goto("/").headers["content-language"] == "en"
    assert page.locator("html").get_attribute("lang") == "en"

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="ID").click()
    assert navigation.value.headers["content-language"] == "id"
    assert page.locator("html").get_attribute("lang") == "id"
