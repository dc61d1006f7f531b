"""A database outage answers 503 in the site's layout: the submission was NOT received."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    # The test client re-raises a view's exception by default; a browser gets the page.
    client.raise_request_exception = False
    return client


def assert_not_received_page(response, *texts):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer' in html
    for text in texts:
        assert text in html


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_a_view_hitting_a_dead_database_answers_503_in_indonesian(client, error):
    with mock.patch("pages.views.service_standard_content", side_effect=error):
        response = client.get(reverse("pages:home"))
    assert_not_received_page(
        response, "Layanan sedang tidak tersedia", "Kiriman Anda TIDAK diterima dan tidak tersimpan."
    )
    assert response["Content-Language"] == "id"


def test_the_page_follows_the_chosen_language(client):
    client.cookies["advokasi_language"] = "en"
    with mock.patch("pages.views.service_standard_content", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("pages:home"))
    assert_not_received_page(
        response, "Service temporarily unavailable", "Your submission was NOT received and has not been saved."
    )


def test_a_post_from_a_signed_in_user_whose_session_cannot_be_read_answers_503(client, applicant_a):
    """The session and user lookups run in middleware, before any view."""
    client.force_login(applicant_a)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
        side_effect=OperationalError("the database system is shutting down"),
    ):
        response = client.post(reverse("consultations:submit"), {"question": "..."})
    assert_not_received_page(response, "Kiriman Anda TIDAK diterima")


def test_other_errors_still_answer_500(client):
    with mock.patch("pages.views.service_standard_content", side_effect=RuntimeError("bug")):
        response = client.get(reverse("pages:home"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    html = response.content.decode()
    assert 'class="site-header"' in html and "Terjadi kesalahan pada server" in html
    assert "TIDAK diterima" not in html
