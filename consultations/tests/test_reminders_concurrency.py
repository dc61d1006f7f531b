"""Two sweeps at once never remind a case twice (PostgreSQL: row locks, parallel writers)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection

from consultations.models import Consultation, Event, EventType
from core import lifecycle
from core.time import WIB
from notifications.models import Notice, OutboundEmail

from .factories import ConsultationFactory
from .test_concurrency import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"),
]

NOW = datetime(2025, 6, 10, 9, 0, tzinfo=WIB)


def test_parallel_sweeps_remind_each_case_once(director_pusat):
    ConsultationFactory.create_batch(30, due_at=datetime(2025, 6, 11, 23, 59, 59, tzinfo=WIB), submitted_at=NOW)

    outcomes = in_parallel(lambda i: lifecycle.remind_at_risk("consultations", now=NOW, batch_size=4)[0])

    errors = [o for o in outcomes.values() if isinstance(o, BaseException)]
    assert not errors, errors
    assert sum(outcomes.values()) == 30
    assert Consultation.objects.filter(at_risk_notified_at=NOW).count() == 30
    assert Event.objects.filter(type=EventType.DEADLINE_AT_RISK).count() == 30
    assert Notice.objects.count() == 30
    assert OutboundEmail.objects.filter(template="deadline-at-risk").count() == 30
