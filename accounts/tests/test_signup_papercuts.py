"""Papercuts of issue #6 on sign-up and passwords: the institution type (which routes the
applicant's questions) has no default, and a mismatch is reported even when the password
is also weak."""

import html as html_lib

import pytest
from django.urls import reverse

from accounts.forms import ProfileForm
from accounts.models import User
from accounts.tests.factories import PASSWORD

from .conftest import STRONG_PASSWORD, signup_data

pytestmark = pytest.mark.django_db

MISMATCH = "Kedua kata sandi tidak sama. Ketik kata sandi yang sama dua kali."
TOO_SHORT = "Kata sandi terlalu pendek"


def page_text(response) -> str:
    return html_lib.unescape(response.content.decode())


def test_the_sign_up_page_preselects_no_institution_type(client):
    html = page_text(client.get(reverse("account_signup")))
    assert '<option value="" selected>— pilih —</option>' in html
    assert '<option value="kl" selected>' not in html


def test_sign_up_without_an_institution_type_is_refused_and_keeps_the_rest(client):
    response = client.post(reverse("account_signup"), signup_data(institution_type=""))
    assert response.status_code == 200
    html = page_text(response)
    assert "Pilih jenis instansi Anda." in html
    assert 'value="Dinas PUPR Kabupaten Sleman"' in html  # what was typed stays
    assert not User.objects.filter(email="rina.wati@contoh.go.id").exists()


def test_the_profile_form_requires_a_choice_too(applicant_a):
    form = ProfileForm.for_user(applicant_a, {"full_name": "Ayu", "phone": "081234567890",
                                              "institution_name": "Dinas", "institution_type": "",
                                              "language": "id"})
    assert not form.is_valid()
    assert form.errors["institution_type"] == ["Pilih jenis instansi Anda."]


def test_sign_up_reports_a_weak_password_and_a_mismatch_together(client):
    response = client.post(reverse("account_signup"), signup_data(password1="pendek1", password2="pendek2"))
    html = page_text(response)
    assert TOO_SHORT in html
    assert MISMATCH in html


def test_sign_up_reports_a_mismatch_of_strong_passwords_once(client):
    response = client.post(reverse("account_signup"), signup_data(password2=STRONG_PASSWORD + "x"))
    html = page_text(response)
    assert html.count(MISMATCH) == 2  # in the summary on top and at the field, once each
    assert "Anda harus mengetikkan kata sandi yang sama" not in html  # allauth's wording
    assert TOO_SHORT not in html


def test_password_change_reports_both_too(client, applicant_a):
    client.force_login(applicant_a)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "pendek1", "password2": "pendek2"},
    )
    html = page_text(response)
    assert TOO_SHORT in html and MISMATCH in html
    applicant_a.refresh_from_db()
    assert applicant_a.check_password(PASSWORD)
