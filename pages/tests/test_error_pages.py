"""Error pages speak Indonesian; the 500 page needs neither the database nor a request."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


@pytest.mark.django_db
def test_404_page_is_indonesian_and_in_the_layout():
    response = Client().get("/halaman-yang-tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert '<main id="konten"' in html
    assert f'href="{reverse("pages:standard")}"' in html


@pytest.mark.django_db
def test_403_page_is_indonesian_and_says_why(staff):
    client = Client()
    client.force_login(staff, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.get(reverse("accounts:profile_edit"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Akses ditolak" in html
    assert "Halaman ini tidak tersedia untuk peran Anda." in html
    assert staff.email in html


def test_500_page_renders_without_database_or_context_processors():
    # No db fixture: any query would fail the test outright.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan pada server" in html
    assert '<html lang="id">' in html
    assert '<main id="konten"' in html
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
