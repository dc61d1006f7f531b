"""A fifth channel needs its own package and one registry line (issue 22): the toy
channel ``merpati`` (``toy_channel/``: spec, intake service, view, URL, panel and its
template) is registered for the test only, and the rest of the house serves it without
a change — the intake spine numbers it, starts its clock and gives it a priority
credit; the deadline engine knows its rule; the URLs, the staff case page and the
templates come from the registry."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from consultations import channels
from consultations.models import Consultation, EventType, PriorityCredit
from core.time import WIB

from .factories import ConsultationFactory
from .toy_channel import SPEC

# Monday 2 November 2026, 10:00 WIB.
MONDAY_10 = datetime(2026, 11, 2, 10, 0, tzinfo=WIB)


@pytest.fixture
def toy(holidays, settings):
    settings.ROOT_URLCONF = "consultations.tests.toy_channel.site_urls"
    with channels.registered(SPEC), time_machine.travel(MONDAY_10, tick=False):
        yield SPEC


def test_the_toy_is_one_package_and_one_registry_line():
    package = Path(__file__).parent / "toy_channel"
    assert sorted(p.name for p in package.glob("*.py")) == [
        "__init__.py", "panel.py", "services.py", "site_urls.py", "urls.py", "views.py",
    ]
    assert "merpati" not in channels.CHANNELS  # registered only inside the fixture
    with channels.registered(SPEC):
        assert channels.spec("merpati") is SPEC
        assert [p.name for p in channels.urlpatterns()][-1] == "pigeon_send"
    assert "merpati" not in channels.CHANNELS


def test_its_intake_goes_through_the_spine_with_clock_credit_and_event(toy, applicant_a, client):
    late = ConsultationFactory(applicant=applicant_a, breached_at=MONDAY_10 - timedelta(days=1))
    PriorityCredit.objects.create(applicant=applicant_a, granted_for=late, granted_at=MONDAY_10 - timedelta(days=1))
    client.force_login(applicant_a)

    response = client.post(reverse("consultations:pigeon_send"), {"question": "Bolehkah HPS dikirim lewat merpati?"})

    case = Consultation.objects.get(channel="merpati")
    assert response.status_code == 302 and response["Location"] == reverse("consultations:detail", args=[case.number])
    assert case.number.startswith("ADV-2026-") and case.status == "submitted"
    assert case.clock_started_at == MONDAY_10
    assert case.due_at == datetime(2026, 11, 5, 23, 59, 59, tzinfo=WIB)  # Thursday: 3 working days
    assert case.is_priority and PriorityCredit.objects.get(granted_for=late).used_by == case
    event = case.events.get(type=EventType.SUBMITTED)
    assert event.data["channel"] == "merpati" and event.data["pigeon"] == "Merpati pos"
    assert case.channel_label == "merpati" and case.status_label == "Menunggu penugasan"


def test_the_staff_case_page_shows_its_panel_from_the_registry(toy, applicant_a, director_pusat, client):
    from .toy_channel.services import send_by_pigeon

    case = send_by_pigeon(applicant=applicant_a, question="Bolehkah HPS dikirim lewat merpati?")
    client.force_login(director_pusat)
    page = client.get(reverse("consultations:staff_detail", args=[case.number])).content.decode()
    assert '<section id="merpati"><h2>Merpati pos</h2>' in page and case.number in page
