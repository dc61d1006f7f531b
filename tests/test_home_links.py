"""Issue #23: every link on every role's home page — with work on it — and on the sign-up
page leads somewhere that answers, for the person who sees it: a 200, not a redirect,
not a 403 or a 404. (A link that needs following is a link to fix.)"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.tests.work_seed import MONDAY, meeting_report_waiting, seed

pytestmark = pytest.mark.django_db

ROLES = ["applicant_a", "front_desk", "director_pusat", "team_lead", "staff", "complaint_handler", "admin_user"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_links(html: str) -> list[str]:
    """The paths of the site's own links (external sites, mail and bare anchors left
    out), each once, without its fragment."""
    parser = _Links()
    parser.feed(html)
    paths = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mailto:, tel:, or "#..." on this page
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in paths:
            paths.append(path)
    return paths


def walk(client: Client, page: str) -> tuple[list[str], dict[str, int]]:
    response = client.get(page)
    assert response.status_code == 200, page
    links = internal_links(response.content.decode())
    return links, {link: client.get(link).status_code for link in links}


@pytest.fixture
def work(holidays, tmp_uploads, front_desk, director_pusat, team_lead, staff, applicant_a):
    with time_machine.travel(MONDAY, tick=False):
        seeded = seed(front_desk=front_desk, director=director_pusat, lead=team_lead, member=staff,
                      applicant=applicant_a)
        meeting_report_waiting(front_desk=front_desk, director=director_pusat, lead=team_lead, member=staff)
        yield seeded


@pytest.mark.parametrize("persona_name", ROLES)
def test_every_link_on_the_home_page_answers(client, request, work, persona_name):
    client.force_login(request.getfixturevalue(persona_name))
    links, answers = walk(client, reverse("accounts:home"))
    broken = {link: status for link, status in answers.items() if status != 200}
    assert not broken, f"{persona_name}: {broken}"
    assert reverse("accounts:home") in links  # the walk found the page's own links


@pytest.mark.parametrize("persona_name", ["director_pusat", "team_lead", "staff", "front_desk", "complaint_handler"])
def test_the_work_lists_links_are_among_those_walked(client, request, work, persona_name):
    """The walk covers the work lists: each staff home links to the cases (or complaints) on it."""
    client.force_login(request.getfixturevalue(persona_name))
    links = internal_links(client.get(reverse("accounts:home")).content.decode())
    prefix = "/pengaduan/staf/" if persona_name == "complaint_handler" else "/konsultasi/staf/ADV-"
    assert any(link.startswith(prefix) for link in links), links


def test_every_link_on_the_signup_page_answers():
    links, answers = walk(Client(), reverse("account_signup"))
    broken = {link: status for link, status in answers.items() if status != 200}
    assert not broken, broken
    assert reverse("account_login") in links
