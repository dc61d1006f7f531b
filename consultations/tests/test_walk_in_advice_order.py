"""Steps in order on a walk-in (issue 24.5): advice is recorded only on a guest the
same staff member has accepted since the last hand-off; a refused advice keeps what was
typed; pressing "accept" twice records one acceptance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.channels.tatap_muka import services as walk_ins
from consultations.models import Answer, EventType, WalkIn
from consultations.workflow import Status

from .test_walk_ins import MONDAY_10, advisor, category, colleague, fill, monday, register  # noqa: F401


@pytest.fixture
def handed(monday, front_desk, category, advisor):  # noqa: F811
    case = register(front_desk, fill(category))
    walk_ins.hand_off(consultation=case, actor=front_desk, to=advisor)
    return case


def _advise(case, author, **extra):
    return walk_ins.record_advice(consultation=case, author=author, kinds=["saran"], summary="Gunakan HPS.", **extra)


def test_advice_on_a_guest_nobody_accepted_is_refused(handed, advisor):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        _advise(handed, advisor)
    assert refused.value.code == "not_accepted"
    handed.refresh_from_db()
    assert handed.status == Status.ASSIGNED and handed.completed_at is None
    assert not Answer.objects.exists()
    assert not handed.events.filter(type=EventType.ADVICE_RECORDED).exists()


def test_after_acceptance_the_advice_closes_the_case_with_the_acceptance_before_it(monday, handed, advisor):  # noqa: F811
    walk_ins.accept_guest(consultation=handed, actor=advisor)
    monday.shift(timedelta(minutes=30))
    _advise(handed, advisor)
    handed.refresh_from_db()
    visit = WalkIn.objects.get(pk=handed.pk)
    assert handed.status == Status.DELIVERED
    assert visit.accepted_by == advisor and visit.accepted_at == MONDAY_10
    events = list(handed.events.filter(type__in=[EventType.GUEST_ACCEPTED, EventType.ADVICE_RECORDED]).order_by("at", "pk"))
    assert [(e.type, e.actor) for e in events] == [(EventType.GUEST_ACCEPTED, advisor), (EventType.ADVICE_RECORDED, advisor)]
    assert events[0].at < events[1].at


def test_a_hand_off_needs_a_new_acceptance_by_whoever_has_the_guest(handed, advisor, colleague):  # noqa: F811
    walk_ins.accept_guest(consultation=handed, actor=advisor)
    walk_ins.hand_off(consultation=handed, actor=advisor, to=colleague, reason="Keahlian rekan.")
    with pytest.raises(ValidationError):  # the advisor's acceptance went with the guest
        _advise(handed, colleague)
    walk_ins.accept_guest(consultation=handed, actor=colleague)
    _advise(handed, colleague)
    assert WalkIn.objects.get(pk=handed.pk).accepted_by == colleague


def test_accepting_twice_records_one_acceptance(monday, handed, advisor):  # noqa: F811
    walk_ins.accept_guest(consultation=handed, actor=advisor)
    monday.shift(timedelta(minutes=5))
    walk_ins.accept_guest(consultation=handed, actor=advisor)
    assert handed.events.filter(type=EventType.GUEST_ACCEPTED).count() == 1
    assert WalkIn.objects.get(pk=handed.pk).accepted_at == MONDAY_10


def test_the_page_refuses_advice_before_acceptance_and_keeps_the_summary(client, login, handed, advisor):  # noqa: F811
    login(advisor)
    response = client.post(
        reverse("consultations:visit_advice", kwargs={"number": handed.number}),
        {"saran-kinds": ["saran"], "saran-summary": "Ringkasan yang sudah diketik panjang."},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Terima tamu terlebih dahulu" in content and "Ringkasan yang sudah diketik panjang." in content
    assert 'id="form-terima-tamu"' in content
    handed.refresh_from_db()
    assert handed.status == Status.ASSIGNED and WalkIn.objects.get(pk=handed.pk).accepted_at is None
