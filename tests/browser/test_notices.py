"""A director's notices in a real browser: the unread badge, the list, opening one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations import notices
from consultations.models import Event, EventType
from consultations.tests.factories import ConsultationFactory

from .test_website_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Direktur-Pusat-2025"


def test_a_director_reads_a_notice_and_the_badge_goes_down(page):
    director = InternalUserFactory(
        email="direktur.pusat@lkpp.go.id", role=Role.DIRECTOR, directorate=directorate("pusat"), password=PASSWORD
    )
    now = timezone.now()
    cases = [ConsultationFactory(subject=f"Kasus terlambat {n}", due_at=now - timedelta(hours=n + 1)) for n in range(2)]
    for case in cases:
        event = Event.objects.create(consultation=case, type=EventType.DEADLINE_BREACHED, at=now, data={})
        notices.notify_breach(case, event)

    sign_in(page, director.email, PASSWORD)
    badge = page.locator("#jumlah-belum-dibaca")
    assert badge.inner_text().startswith("2")

    page.locator("#nav-pemberitahuan").click()
    page.wait_for_url("**/pemberitahuan/")
    items = page.locator("#daftar-pemberitahuan a")
    assert items.count() == 2
    items.filter(has_text=cases[0].number).click()
    page.wait_for_url(f"**/konsultasi/staf/{cases[0].number}/")
    assert page.locator("#jumlah-belum-dibaca").inner_text().startswith("1")
