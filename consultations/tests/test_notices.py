"""Who on staff is told what about a case (consultations/notices.py): e-mail + notice."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.tests.factories import directorate
from consultations import notices
from consultations.models import Event, EventType
from consultations.services import steps
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


# --- new cases and assignments ---------------------------------------------------------


def test_a_submitted_case_tells_its_directorate_director(director_pusat, director_daerah, staff, case):
    # ``case``: applicant A's website case, routed to pusat (consultations/tests/conftest.py).
    assert mails_to(director_pusat, "case-new").count() == 1
    notice = notices_of(director_pusat, notices.KIND_NEW_CASE).get()
    assert case.number in notice.text
    assert not notices_of(director_daerah).exists() and not notices_of(staff).exists()


def test_a_rerouted_case_tells_the_new_directorate(director_pusat, director_daerah, case):
    steps.reroute(consultation=case, directorate=directorate("daerah"), reason="Pemda", actor=director_pusat)
    assert mails_to(director_daerah, "case-new").count() == 1
    assert notices_of(director_daerah, notices.KIND_NEW_CASE).count() == 1
    assert mails_to(director_pusat, "case-new").count() == 1  # only the first, from the submission


def test_an_assignment_tells_the_assignee_not_a_self_assignment(director_pusat, team_lead, staff, case):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    assert mails_to(staff, "case-assigned").count() == 1
    assert notices_of(staff, notices.KIND_ASSIGNED).count() == 1
    # A team lead giving the case to themselves needs no mail about it.
    steps.assign(consultation=case, assignee=team_lead, actor=team_lead)
    assert not notices_of(team_lead, notices.KIND_ASSIGNED).exists()
    assert not mails_to(team_lead, "case-assigned").exists()


def test_a_claim_tells_nobody(director_pusat, staff, case):
    before = OutboundEmail.objects.count(), Notice.objects.count()
    steps.claim(consultation=case, actor=staff)
    assert (OutboundEmail.objects.count(), Notice.objects.count()) == before


def test_the_assignment_mail_names_who_assigned_and_links_the_staff_page(director_pusat, staff, case):
    steps.assign(consultation=case, assignee=staff, actor=director_pusat)
    row = mails_to(staff, "case-assigned").get()
    assert row.context["actor_name"] == director_pusat.full_name
    assert row.context["url"].endswith(f"/konsultasi/staf/{case.number}/")


# --- at risk ---------------------------------------------------------------------------


def test_at_risk_goes_to_the_assignee_and_only_them(director_pusat, staff):
    case = ConsultationFactory(assignee=staff, status=Status.ASSIGNED, due_at=NOW + timedelta(hours=5))
    event = event_of(case, EventType.DEADLINE_AT_RISK)
    assert notices.notify_at_risk(case, event) == 1
    assert notices.notify_at_risk(case, event) == 0
    assert mails_to(staff, "deadline-at-risk").count() == 1
    assert not notices_of(director_pusat).exists()


# --- the daily digest ------------------------------------------------------------------


@pytest.fixture
def digest_director(director_pusat):
    director_pusat.notification_digest = True
    director_pusat.save()
    return director_pusat


def test_the_digest_lists_at_risk_and_late_cases_once_a_day(digest_director, director_daerah, staff):
    late = ConsultationFactory(due_at=NOW - timedelta(days=1), assignee=staff, status=Status.ASSIGNED)
    at_risk = ConsultationFactory(due_at=NOW + timedelta(hours=10))
    ConsultationFactory(due_at=NOW + timedelta(days=20))  # on time
    ConsultationFactory(due_at=NOW - timedelta(days=1), completed_at=NOW, completed_on_time=False, status=Status.DELIVERED)
    ConsultationFactory(due_at=NOW - timedelta(days=1), directorate=directorate("daerah"))  # not theirs

    assert notices.send_daily_digests(now=NOW) == 1
    assert notices.send_daily_digests(now=NOW + timedelta(hours=2)) == 0  # the same day
    row = mails_to(digest_director, "deadline-digest").get()
    assert [c["number"] for c in row.context["cases"]] == [late.number, at_risk.number]
    assert row.context["late_count"] == 1 and row.context["at_risk_count"] == 1
    assert not mails_to(director_daerah).exists()  # no digest chosen

    deliver(row.pk)
    sent = mail.outbox[-1]
    assert "1 terlambat, 1 hampir jatuh tempo" in sent.subject
    assert late.number in sent.body and at_risk.number in sent.body and staff.full_name in sent.body
    # The next working day is another digest.
    assert notices.send_daily_digests(now=NOW + timedelta(days=1)) == 1


def test_no_digest_when_nothing_is_at_risk_or_late(digest_director):
    ConsultationFactory(due_at=NOW + timedelta(days=20))
    assert notices.send_daily_digests(now=NOW) == 0
    assert not OutboundEmail.objects.exists()


def test_no_digest_on_a_day_off(digest_director):
    ConsultationFactory(due_at=NOW - timedelta(days=1))
    saturday = NOW + timedelta(days=4)
    assert notices.send_daily_digests(now=saturday) == 0


def test_the_digest_in_english(digest_director):
    digest_director.language = "en"
    digest_director.save()
    ConsultationFactory(due_at=NOW - timedelta(days=1))
    notices.send_daily_digests(now=NOW)
    deliver(mails_to(digest_director).get().pk)
    sent = mail.outbox[-1]
    assert "Deadline digest" in sent.subject and "1 late, 0 at risk" in sent.subject
    assert "late" in sent.body and "Directorate" in sent.body


def test_a_digest_reader_gets_no_per_case_at_risk_mail(digest_director):
    case = ConsultationFactory(due_at=NOW + timedelta(hours=5))
    notices.notify_at_risk(case, event_of(case, EventType.DEADLINE_AT_RISK))
    assert notices_of(digest_director, notices.KIND_AT_RISK).count() == 1
    assert not mails_to(digest_director).exists()
