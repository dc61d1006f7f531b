"""Issue 24 (7) in a real browser: a staff member writing on one page for long is not
idle — the page tells the server on a key at most once a minute — and when the session
has ended under an open page, a key shows the banner and the typed text stays."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory

from .helpers import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Sesi-Aktif-2026"
TYPED = "Tamu menanyakan tahapan reviu dokumen persiapan pengadaan"


def test_typing_pings_and_an_ended_session_keeps_the_text(browser, live_server, artifacts_dir):
    InternalUserFactory(email="meja.depan@lkpp.go.id", role=Role.FRONT_DESK, directorate=None, password=PASSWORD)
    context, page = signed_in_page(browser, live_server, "meja.depan@lkpp.go.id", PASSWORD)
    activity = reverse("accounts:session_activity")
    page.clock.install()
    page.goto(reverse("consultations:visit_register_paper"))
    field = page.locator("textarea").first
    field.fill(TYPED)

    # Within the minute after the page loaded a key sends nothing; after it, one ping (204).
    page.clock.fast_forward("01:05")
    with page.expect_response(lambda r: r.url.endswith(activity)) as pinged:
        field.press("End")
    assert pinged.value.status == 204 and pinged.value.request.method == "POST"
    assert page.locator("#sesi-berakhir").is_hidden()

    # The session ends under the open page (here: every session removed, as the 12 hours
    # or an admin's reset would): the next key after a minute shows the banner.
    Session.objects.all().delete()
    page.clock.fast_forward("01:05")
    field.press("End")
    banner = page.get_by_role("alert").filter(has_text="Sesi Anda telah berakhir.")
    banner.wait_for()
    assert field.input_value() == TYPED
    assert banner.get_by_role("link", name="Masuk di tab baru").get_attribute("href") == reverse("account_login")
    page.screenshot(path=str(artifacts_dir / "session-ended-banner.png"), full_page=False)
    context.close()
