"""Language follows the person (issue 23): the language chosen before sign-in is kept on
the account at sign-in, and the page after it, its message and later e-mails speak it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import PASSWORD, ApplicantFactory, InternalUserFactory
from accounts.tests.signing_in import sign_in as sign_in_as

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    return sign_in_as(client, user.email, PASSWORD, follow=True)


def choose(client, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


@pytest.mark.parametrize("factory", [ApplicantFactory, InternalUserFactory])
def test_english_chosen_before_sign_in_is_kept_on_the_account(client, factory):
    user = factory(language="id")
    choose(client, "en")
    response = sign_in(client, user)
    user.refresh_from_db()
    assert user.language == "en"
    html = response.content.decode()
    assert response.headers["Content-Language"] == "en" and '<html lang="en"' in html
    assert "Successfully signed in as" in html and "Berhasil masuk" not in html


def test_indonesian_chosen_before_sign_in_replaces_an_english_account(client):
    user = ApplicantFactory(language="en")
    choose(client, "id")
    response = sign_in(client, user)
    user.refresh_from_db()
    assert user.language == "id"
    html = response.content.decode()
    assert response.headers["Content-Language"] == "id"
    assert "Berhasil masuk sebagai" in html and "Successfully signed in" not in html


def test_without_a_choice_the_account_keeps_its_language(client):
    user = ApplicantFactory(language="en")
    response = sign_in(client, user)
    user.refresh_from_db()
    assert user.language == "en"
    html = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "Successfully signed in as" in html and "Berhasil masuk" not in html


def test_the_account_language_holds_after_sign_in_whatever_the_cookie(client):
    user = ApplicantFactory(language="id")
    choose(client, "en")
    sign_in(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"  # another tab's stale cookie
    response = client.get(reverse("accounts:home"))
    assert response.headers["Content-Language"] == "en"
