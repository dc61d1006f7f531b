"""Content-Security-Policy: on every HTML page, and no template needs an exception.

The policy allows only the site's own files, so an injected ``<script>`` or ``onclick``
would not run. That holds only while our own templates keep every script and style in
static files; the template scan below fails the day someone writes one inline.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.test_access_matrix import _all_patterns, _url

# What every HTML answer must carry (django-csp writes the directives in this form).
REQUIRED_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
WALKERS = ("anonymous", "applicant_a", "director_pusat", "front_desk", "admin_user")


def directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";") if part.strip()}


def assert_policy(response, where: str) -> None:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{where}: no Content-Security-Policy header"
    missing = set(REQUIRED_DIRECTIVES) - directives(header)
    assert not missing, f"{where}: policy {header!r} lacks {sorted(missing)}"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, where


@pytest.mark.django_db
@pytest.mark.parametrize("persona", WALKERS, indirect=True)
def test_every_html_page_of_the_url_walk_carries_the_policy(persona):
    client = Client()
    if persona is not None:
        client.force_login(persona, backend="allauth.account.auth_backends.AuthenticationBackend")
    html_pages = 0
    for route, name, pattern in _all_patterns():
        url = _url(route, name, pattern)
        response = client.get(url, follow=True)
        if response["Content-Type"].startswith("text/html"):
            html_pages += 1
            assert_policy(response, f"{name} {url} ({response.status_code})")
    # Sign-in pages, 403, 404 and 405 answers are all HTML: the walk really saw pages.
    assert html_pages > 20


@pytest.mark.django_db
def test_error_pages_and_the_admin_carry_the_policy(client, admin_user):
    assert_policy(client.get("/tidak-ada/"), "404")
    client.force_login(admin_user, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_policy(response, "admin index")
    assert_policy(client.get("/admin/accounts/user/add/"), "admin add user")


# --- templates ------------------------------------------------------------------

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
# An event handler attribute: a space, on..., "=" (not data-on..., not "onload.js").
HANDLER_ATTR = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


def page_templates() -> list[Path]:
    """Every HTML template of the project that renders a web page. E-mail templates are
    not web pages (mail clients need their inline styles) and are left out."""
    roots = [Path(settings.BASE_DIR) / "templates"]
    # Every app's (the folders with an apps.py): a new app is scanned the day it appears.
    roots += [path.parent / "templates" for path in sorted(Path(settings.BASE_DIR).glob("*/apps.py"))]
    # And every consultation channel's package (channels.loader): a new channel, the day it appears.
    roots += sorted(Path(settings.BASE_DIR).glob("consultations/channels/*/templates"))
    found = []
    for root in roots:
        for path in root.rglob("*.html"):
            relative = path.relative_to(root).as_posix()
            if relative.startswith("emails/") or "/emails/" in relative or relative.startswith("account/email/"):
                continue
            found.append(path)
    return sorted(found)


def inline_code(text: str) -> list[str]:
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        is_data = re.search(r"""type\s*=\s*["']application/(ld\+)?json["']""", attributes, re.IGNORECASE)
        if "src=" not in attributes and not is_data:
            problems.append(f"inline <script{attributes}>")
    for name, pattern in (("event handler", HANDLER_ATTR), ("style attribute", STYLE_ATTR), ("<style>", STYLE_TAG), ("javascript: URL", JS_URL)):
        problems += [f"{name}: {m.group(0).strip()!r}" for m in pattern.finditer(text)]
    return problems


def test_the_scan_finds_what_it_looks_for():
    assert inline_code('<script>alert(1)</script>')
    assert inline_code('<button onclick="go()">')
    assert inline_code('<div style="color:red">')
    assert inline_code("<noscript><style>.x{}</style></noscript>")
    assert inline_code('<a href="javascript:void(0)">')
    assert not inline_code('<script src="/static/a.js" defer></script>')
    assert not inline_code('<script data-allauth-onload="x" type="application/json">{}</script>')
    assert not inline_code('<a data-bs-toggle="modal" class="online">')


def test_no_page_template_has_inline_script_or_style():
    templates = page_templates()
    assert len(templates) > 30
    problems = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in templates
        if (found := inline_code(path.read_text(encoding="utf-8")))
    }
    assert not problems, problems
