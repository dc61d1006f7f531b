"""Issue #8: a director opens the SLA dashboard in a real browser: Chart.js draws the
charts under the Content-Security-Policy, the tables are there, and without JavaScript
the tables alone carry the numbers. Screenshot: var/browser/dasbor-direktur.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels import Channel
from consultations.rollup import refresh_rollup
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status

from .helpers import from_menu
from .test_phone_and_policy import signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def director():
    pusat = directorate("pusat")
    now = timezone.now()
    for days, channel in ((3, Channel.WEBSITE), (40, Channel.SURAT), (70, Channel.WEBSITE)):
        submitted = now - timedelta(days=days)
        ConsultationFactory(
            directorate=pusat, channel=channel, status=Status.DELIVERED, submitted_at=submitted,
            completed_at=submitted + timedelta(days=2), completed_on_time=True, working_days_taken=2,
        )
    ConsultationFactory(directorate=directorate("daerah"), submitted_at=now - timedelta(days=1))
    refresh_rollup()
    return InternalUserFactory(email="direktur.pusat@lkpp.go.id", role=Role.DIRECTOR, directorate=pusat)


def test_a_director_sees_charts_and_tables(browser, live_server, director, artifacts_dir):
    page = signed_in_page(browser, live_server, director)
    page.goto("/")
    from_menu(page, "Dasbor Layanan", menu="Laporan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor Layanan")
    expect(page.get_by_role("table", name="Rincian per saluran")).to_be_visible()
    expect(page.get_by_role("table", name="Rincian per bulan")).to_be_visible()
    # Chart.js drew on the first canvas (a drawn canvas has a size set by the library).
    canvas = page.locator("canvas[data-chart='month-received']")
    expect(canvas).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas')) !== undefined")
    assert page.evaluate("() => document.querySelectorAll('canvas').length") == 7
    assert "Pemerintah Daerah" not in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts_dir / "dasbor-direktur.png"), full_page=True)
    assert page.policy_violations == []


def test_without_javascript_the_tables_carry_the_numbers(browser, live_server, director):
    page = signed_in_page(browser, live_server, director, javascript=False)
    page.goto("/konsultasi/staf/dasbor/")
    expect(page.locator("canvas").first).to_be_hidden()
    table = page.get_by_role("table", name="Rincian per saluran")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="Website")).to_contain_text("2")
