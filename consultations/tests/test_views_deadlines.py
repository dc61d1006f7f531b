"""Deadlines of cases as pages show them: what is left, the verdict — and the queue's
deadline filter, which must agree with ``Consultation.deadline_state`` row by row."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.template import Context, Template

from consultations.channels import Channel
from consultations.models import Consultation
from consultations.workflow import Status
from core.templatetags.core_tags import deadline_of
from workdays.deadlines import DeadlineState

from .conftest import SPEC_DUE, WIB
from .factories import ConsultationFactory


@pytest.mark.parametrize(
    "now, state, left",
    [
        (datetime(2025, 3, 27, 10, 0, tzinfo=WIB), "on_time", "10 hari kerja lagi"),
        (datetime(2025, 4, 21, 10, 0, tzinfo=WIB), "at_risk", "1 hari kerja lagi"),
        (datetime(2025, 4, 22, 10, 0, tzinfo=WIB), "at_risk", "Hari ini hari terakhir"),
        (datetime(2025, 4, 23, 0, 0, tzinfo=WIB), "late", "Lewat 1 hari kerja"),
        (datetime(2025, 4, 28, 9, 0, tzinfo=WIB), "late", "Lewat 4 hari kerja"),
    ],
)
def test_deadline_of_a_running_case(holidays, now, state, left):
    case = ConsultationFactory.build(submitted_at=datetime(2025, 3, 27, 10, 0, tzinfo=WIB), due_at=SPEC_DUE)
    shown = deadline_of(case, now)
    assert (shown.state, shown.left) == (state, left)
    assert shown.label == {"on_time": "Tepat waktu", "at_risk": "Berisiko terlambat", "late": "Terlambat"}[state]


def test_deadline_of_answered_walk_in_and_letter_cases(db):
    now = datetime(2025, 5, 5, 9, 0, tzinfo=WIB)
    done = ConsultationFactory.build(status=Status.DELIVERED, due_at=now, completed_at=now - timedelta(hours=1), completed_on_time=True)
    assert deadline_of(done, now).label == "Selesai tepat waktu"
    assert deadline_of(done, now).left == "Waktu selesai: Senin, 5 Mei 2025 08.00 WIB"
    walk_in = ConsultationFactory.build(channel=Channel.TATAP_MUKA, submitted_at=now, due_at=now + timedelta(hours=1))
    assert deadline_of(walk_in, now + timedelta(minutes=20)).left == "40 menit lagi"
    assert deadline_of(walk_in, now + timedelta(minutes=70)).left == "Lewat 10 menit"
    letter = ConsultationFactory.build(channel=Channel.SURAT, status=Status.REGISTERED, clock_started_at=None, due_at=None)
    assert deadline_of(letter, now).label == "Belum berjalan"


def test_badge_tag_uses_the_pages_now(holidays):
    case = ConsultationFactory.build(submitted_at=datetime(2025, 3, 27, 10, 0, tzinfo=WIB), due_at=SPEC_DUE)
    html = Template("{% load core_tags %}{% deadline_badge case %}").render(
        Context({"case": case, "now": datetime(2025, 4, 23, 9, 0, tzinfo=WIB)})
    )
    assert html.strip() == '<span class="badge text-bg-danger">Terlambat</span>'


# The filter against the model, on a grid of moments: weekdays, a weekend, a holiday,
# the day before a long cuti bersama; deadlines around each.
NOWS = [
    datetime(2025, 4, 21, 10, 0, tzinfo=WIB),  # Monday
    datetime(2025, 4, 22, 23, 59, 59, tzinfo=WIB),  # the last second of a due day
    datetime(2025, 4, 19, 12, 0, tzinfo=WIB),  # Saturday
    datetime(2025, 4, 18, 9, 0, tzinfo=WIB),  # Good Friday
    datetime(2025, 3, 27, 16, 0, tzinfo=WIB),  # before cuti bersama and Idul Fitri
]


@pytest.mark.parametrize("now", NOWS)
def test_the_deadline_filter_agrees_with_the_model(holidays, now):
    cases = []
    for hours in range(-60, 24 * 14, 7):
        cases.append(ConsultationFactory(submitted_at=now - timedelta(days=20), due_at=now + timedelta(hours=hours)))
    for minutes in (-5, 0, 1, 14, 15, 16, 45):
        cases.append(
            ConsultationFactory(
                channel=Channel.TATAP_MUKA, submitted_at=now - timedelta(hours=1), due_at=now + timedelta(minutes=minutes)
            )
        )
    for on_time in (True, False):
        cases.append(
            ConsultationFactory(
                status=Status.DELIVERED, submitted_at=now - timedelta(days=9), due_at=now,
                completed_at=now - timedelta(days=1), completed_on_time=on_time,
            )
        )
    cases.append(ConsultationFactory(channel=Channel.SURAT, status=Status.REGISTERED, clock_started_at=None, due_at=None))
    for state in DeadlineState:
        in_filter = set(Consultation.objects.in_deadline_state(state, now).values_list("pk", flat=True))
        by_model = {case.pk for case in cases if case.deadline_state(now) == state}
        assert in_filter == by_model, state
    assert any(case.deadline_state(now) == DeadlineState.AT_RISK for case in cases)
