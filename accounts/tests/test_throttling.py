"""django-axes: 5 failed logins for one account and IP lock them out for 15 minutes."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from core.time import WIB

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 27, 9, 0, tzinfo=WIB)
IP_A = "203.0.113.10"
IP_B = "198.51.100.20"


def attempt(client, email, password, ip=IP_A):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_five_times(client, email, ip=IP_A):
    for _ in range(5):
        attempt(client, email, "salah-sama-sekali-123", ip=ip)


def assert_locked_page(response):
    html = response.content.decode()
    assert response.status_code == 429
    assert "Akun dikunci sementara" in html
    assert "Terlalu banyak percobaan masuk yang gagal (5 kali)." in html
    assert "Silakan coba lagi dalam 15 menit." in html
    assert reverse("account_reset_password") in html


def test_a_wrong_password_is_refused_without_lockout(client, applicant_a):
    response = attempt(client, applicant_a.email, "bukan-kata-sandinya")
    assert response.status_code == 200
    assert "Alamat e-mail dan/atau kata sandi yang anda masukkan tidak benar." in response.content.decode()
    assert not is_logged_in(client)


def test_sixth_attempt_is_locked_even_with_the_right_password(client, applicant_a):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            assert attempt(client, applicant_a.email, "salah-sama-sekali-123").status_code == 200
        assert_locked_page(attempt(client, applicant_a.email, "salah-sama-sekali-123"))

        sixth = attempt(client, applicant_a.email, PASSWORD)
        assert_locked_page(sixth)
        assert not is_logged_in(client)


def test_the_lock_ends_after_15_minutes(client, applicant_a):
    with time_machine.travel(START, tick=False) as traveller:
        fail_five_times(client, applicant_a.email)
        traveller.shift(timedelta(minutes=14, seconds=59))
        assert_locked_page(attempt(client, applicant_a.email, PASSWORD))

        traveller.shift(timedelta(minutes=15, seconds=1))
        response = attempt(client, applicant_a.email, PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:home")
        assert is_logged_in(client)


def test_another_ip_is_not_locked(client, applicant_a):
    with time_machine.travel(START, tick=False):
        fail_five_times(client, applicant_a.email, ip=IP_A)
        response = attempt(client, applicant_a.email, PASSWORD, ip=IP_B)
        assert response.status_code == 302
        assert is_logged_in(client)


def test_another_account_from_the_same_ip_is_not_locked(client, applicant_a, applicant_b):
    with time_machine.travel(START, tick=False):
        fail_five_times(client, applicant_a.email)
        response = attempt(client, applicant_b.email, PASSWORD)
        assert response.status_code == 302
        assert is_logged_in(client)


def test_changing_the_case_of_the_address_does_not_escape_the_count(client, applicant_a):
    with time_machine.travel(START, tick=False):
        for variant in ("pemohon.a@contoh.go.id", "Pemohon.A@contoh.go.id", "PEMOHON.A@CONTOH.GO.ID",
                        " pemohon.a@contoh.go.id", "pemohon.A@Contoh.go.id"):
            attempt(client, variant, "salah-sama-sekali-123")
        assert_locked_page(attempt(client, applicant_a.email, PASSWORD))


def test_success_before_the_limit_resets_the_count(client, applicant_a):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            attempt(client, applicant_a.email, "salah-sama-sekali-123")
        assert attempt(client, applicant_a.email, PASSWORD).status_code == 302
        client.logout()
        for _ in range(4):
            attempt(client, applicant_a.email, "salah-sama-sekali-123")
        assert attempt(client, applicant_a.email, PASSWORD).status_code == 302
