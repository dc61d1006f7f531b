"""Exactly once, with real processes: two sweeps at once, a sweep killed with SIGKILL in
the middle, the same task delivered twice to a real worker, and two submissions racing
for one credit. Each breached case ends with one breach event, one credit and one
apology; each credit is used once.

The late cases are submitted through the real website intake on the SPEC.md day.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import Count

from accounts.models import InstitutionType
from accounts.tests.factories import ApplicantFactory
from consultations.channels import Channel
from consultations.emails import BREACH_APOLOGY
from consultations.models import Consultation, Event, EventType, PriorityCredit
from consultations.services import compensation
from core import lifecycle
from notifications.models import OutboundEmail

from .conftest import SPEC_DUE, SPEC_START
from .factories import ConsultationFactory, submit
from .test_concurrency import THREADS, in_parallel

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel writers and row locks need PostgreSQL"
)

ROOT = Path(__file__).resolve().parents[2]
LATE = SPEC_DUE + timedelta(minutes=1)
CASES = 40


@pytest.fixture
def late_cases(holidays):
    """CASES website cases of CASES/2 applicants, submitted on the SPEC.md day."""
    applicants = [ApplicantFactory(profile__institution_type=InstitutionType.KL) for _ in range(CASES // 2)]
    with time_machine.travel(SPEC_START, tick=False):
        return [submit(applicant, subject=f"Kasus {n}") for n in range(2) for applicant in applicants]


def sweeper(batch_size: int, *, pause: float = 0.0, kill_in_batch: int = 0) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advokasi.settings.test",
        "ADVOKASI_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "consultations.tests.sweeper", LATE.isoformat(), str(batch_size), str(pause), str(kill_in_batch)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    try:
        output, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, output


def assert_exactly_once(cases: list[Consultation]) -> None:
    ids = [case.pk for case in cases]
    assert Consultation.objects.filter(pk__in=ids, breached_at__isnull=True).count() == 0
    events = dict(
        Event.objects.filter(consultation__in=ids, type=EventType.DEADLINE_BREACHED)
        .values_list("consultation").annotate(n=Count("id")).values_list("consultation", "n")
    )
    assert events == dict.fromkeys(ids, 1)
    assert sorted(PriorityCredit.objects.values_list("granted_for", flat=True)) == sorted(ids)
    apologies = dict(
        OutboundEmail.objects.filter(template=BREACH_APOLOGY).values_list("subject_id")
        .annotate(n=Count("id")).values_list("subject_id", "n")
    )
    assert apologies == dict.fromkeys(ids, 1)


@postgres_only
@pytest.mark.db_file  # the sweeps are subprocesses
def test_two_sweeps_at_once_record_each_breach_once(late_cases):
    first, second = sweeper(3, pause=0.05), sweeper(3, pause=0.05)
    (code1, out1), (code2, out2) = finish(first), finish(second)
    assert (code1, code2) == (0, 0), out1 + out2
    done = [json.loads(out.strip().splitlines()[-1])["breached"] for out in (out1, out2)]
    assert sum(done) == CASES
    # They shared the work: each took batches the other skipped (skip_locked).
    assert all(done), done
    assert_exactly_once(late_cases)


@pytest.mark.db_file  # the sweeps are subprocesses
def test_a_sweep_killed_in_the_middle_loses_the_batches_in_flight_which_the_next_sweep_does(late_cases):
    killed = sweeper(5, kill_in_batch=3)
    code, output = finish(killed)
    assert code == -signal.SIGKILL, output
    assert "DYING" in output
    # The batches committed before the kill are whole; the third died with its
    # transaction, and so did any other in flight then (on PostgreSQL one sweep runs
    # two claim loops at once: core.lifecycle.CONNECTIONS).
    done = Consultation.objects.filter(breached_at__isnull=False).count()
    assert done % 5 == 0 and 5 <= done < CASES, done
    if connection.vendor != "postgresql":
        assert done == 10  # one loop: the first two batches
    assert Event.objects.filter(type=EventType.DEADLINE_BREACHED).count() == done

    again = sweeper(5)
    code, output = finish(again)
    assert code == 0, output
    assert json.loads(output.strip().splitlines()[-1])["breached"] == CASES - done
    assert_exactly_once(late_cases)


@pytest.mark.worker
def test_the_same_sweep_task_delivered_twice_to_a_real_worker_records_once(late_cases, real_worker):
    from core import tasks

    # The same message twice (a redelivery after a lost acknowledgement), then a third sweep.
    for task_id in ("sweep-redelivered", "sweep-redelivered", "sweep-next"):
        tasks.sweep_deadlines.apply_async(task_id=task_id)
    real_worker.wait_for(
        lambda: Consultation.objects.filter(breached_at__isnull=True).count() == 0
        and "sweep-next" in real_worker.log.read_text()
        and real_worker.log.read_text().count("succeeded") >= 3,
        what="three sweeps",
    )
    assert_exactly_once(late_cases)


@postgres_only
def test_concurrent_submissions_never_use_one_credit_twice(holidays):
    guest = {"applicant": None, "contact_name": "Tamu", "contact_email": "tamu@contoh.go.id", "contact_phone": ""}
    late = [
        ConsultationFactory(channel=Channel.TATAP_MUKA, due_at=SPEC_DUE, clock_started_at=SPEC_START, **guest)
        for _ in range(3)
    ]
    lifecycle.sweep(now=LATE)
    assert PriorityCredit.objects.unused().count() == 3
    new_cases = [ConsultationFactory(clock_started_at=None, due_at=None, **guest) for _ in range(THREADS)]

    def consume(index: int):
        with transaction.atomic():
            credit = compensation.consume_priority_credit(consultation=new_cases[index], now=LATE)
            return credit.pk if credit else None

    outcomes = in_parallel(consume)
    used = [value for value in outcomes.values() if value is not None]
    assert not [value for value in outcomes.values() if isinstance(value, BaseException)], outcomes
    assert len(used) == len(set(used)) == 3
    assert Consultation.objects.filter(pk__in=[c.pk for c in new_cases], is_priority=True).count() == 3
    assert PriorityCredit.objects.unused().count() == 0
    assert {credit.granted_for_id for credit in PriorityCredit.objects.all()} == {case.pk for case in late}
