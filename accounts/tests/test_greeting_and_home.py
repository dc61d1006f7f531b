"""Papercuts of issue #6: the greeting uses the name, not a title; the applicant's home
leads straight to a new consultation."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("full_name", "short"),
    [
        ("Dr. Pusaka Wibowo", "Pusaka"),
        ("Hendra Hukumsyah, S.H.", "Hendra"),
        ("Prof. Dr. Ir. H. Bambang Sutejo, M.Sc.", "Bambang"),
        ("Hj. Siti Aminah", "Siti"),
        ("dr. Ratna", "Ratna"),
        ("Ayu Pemohon", "Ayu"),
        ("Drs.", "Drs."),  # nothing but a title: the whole name, never empty
    ],
)
def test_short_name_skips_titles(full_name, short):
    assert User(full_name=full_name, email="x@contoh.go.id").get_short_name() == short


def test_a_user_without_a_name_is_greeted_by_e_mail():
    assert User(full_name="", email="x@contoh.go.id").get_short_name() == "x@contoh.go.id"


def test_the_director_is_greeted_by_name(client, director_pusat):
    director_pusat.full_name = "Dr. Pusaka Wibowo"
    director_pusat.save(update_fields=["full_name"])
    client.force_login(director_pusat)
    html = client.get(reverse("accounts:home")).content.decode()
    assert "Selamat datang, Pusaka" in html
    assert "Selamat datang, Dr." not in html


def test_the_applicant_home_offers_a_new_consultation(client, applicant_a):
    client.force_login(applicant_a)
    html = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("consultations:submit")}">Ajukan Konsultasi</a>' in html


def test_staff_home_has_no_submit_button(client, staff):
    client.force_login(staff)
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("consultations:submit") not in html
