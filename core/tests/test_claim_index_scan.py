"""The sweep's at-risk claim is planned without a sequential scan on PostgreSQL
(``remind_at_risk(index_scans_only=True)``): ``SET LOCAL`` in the claim's transaction,
set back on before the desk's hooks run, and nothing left set after the sweep."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.tests.factories import ConsultationFactory
from consultations.tests.test_reminders import NOW, end_of
from core import lifecycle
from workdays.calendar import get_calendar

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting"),
]


def _seqscan() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        return cursor.fetchone()[0]


def test_the_at_risk_claim_alone_is_planned_without_a_sequential_scan(holidays, director_pusat, time_machine):
    time_machine.move_to(NOW, tick=False)
    ConsultationFactory(due_at=end_of(11))
    get_calendar()
    with CaptureQueriesContext(connection) as queries:
        report = lifecycle.sweep(now=NOW, only=["consultations"])
    assert report.at_risk == 1
    sql = [q["sql"] for q in queries.captured_queries]
    off = [i for i, s in enumerate(sql) if s == "SET LOCAL enable_seqscan = off"]
    on = [i for i, s in enumerate(sql) if s == "SET LOCAL enable_seqscan = on"]
    # For the at-risk claim (one batch: it found fewer than a batch), back on right
    # after it found rows, before the hooks' queries.
    assert len(off) == 1 and len(on) == 1
    assert off[0] + 2 == on[0] and "FOR UPDATE" in sql[off[0] + 1]
    assert not any("enable_seqscan" in s for s in sql[: off[0]])  # not for the breach claims
    assert _seqscan() == "on"
