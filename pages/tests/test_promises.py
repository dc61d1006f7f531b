"""The public pages promise only what the portal does today, and nothing as "coming".

Everything the service standard names is built (issue #23): the four channels, letter and
invitation uploads, the PDFs, the walk-in form and desk, the complaints form, the
satisfaction survey. So no page keeps a "coming soon" list, and what the sign-up page
says an account does, an applicant can open.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

COMING = {"id": "segera hadir", "en": "coming soon"}


def _page(url_name: str, language: str, client: Client | None = None) -> str:
    client = client or Client()
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("url_name", ["pages:home", "pages:standard", "account_signup", "account_login"])
def test_no_public_page_lists_anything_as_coming(url_name, language):
    # What people read, not the markup.
    text = re.sub(r"<[^>]*>", " ", _page(url_name, language)).lower()
    assert COMING["id"] not in text and COMING["en"] not in text, f"{url_name} ({language})"


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_home_lists_anything_as_coming(client, request, language):
    for persona in ("applicant_a", "front_desk", "director_pusat", "team_lead", "staff", "complaint_handler",
                    "admin_user"):
        client.force_login(request.getfixturevalue(persona))
        text = re.sub(r"<[^>]*>", " ", _page("accounts:home", language, client)).lower()
        assert COMING["id"] not in text and COMING["en"] not in text, f"{persona} ({language})"


@pytest.mark.parametrize(("language", "built"), [
    ("id", "mengajukan konsultasi melalui website"),
    ("en", "submit consultations through the website"),
])
def test_signup_says_what_the_account_does(language, built):
    assert built in _page("account_signup", language)


def test_what_the_signup_page_promises_an_applicant_opens(client, applicant_a):
    html = _page("account_signup", "id")
    assert "mengunggah surat atau undangan rapat daring, menyampaikan pengaduan dan mengisi survei kepuasan" in html
    client.force_login(applicant_a)
    for url_name in ("consultations:submit", "consultations:letter_upload", "consultations:invitation_upload",
                     "complaints:file"):
        assert client.get(reverse(url_name)).status_code == 200, url_name
