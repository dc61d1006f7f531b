"""Sweeps at once tell once, on every desk (PostgreSQL: row locks, parallel writers).

Late and at-risk consultations of every channel (with an account and without one,
assigned and not) and late and at-risk complaints, swept by several sweeps released
together, each on its own connection, in small batches: each case ends with one mark,
one event, one credit and one apology (consultations), and one notice and one e-mail
per person told — no more, none missing. bench/sweep.py checks the same at 1,000,000
cases.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from accounts.models import Role
from accounts.tests.factories import ApplicantFactory, InternalUserFactory, directorate
from complaints import notices as complaint_notices
from complaints import services as complaint_services
from complaints.models import Complaint, ComplaintEvent, Kind
from complaints.models import EventType as ComplaintEventType
from consultations import emails
from consultations import notices as consultation_notices
from consultations.channels import Channel
from consultations.models import Consultation, Event, EventType, PriorityCredit
from consultations.tests.factories import ConsultationFactory
from consultations.tests.test_concurrency import THREADS, in_parallel
from consultations.workflow import Status
from core import lifecycle
from core.time import WIB
from notifications.models import Notice, OutboundEmail

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"),
]

NOW = datetime(2025, 6, 10, 9, 0, tzinfo=WIB)  # Tuesday
FILED = NOW - timedelta(days=14)
LATE_DUE = NOW - timedelta(minutes=1)
RISK_DUE = datetime(2025, 6, 11, 23, 59, 59, tzinfo=WIB)  # one working day left


def consultations(due_at: datetime, staff) -> list[Consultation]:
    """Four per channel: with an account or a contact only, assigned or not."""
    cases = []
    for channel in Channel:
        for n in range(4):
            account = ApplicantFactory() if n % 2 else None
            cases.append(ConsultationFactory(
                channel=channel, applicant=account, contact_name="Tamu", contact_email=f"tamu.{channel}.{n}@contoh.go.id",
                status=Status.ASSIGNED if n >= 2 else Status.SUBMITTED, assignee=staff if n >= 2 else None,
                submitted_at=FILED, due_at=due_at,
            ))
    return cases


def complaints(due_at: datetime, count: int = 6) -> list[Complaint]:
    with time_machine.travel(FILED, tick=False):
        filed = [
            complaint_services.file_complaint(kind=Kind.PENGADUAN, text=f"Pengaduan {n}", directorate=directorate("pusat"))
            .complaint for n in range(count)
        ]
    Complaint.objects.filter(pk__in=[c.pk for c in filed]).update(due_at=due_at)
    return filed


def per(rows) -> Counter:
    """How many rows each key has, counted: Counter({1: 24}) is 24 keys once each."""
    return Counter(Counter(rows).values())


def told(model, ids, kind: str) -> tuple[Counter, set]:
    notices = Notice.objects.filter(subject_type=ContentType.objects.get_for_model(model), subject_id__in=ids, kind=kind)
    pairs = list(notices.values_list("subject_id", "recipient_id"))
    return per(pairs), set(pairs)


def mailed(model, ids, **filters) -> Counter:
    mails = OutboundEmail.objects.filter(subject_type=ContentType.objects.get_for_model(model), subject_id__in=ids,
                                         **filters)
    return per(mails.values_list("subject_id", "recipient"))


def test_parallel_sweeps_tell_each_case_of_every_desk_once(holidays, director_pusat):
    staff = InternalUserFactory(email="staf.pusat@lkpp.go.id", role=Role.STAFF)
    handlers = [InternalUserFactory(email=f"pengaduan{n}@lkpp.go.id", role=Role.COMPLAINT_HANDLER) for n in range(2)]
    late, risky = consultations(LATE_DUE, staff), consultations(RISK_DUE, staff)
    # A walk-in's deadline is hourly: at risk in its last 15 minutes.
    walk_ins = [c.pk for c in risky if c.channel == Channel.TATAP_MUKA]
    assert Consultation.objects.filter(pk__in=walk_ins).update(due_at=NOW + timedelta(minutes=10)) == 4
    late_complaints, risky_complaints = complaints(LATE_DUE), complaints(RISK_DUE)

    outcomes = in_parallel(lambda i: lifecycle.sweep(now=NOW, batch_size=3))

    errors = [o for o in outcomes.values() if isinstance(o, BaseException)]
    assert not errors, errors
    assert sum(o.breached for o in outcomes.values()) == len(late) + len(late_complaints)
    assert sum(o.at_risk for o in outcomes.values()) == len(risky) + len(risky_complaints)
    assert len(outcomes) == THREADS

    # Consultations: marked, one event, one credit, one apology; the assignee (if any)
    # and the director told once each, by notice and by e-mail.
    ids = [c.pk for c in late]
    assert Consultation.objects.filter(pk__in=ids, breached_at=NOW).count() == len(ids)
    assert per(Event.objects.filter(type=EventType.DEADLINE_BREACHED).values_list("consultation", flat=True)) == {
        1: len(ids)
    }
    assert per(PriorityCredit.objects.values_list("granted_for", flat=True)) == {1: len(ids)}
    assert mailed(Consultation, ids, template=emails.BREACH_APOLOGY) == {1: len(ids)}
    expected = {(c.pk, director_pusat.pk) for c in late} | {(c.pk, staff.pk) for c in late if c.assignee_id}
    counts, pairs = told(Consultation, ids, consultation_notices.KIND_BREACHED)
    assert counts == {1: len(expected)} and pairs == expected
    assert mailed(Consultation, ids, template=emails.DEADLINE_BREACHED) == {1: len(expected)}

    ids = [c.pk for c in risky]
    assert Consultation.objects.filter(pk__in=ids, at_risk_notified_at=NOW, breached_at=None).count() == len(ids)
    assert per(Event.objects.filter(type=EventType.DEADLINE_AT_RISK).values_list("consultation", flat=True)) == {
        1: len(ids)
    }
    # The assignee or, while nobody is assigned, the director.
    expected = {(c.pk, staff.pk if c.assignee_id else director_pusat.pk) for c in risky}
    counts, pairs = told(Consultation, ids, consultation_notices.KIND_AT_RISK)
    assert counts == {1: len(expected)} and pairs == expected
    assert mailed(Consultation, ids, template=emails.DEADLINE_AT_RISK) == {1: len(expected)}

    # Complaints: one event; the director and the handlers told once each (breach), the
    # handlers (at risk: nobody has taken them).
    for rows, event_type, kind, people in (
        (late_complaints, ComplaintEventType.BREACHED, complaint_notices.KIND_BREACHED, [director_pusat, *handlers]),
        (risky_complaints, ComplaintEventType.AT_RISK, complaint_notices.KIND_AT_RISK, handlers),
    ):
        ids = [c.pk for c in rows]
        mark = "breached_at" if event_type == ComplaintEventType.BREACHED else "at_risk_notified_at"
        assert Complaint.objects.filter(pk__in=ids, **{mark: NOW}).count() == len(ids)
        assert per(ComplaintEvent.objects.filter(type=event_type).values_list("complaint", flat=True)) == {1: len(ids)}
        expected = {(pk, user.pk) for pk in ids for user in people}
        counts, pairs = told(Complaint, ids, kind)
        assert counts == {1: len(expected)} and pairs == expected
        assert mailed(Complaint, ids, template=complaint_notices.STAFF, context__notice_kind=kind) == {
            1: len(expected)
        }

    again = lifecycle.sweep(now=NOW + timedelta(minutes=1))
    assert (again.breached, again.at_risk) == (0, 0)
