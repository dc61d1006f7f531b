"""Who on staff is told what about a case (consultations/notices.py): e-mail + notice."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail

from consultations import notices
from consultations.models import Event, EventType
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status
from core.time import WIB
from notifications.delivery import deliver
from notifications.models import Notice, OutboundEmail

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 10, 9, 0, tzinfo=WIB)  # a Tuesday


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def event_of(case, type=EventType.DEADLINE_BREACHED, actor=None):
    return Event.objects.create(consultation=case, type=type, actor=actor, at=NOW, data={})


def mails_to(user, template=None):
    rows = OutboundEmail.objects.filter(recipient=user.email)
    return rows.filter(template=template) if template else rows


def notices_of(user, kind=None):
    rows = Notice.objects.filter(recipient=user)
    return rows.filter(kind=kind) if kind else rows


# --- breach: the escalation ----------------------------------------------------------


def test_breach_tells_the_assignee_and_the_director(director_pusat, staff):
    case = ConsultationFactory(assignee=staff, status=Status.ASSIGNED, due_at=NOW - timedelta(hours=1))
    event = event_of(case)

    assert notices.notify_breach(case, event) == 2

    for user in (staff, director_pusat):
        assert mails_to(user, "deadline-breached").count() == 1
        notice = notices_of(user, notices.KIND_BREACHED).get()
        assert case.number in notice.text and notice.url.endswith(f"/{case.number}/")
        assert notice.subject == case and notice.read_at is None


def test_breach_of_an_unassigned_case_tells_the_director_once(director_pusat):
    case = ConsultationFactory(due_at=NOW - timedelta(hours=1))
    event = event_of(case)
    assert notices.notify_breach(case, event) == 1
    # A re-run (two sweeps, a retried task) sends nothing twice.
    assert notices.notify_breach(case, event) == 0
    assert mails_to(director_pusat).count() == 1
    assert notices_of(director_pusat).count() == 1


def test_breach_goes_to_team_leads_when_the_directorate_has_no_director(team_lead, staff, director_daerah):
    case = ConsultationFactory(due_at=NOW - timedelta(hours=1))
    notices.notify_breach(case, event_of(case))
    assert notices_of(team_lead).count() == 1
    assert not notices_of(staff).exists() and not notices_of(director_daerah).exists()


def test_breach_assigned_to_the_director_tells_them_once(director_pusat):
    case = ConsultationFactory(assignee=director_pusat, status=Status.ASSIGNED, due_at=NOW - timedelta(hours=1))
    assert notices.notify_breach(case, event_of(case)) == 1
    assert mails_to(director_pusat).count() == 1


def test_an_inactive_assignee_is_not_told(director_pusat, staff):
    staff.is_active = False
    staff.save()
    case = ConsultationFactory(assignee=staff, status=Status.ASSIGNED, due_at=NOW - timedelta(hours=1))
    notices.notify_breach(case, event_of(case))
    assert not notices_of(staff).exists() and notices_of(director_pusat).count() == 1


def test_a_digest_reader_gets_the_notice_but_no_breach_mail(director_pusat, staff):
    director_pusat.notification_digest = True
    director_pusat.save()
    case = ConsultationFactory(assignee=staff, status=Status.ASSIGNED, due_at=NOW - timedelta(hours=1))
    notices.notify_breach(case, event_of(case))
    assert not mails_to(director_pusat).exists()
    assert notices_of(director_pusat, notices.KIND_BREACHED).count() == 1
    assert mails_to(staff).count() == 1  # the assignee's mail is not the director's choice


def test_breach_mail_renders_in_english_for_an_english_reader(director_pusat, django_capture_on_commit_callbacks):
    director_pusat.language = "en"
    director_pusat.save()
    case = ConsultationFactory(due_at=NOW - timedelta(hours=1))
    notices.notify_breach(case, event_of(case))
    row = mails_to(director_pusat).get()
    deliver(row.pk)
    sent = mail.outbox[-1]
    assert case.number in sent.subject and "deadline" in sent.subject.lower()
    assert "/staf/" in sent.body or case.number in sent.body
    notice = notices_of(director_pusat).get()
    assert "deadline" in notice.text_en.lower() and "batas waktu" in notice.text.lower()
