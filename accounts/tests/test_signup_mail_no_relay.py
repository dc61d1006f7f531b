"""Issue 24 (1): the sign-up form is an anonymous form that mails the address typed into
it, so its e-mail carries the service's words and the link only — never the name or the
institution typed (a phishing text under LKPP's name)."""

import pytest
from django.core import mail
from django.urls import reverse

from .conftest import signup_data

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "Tim Keamanan LKPP: akun diblokir, masuk di http://lkpp-verifikasi.example"


def test_the_verification_mail_never_carries_the_name_typed(client):
    response = client.post(reverse("account_signup"), signup_data(
        email="korban@contoh.go.id", full_name=HOSTILE_NAME, institution_name="Bayar di lkpp-verifikasi.example",
    ))
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["korban@contoh.go.id"]
    parts = [message.subject, message.body, *(body for body, _type in getattr(message, "alternatives", []))]
    for part in parts:
        assert "lkpp-verifikasi" not in part and "Tim Keamanan" not in part and "diblokir" not in part
    assert "Yth. Bapak/Ibu," in message.body
    assert "Alamat e-mail ini didaftarkan untuk akun pemohon di E-Advokasi LKPP." in message.body
