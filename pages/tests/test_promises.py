"""The public pages promise only what the portal does today; what is not built says "coming".

Built: accounts, the website channel, the standard pages, the satisfaction survey (the
standard page publishes its index). Not built yet: letter uploads, PDF downloads,
walk-in registration, office hours, the complaints form. Words for those may appear only after the page's "coming soon" marker.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

UNBUILT = {
    "id": ("unggah surat", "mengunggah surat", "unduh", "pdf", "kunjungan", "jam layanan"),
    "en": ("upload letters", "uploading letters", "download", "pdf", "visit code", "office hours"),
}
COMING = {"id": "Segera hadir", "en": "Coming soon"}


def _page(url_name: str, language: str) -> str:
    client = Client()
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("url_name", ["pages:home", "pages:standard", "account_signup", "account_login"])
def test_unbuilt_features_are_only_mentioned_as_coming(url_name, language):
    # What people read, not the markup: a CSP nonce or a hashed file name is random and
    # may spell "pdf" now and then.
    html = re.sub(r"<[^>]*>", " ", _page(url_name, language))
    text = html.lower()
    coming = html.find(COMING[language])
    for phrase in UNBUILT[language]:
        first = text.find(phrase)
        if first != -1:
            assert coming != -1 and first > coming, f"{url_name} ({language}) promises {phrase!r}"


@pytest.mark.parametrize(("language", "built", "coming"), [
    ("id", "mengajukan konsultasi melalui website", "Segera hadir: mengunggah surat atau undangan"),
    ("en", "submit consultations through the website", "Coming soon: uploading letters or invitations"),
])
def test_signup_says_what_the_account_does_and_what_is_coming(language, built, coming):
    html = _page("account_signup", language)
    assert built in html
    assert coming in html
