"""The navigation bar's links are kept per process (``account_extras.nav_links``, issue
26) for each combination of what they are written from. Nothing else may leak into them:
another role, another page, another language or a new notice gives other links."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve, reverse

from accounts.context_processors import navigation
from accounts.templatetags import account_extras
from notifications.context_processors import notices
from notifications.notices import notify

# Marked: the personas are fixtures looked up by name, which pytest-django cannot see when
# it orders the database tests before the transactional ones.
pytestmark = pytest.mark.django_db

NAV = re.compile(r'<ul class="navbar-nav me-auto">(.*?)</ul>\s*<ul class="navbar-nav align-items-lg-center">', re.S)


def _links(response) -> str:
    return NAV.search(response.content.decode()).group(1)


def _fresh(user, path: str, language: str = "id") -> str:
    """The links as the template writes them, without the kept copy."""
    from django.utils import translation

    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path)
    with translation.override(language):
        context = Context({"request": request, **navigation(request), **notices(request)})
        return Template('{% include "partials/nav_links.html" %}').render(context)


@pytest.fixture(autouse=True)
def _empty():
    account_extras._NAV_LINKS.clear()
    yield
    account_extras._NAV_LINKS.clear()


@pytest.mark.parametrize("name", ["applicant_a", "staff", "director_pusat", "complaint_handler", "admin_user"])
def test_each_role_gets_its_own_links_even_after_another_role_filled_the_copy(request, client, login, name):
    others = ["admin_user", "applicant_a", "complaint_handler"]
    for other in others:  # fill the kept copy with other roles' bars on the same page first
        login(request.getfixturevalue(other)).get(reverse("accounts:profile"))
        client.logout()
    user = request.getfixturevalue(name)
    for _ in range(2):  # written, then reused
        links = _links(login(user).get(reverse("accounts:profile")))
        assert links.strip() == _fresh(user, reverse("accounts:profile")).strip()


def test_the_current_page_and_the_language_are_part_of_the_links(login, director_pusat):
    client = login(director_pusat)
    home = _links(client.get(reverse("accounts:home")))
    queue = _links(client.get(reverse("consultations:queue")))
    assert f'href="{reverse("accounts:home")}" aria-current="page"' in home
    assert f'href="{reverse("consultations:queue")}" aria-current="page"' in queue
    assert home != queue
    client.post(reverse("set_language"), {"language": "en", "next": reverse("consultations:queue")})
    english = _links(client.get(reverse("consultations:queue")))
    assert english != queue and english.strip() == _fresh(director_pusat, reverse("consultations:queue"), "en").strip()


def test_a_new_notice_shows_in_the_count_at_once(login, director_pusat):
    client = login(director_pusat)
    before = _links(client.get(reverse("consultations:queue")))
    assert 'id="jumlah-belum-dibaca"' not in before
    notify(recipient=director_pusat, kind="info", message="Uji", key="uji-nav-1")
    after = _links(client.get(reverse("consultations:queue")))
    assert 'id="jumlah-belum-dibaca">1<' in after
    notify(recipient=director_pusat, kind="info", message="Uji", key="uji-nav-2")
    assert 'id="jumlah-belum-dibaca">2<' in _links(client.get(reverse("consultations:queue")))
