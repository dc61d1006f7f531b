"""One sweep shares a desk's batches between ``core.lifecycle.CONNECTIONS`` claim loops
at once, each on its own connection (PostgreSQL): each case is still told once, a
helper's error reaches the caller, the helpers build links under the caller's script
prefix, and they leave no connection open. (Elsewhere — SQLite, or inside a
transaction such as a test's — one loop does it all: test_lifecycle.py.)"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.urls import get_script_prefix, set_script_prefix

from accounts.tests.factories import ApplicantFactory
from consultations.channels import Channel
from consultations.models import Consultation, Event, EventType, PriorityCredit
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status
from core import lifecycle
from core.time import WIB
from notifications.models import Notice

NOW = datetime(2025, 6, 10, 9, 0, tzinfo=WIB)  # Tuesday
LATE_DUE = NOW - timedelta(minutes=1)
CASES = 30
BATCH = 4

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel claim loops need PostgreSQL's row locks"),
]


def late_cases() -> list[Consultation]:
    return [
        ConsultationFactory(channel=Channel.WEBSITE, applicant=ApplicantFactory(), status=Status.SUBMITTED,
                            submitted_at=NOW - timedelta(days=20), due_at=LATE_DUE)
        for _ in range(CASES)
    ]


def backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def settles_at(count: int) -> int:
    """The backends of this database once those whose clients left have exited (a
    backend goes a moment after its client closes)."""
    deadline = time.monotonic() + 5
    while (now := backends()) != count and time.monotonic() < deadline:
        time.sleep(0.05)
    return now


@pytest.fixture
def batches_by_thread(monkeypatch):
    """The threads (and their database backends) that recorded each batch."""
    seen: list[tuple[str, int]] = []
    record = lifecycle._record_batch

    def spy(desk, rows, now):
        seen.append((threading.current_thread().name, connection.connection.info.backend_pid))
        record(desk, rows, now)

    monkeypatch.setattr(lifecycle, "_record_batch", spy)
    return seen


@pytest.mark.usefixtures("holidays", "director_pusat")
def test_one_sweep_shares_its_batches_between_connections_and_tells_once(batches_by_thread):
    cases = late_cases()
    connected = backends()

    report = lifecycle.sweep(now=NOW, batch_size=BATCH)

    assert report.breached == CASES and report["consultations"].batches == -(-CASES // BATCH)
    threads = {name for name, _pid in batches_by_thread}
    assert len(threads) == lifecycle.CONNECTIONS == 2, batches_by_thread
    assert len({pid for _name, pid in batches_by_thread}) == 2
    ids = [case.pk for case in cases]
    assert Consultation.objects.filter(pk__in=ids, breached_at=NOW).count() == CASES
    breaches = Event.objects.filter(type=EventType.DEADLINE_BREACHED).values_list("consultation", flat=True)
    assert Counter(Counter(breaches).values()) == {1: CASES}
    assert Counter(Counter(PriorityCredit.objects.values_list("granted_for", flat=True)).values()) == {1: CASES}
    # The helpers closed their connections.
    assert settles_at(connected) == connected
    assert lifecycle.sweep(now=NOW + timedelta(minutes=1), batch_size=BATCH).breached == 0


@pytest.mark.usefixtures("holidays", "director_pusat")
def test_a_helpers_error_reaches_the_caller_and_loses_nothing(monkeypatch):
    late_cases()
    record = lifecycle._record_batch

    def fails_in_a_helper(desk, rows, now):
        if threading.current_thread().name.startswith("sweep-"):
            raise RuntimeError("the helper's database went away")
        record(desk, rows, now)

    monkeypatch.setattr(lifecycle, "_record_batch", fails_in_a_helper)
    with pytest.raises(RuntimeError, match="went away"):
        lifecycle.sweep(now=NOW, batch_size=BATCH)
    # The caller's batches are committed; the helper's rolled back, for the next sweep.
    done = Consultation.objects.filter(breached_at=NOW).count()
    monkeypatch.setattr(lifecycle, "_record_batch", record)
    assert done + lifecycle.sweep(now=NOW, batch_size=BATCH).breached == CASES
    breaches = Event.objects.filter(type=EventType.DEADLINE_BREACHED).values_list("consultation", flat=True)
    assert Counter(Counter(breaches).values()) == {1: CASES}


@pytest.mark.usefixtures("holidays", "director_pusat")
def test_the_helpers_link_under_the_callers_script_prefix(batches_by_thread):
    late_cases()
    before = get_script_prefix()
    set_script_prefix("/advokasi/")
    try:
        assert lifecycle.sweep(now=NOW, batch_size=BATCH).breached == CASES
    finally:
        set_script_prefix(before)
    assert len({name for name, _pid in batches_by_thread}) == 2
    urls = set(Notice.objects.values_list("url", flat=True))
    assert len(urls) == CASES and all(url.startswith("/advokasi/") for url in urls), urls

