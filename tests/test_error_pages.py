"""Error answers use the site's layout and the visitor's language, never Django's or
allauth's bare English pages; after a refused form they say the typed text is kept."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from consultations.tests.factories import pdf

pytestmark = pytest.mark.django_db

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
SUBMIT = "consultations:submit"
KEPT_ID = "isian Anda belum hilang"
KEPT_EN = "what you typed is not lost"


def assert_site_page(response, status: int, *texts: str, language: str = "id") -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="site-footer' in html  # the layout
    assert "Bad Request" not in html and "Too Many Requests" not in html
    for text in texts:
        assert text in html, text
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    return html


@pytest.fixture
def applicant_client(applicant_a):
    client = Client()
    client.force_login(applicant_a, backend=BACKEND)
    return client


@pytest.fixture
def english(applicant_a):
    applicant_a.language = "en"
    applicant_a.save(update_fields=["language"])


def test_too_many_files_in_one_request(applicant_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 6
    files = [pdf(f"lampiran-{i}.pdf") for i in range(7)]
    response = applicant_client.post(reverse(SUBMIT), {"subject": "HPS", "files": files})
    assert_site_page(
        response, 400,
        "Terlalu banyak berkas dikirim sekaligus: satu permintaan menerima paling banyak 6 berkas.",
        "paling banyak 5 lampiran", KEPT_ID, "Kembali ke formulir",
    )


def over_the_limit() -> str:
    """More text than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default) allows."""
    return "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def test_too_large_a_form_in_english(applicant_client, english):
    response = applicant_client.post(reverse(SUBMIT), {"subject": "HPS", "description": over_the_limit()})
    assert_site_page(response, 400, "The form is too large to send", KEPT_EN, language="en")


def test_too_large_a_sign_in_form_from_an_anonymous_visitor_in_english():
    # With CSRF checks on, as for a browser: the middleware reading the token is what
    # meets the oversized body first.
    client = Client(enforce_csrf_checks=True)
    client.cookies["advokasi_language"] = "en"
    client.get(reverse("account_login"))  # the CSRF cookie, as the browser has it
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("account_login"), {"csrfmiddlewaretoken": token, "login": over_the_limit()})
    assert_site_page(response, 400, "The form is too large to send", KEPT_EN, "Log in", language="en")


def multipart_with_file_name(name: str) -> tuple[bytes, str]:
    boundary = "----batas-uji"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="subject"\r\n\r\nHPS\r\n'
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + b"%PDF-1.4\n%%EOF\n" + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_file_name_the_parser_cannot_read(applicant_client):
    # Django's multipart parser refuses part headers over 1,024 bytes: here a 400-character
    # name in a script of 3 bytes per character.
    body, content_type = multipart_with_file_name("文" * 400 + ".pdf")
    response = applicant_client.post(reverse(SUBMIT), body, content_type=content_type)
    assert_site_page(response, 400, "nama berkasnya terlalu panjang", KEPT_ID)


def test_a_300_character_file_name_reaches_the_form(applicant_client):
    body, content_type = multipart_with_file_name("a" * 296 + ".pdf")
    response = applicant_client.post(reverse(SUBMIT), body, content_type=content_type)
    # The form answers (with its own errors for the missing fields), not an error page.
    assert response.status_code == 200
    assert "Ajukan Konsultasi" in response.content.decode()


@pytest.fixture
def tight_sign_in_limit(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": "1/m/ip"}
    cache.clear()
    yield
    cache.clear()


def sign_in_twice(client):
    data = {"login": "tidak.ada@contoh.go.id", "password": "salah-sama-sekali"}
    client.post(reverse("account_login"), data)
    return client.post(reverse("account_login"), data)


def test_allauth_rate_limit_uses_the_site_layout(tight_sign_in_limit):
    response = sign_in_twice(Client())
    assert_site_page(response, 429, "Terlalu banyak permintaan", "tunggu beberapa menit", KEPT_ID)


def test_allauth_rate_limit_in_english(tight_sign_in_limit):
    client = Client()
    client.cookies["advokasi_language"] = "en"
    response = sign_in_twice(client)
    assert_site_page(response, 429, "Too many requests", KEPT_EN, language="en")


def test_csrf_failure_uses_the_site_layout():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@contoh.go.id", "password": "x"})
    assert_site_page(response, 403, "Formulir kedaluwarsa", "muat ulang halaman formulir")


def test_any_other_bad_request_still_uses_the_layout(settings):
    settings.ALLOWED_HOSTS = ["advokasi.lkpp.go.id"]
    response = Client().get("/", HTTP_HOST="penyerang.example")
    html = assert_site_page(response, 400, "tidak lengkap atau tidak sah")
    assert KEPT_ID not in html  # a GET: there was no form to go back to


def test_opening_a_post_only_address_gets_a_page(applicant_client, english):
    # E.g. reloading the address of a refused message form (/konsultasi/<nomor>/pesan/).
    response = applicant_client.get(reverse("set_language"))
    html = assert_site_page(response, 405, "This address only receives forms", language="en")
    assert response["Allow"] == "POST"
    assert KEPT_EN not in html
