"""Password reset by e-mail and password change (allauth)."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import PASSWORD

from .conftest import link_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Jawaban-Tepat-Waktu-2025"


def log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_password_reset_by_email(client, applicant_a):
    response = client.post(reverse("account_reset_password"), {"email": "Pemohon.A@contoh.go.id"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert "Periksa e-mail Anda" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant_a.email]
    assert message.subject == "[E-Advokasi LKPP] Tautan untuk membuat kata sandi baru"
    key_path = link_in(message.body, "/password/reset/key/")

    # allauth moves the key out of the URL into the session, then shows the form.
    form_page = client.get(key_path, follow=True)
    assert form_page.status_code == 200
    assert "Buat kata sandi baru" in form_page.content.decode()
    form_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else key_path

    short = client.post(form_path, {"password1": "pendek", "password2": "pendek"})
    assert "Kata sandi terlalu pendek" in short.content.decode()

    done = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")

    applicant_a.refresh_from_db()
    assert applicant_a.check_password(NEW_PASSWORD)
    assert log_in(client, applicant_a.email, PASSWORD).status_code == 200  # old one refused
    assert log_in(client, applicant_a.email, NEW_PASSWORD)["Location"] == reverse("accounts:home")

    # The link works once.
    client.logout()
    reused = client.get(key_path, follow=True)
    assert "Tautan tidak berlaku" in reused.content.decode()


def test_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "tidak.ada@contoh.go.id"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_password_change(client, applicant_a):
    client.force_login(applicant_a)
    page = client.get(reverse("account_change_password"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'for="id_oldpassword"' in html and "Kata sandi saat ini" in html

    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "bukan-yang-lama", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    applicant_a.refresh_from_db()
    assert applicant_a.check_password(PASSWORD)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    applicant_a.refresh_from_db()
    assert applicant_a.check_password(NEW_PASSWORD)
    # Still signed in (ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE is off).
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_password_change_refuses_a_common_password(client, applicant_a):
    client.force_login(applicant_a)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "password1234", "password2": "password1234"},
    )
    assert "Kata sandi ini terlalu umum." in response.content.decode()
    applicant_a.refresh_from_db()
    assert applicant_a.check_password(PASSWORD)
