"""Sign-up through allauth: an applicant with a profile, verified by e-mail before login."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse

from accounts.models import ApplicantProfile, Role, User

from .conftest import STRONG_PASSWORD, link_in, signup_data

pytestmark = pytest.mark.django_db


def sign_up(client, **overrides):
    return client.post(reverse("account_signup"), signup_data(**overrides))


def log_in(client, email, password=STRONG_PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_signup_creates_an_applicant_with_profile_and_unverified_email(client):
    response = sign_up(client, id_document_type="ktp", id_document_number="3204 1234 5678 9012")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="rina.wati@contoh.go.id")
    assert user.role == Role.APPLICANT
    assert user.directorate is None
    assert not user.is_superuser and not user.is_staff
    assert user.full_name == "Rina Wati"
    assert user.language == "id"
    assert user.check_password(STRONG_PASSWORD)
    profile = ApplicantProfile.objects.get(user=user)
    assert profile.phone == "+6281234567890"
    assert profile.institution_name == "Dinas PUPR Kabupaten Sleman"
    assert profile.institution_type == "pemda"
    assert (profile.id_document_type, profile.id_document_number) == ("ktp", "3204123456789012")
    address = EmailAddress.objects.get(user=user)
    assert address.email == user.email and address.primary and not address.verified


def test_signup_mail_is_branded_and_in_indonesian(client):
    sign_up(client)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina.wati@contoh.go.id"]
    assert message.subject == "[E-Advokasi LKPP] Verifikasi alamat e-mail Anda"
    assert "E-Advokasi LKPP — Pelayanan Advokasi dan Permasalahan Pengadaan" in message.body
    assert "Untuk memverifikasi alamat e-mail ini, buka tautan berikut:" in message.body
    assert "example.com" not in message.body
    assert Site.objects.get_current().name == "E-Advokasi LKPP"


def test_login_is_refused_until_the_address_is_verified_then_works(client):
    sign_up(client)
    client.logout()

    before = log_in(client, "rina.wati@contoh.go.id")
    assert before.status_code == 302
    assert before["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    page = client.get(before["Location"])
    assert "Verifikasi alamat e-mail Anda" in page.content.decode()

    confirm_path = link_in(mail.outbox[0].body, "/confirm-email/")
    confirm_page = client.get(confirm_path)
    assert confirm_page.status_code == 200
    assert "rina.wati@contoh.go.id" in confirm_page.content.decode()
    # A GET alone must not confirm (mail scanners open links); the button posts.
    assert not EmailAddress.objects.get(email="rina.wati@contoh.go.id").verified
    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="rina.wati@contoh.go.id").verified

    after = log_in(client, "Rina.Wati@contoh.go.id")
    assert after.status_code == 302
    assert after["Location"] == reverse("accounts:home")
    home = client.get(after["Location"])
    assert "Selamat datang, Rina" in home.content.decode()


def test_short_password_is_refused_in_indonesian(client):
    response = sign_up(client, password1="Pendek-123", password2="Pendek-123")

    assert response.status_code == 200
    assert "Kata sandi terlalu pendek. Harus mengandung setidaknya 12 karakter." in response.content.decode()
    assert not User.objects.exists()


def test_common_password_is_refused_in_indonesian(client):
    response = sign_up(client, password1="password1234", password2="password1234")

    assert response.status_code == 200
    assert "Kata sandi ini terlalu umum." in response.content.decode()
    assert not User.objects.exists()


def test_errors_keep_what_was_typed_except_passwords(client):
    response = sign_up(client, phone="12345", institution_name="Biro Hukum Kementerian X")
    html = response.content.decode()

    assert response.status_code == 200
    assert 'value="rina.wati@contoh.go.id"' in html
    assert 'value="Rina Wati"' in html
    assert 'value="Biro Hukum Kementerian X"' in html
    assert 'value="12345"' in html
    assert STRONG_PASSWORD not in html
    # Summarised above the form, linked to the field, and next to the field.
    assert 'id="ringkasan-kesalahan"' in html
    assert 'href="#id_phone"' in html
    assert html.count("Nomor telepon tidak valid.") == 2
    assert "form-control is-invalid" in html


def test_ktp_must_have_16_digits_at_signup(client):
    response = sign_up(client, id_document_type="ktp", id_document_number="12345678")

    assert "NIK pada KTP terdiri atas 16 angka." in response.content.decode()
    assert not User.objects.exists()


def test_every_field_has_a_label(client):
    html = client.get(reverse("account_signup")).content.decode()
    for field in ("email", "full_name", "phone", "institution_name", "institution_type",
                  "id_document_type", "id_document_number", "password1", "password2"):
        assert f'for="id_{field}"' in html, field


def test_signup_never_makes_staff_even_when_a_role_is_posted(client, db):
    from accounts.models import Directorate

    response = sign_up(
        client, role="admin", directorate=str(Directorate.objects.get(code="hukum").pk),
        is_superuser="on", is_staff="on",
    )

    assert response.status_code == 302
    user = User.objects.get(email="rina.wati@contoh.go.id")
    assert user.role == Role.APPLICANT
    assert user.directorate is None
    assert not user.is_superuser and not user.is_staff


def test_signup_language_follows_the_language_switch(client):
    client.cookies["advokasi_language"] = "en"
    sign_up(client)
    assert User.objects.get(email="rina.wati@contoh.go.id").language == "en"


def test_signup_with_a_taken_address_creates_nothing_new(client, applicant_a):
    response = sign_up(client, email=applicant_a.email.upper())

    assert User.objects.filter(email__iexact=applicant_a.email).count() == 1
    # allauth does not reveal that the account exists; it tells the owner by e-mail.
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to[0].lower() == applicant_a.email
    assert mail.outbox[0].subject == "[E-Advokasi LKPP] Akun dengan alamat ini sudah ada"
    assert "/password/reset/" in mail.outbox[0].body
