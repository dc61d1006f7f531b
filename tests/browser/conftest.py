"""Playwright on Debian's chromium, against pytest-django's in-process live server.

No ``playwright install``: the browser is the distribution's ``chromium`` package, so CI
and developers use the same binary that security updates reach. Without it, the browser
tests skip and say how to get it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in this thread; Django would then refuse ORM
# calls from the test body ("SynchronousOnlyOperation") although nothing here is async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture
def browser(transactional_db) -> Iterator:
    """One browser per test, started after the database is set up for the test.

    Playwright's sync API runs an event loop; once it runs, Django's context-local
    connection handle is no longer the one that holds the serialized seed data, so a
    session-wide browser made serialized rollback silently restore nothing (the sites
    and directorates rows went missing after any earlier transactional test).
    """
    executable = chromium_path()
    if executable is None:
        message = (
            "Chromium tidak ditemukan: jalankan 'sudo apt-get install chromium' (Debian) "
            "untuk menjalankan uji peramban."
        )
        if os.environ.get("CI"):
            # .ci/run installs chromium; a CI that silently skipped the journeys would
            # be green without having driven a browser.
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # ORM calls made while Playwright's loop ran used connections of that
            # context; close them here, or PostgreSQL refuses to drop the test database
            # at the end ("being accessed by other users").
            connections.close_all()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A fresh browser profile per test, as a visitor whose browser prefers English."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def artifacts_dir() -> Path:
    """Where screenshots go: under the var dir, which is never committed."""
    from django.conf import settings

    path = Path(settings.VAR_DIR) / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path
