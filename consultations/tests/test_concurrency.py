"""Case numbers under concurrent submissions: sequential, no gaps, no duplicates.

Only PostgreSQL has the row locks this relies on (and runs writers in parallel at all);
SQLite serialises every writer, so the test is skipped there. CI runs it on PostgreSQL.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from accounts.models import InstitutionType
from accounts.tests.factories import ApplicantFactory
from consultations.channels.website import emails as website_emails
from consultations.models import CaseCounter, Consultation

from .factories import submit

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"),
]

THREADS = 12


def in_parallel(work: Callable[[int], object]) -> dict[int, object]:
    """Run ``work(i)`` in THREADS threads released at once, each on its own database
    connection; return each thread's result or the exception it raised."""
    start = threading.Barrier(THREADS)
    outcomes: dict[int, object] = {}

    def run(index: int) -> None:
        try:
            start.wait()
            outcomes[index] = work(index)
        except BaseException as exc:  # noqa: BLE001 - returned to the test to check
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_submissions_get_gapless_numbers(spec_day, holidays, monkeypatch):
    applicants = [ApplicantFactory(profile__institution_type=InstitutionType.KL) for _ in range(THREADS)]
    real_queue = website_emails.queue_submitted

    def queue_or_fail(consultation, event):
        # Every third submission fails after taking its number: the number must come back.
        if consultation.subject.startswith("GAGAL"):
            raise RuntimeError("simulated failure after numbering")
        return real_queue(consultation, event)

    monkeypatch.setattr(website_emails, "queue_submitted", queue_or_fail)
    outcomes = in_parallel(
        lambda i: submit(applicants[i], subject=f"GAGAL {i}" if i % 3 == 0 else f"Pertanyaan {i}").number
    )
    results = {i: o for i, o in outcomes.items() if isinstance(o, str)}
    errors = {i: o for i, o in outcomes.items() if isinstance(o, BaseException)}

    failed = {i for i in range(THREADS) if i % 3 == 0}
    assert set(errors) == failed, errors
    assert all(isinstance(errors[i], RuntimeError) for i in failed)
    numbers = sorted(results.values())
    expected = [f"ADV-2025-{n:06d}" for n in range(1, THREADS - len(failed) + 1)]
    assert numbers == expected
    assert sorted(Consultation.objects.values_list("number", flat=True)) == expected
    assert CaseCounter.objects.get(year=2025).last_number == len(expected)


def test_parallel_submissions_of_one_applicant_respect_the_hourly_limit(spec_day, holidays):
    from consultations.errors import SubmissionRateExceeded
    from consultations.services.rates import SUBMISSIONS_PER_HOUR

    applicant = ApplicantFactory(profile__institution_type=InstitutionType.KL)
    for index in range(SUBMISSIONS_PER_HOUR - 2):
        submit(applicant, subject=f"Sebelumnya {index}")
    outcomes = in_parallel(lambda i: submit(applicant, subject=f"Serentak {i}").number)

    accepted = [o for o in outcomes.values() if isinstance(o, str)]
    refused = [o for o in outcomes.values() if isinstance(o, SubmissionRateExceeded)]
    assert len(accepted) == 2 and len(refused) == THREADS - 2, outcomes
    assert Consultation.objects.filter(applicant=applicant).count() == SUBMISSIONS_PER_HOUR


def test_parallel_messages_of_one_applicant_respect_the_hourly_limit(spec_day, holidays, settings):
    from consultations.errors import MessageRateExceeded
    from consultations.models import Message
    from consultations.services import steps

    settings.ADVOKASI_MESSAGES_PER_CASE_PER_HOUR = 4
    applicant = ApplicantFactory(profile__institution_type=InstitutionType.KL)
    case = submit(applicant)
    outcomes = in_parallel(
        lambda i: steps.post_message(consultation=case, author=applicant, body=f"Serentak {i}").pk
    )

    accepted = [o for o in outcomes.values() if isinstance(o, int)]
    refused = [o for o in outcomes.values() if isinstance(o, MessageRateExceeded)]
    assert len(accepted) == 4 and len(refused) == THREADS - 4, outcomes
    assert Message.objects.filter(consultation=case).count() == 4


def test_the_same_form_token_posted_in_parallel_creates_one_case(spec_day, holidays):
    import uuid

    from core import once
    from notifications.models import OutboundEmail

    applicant = ApplicantFactory(profile__institution_type=InstitutionType.KL)
    token = uuid.uuid4()
    outcomes = in_parallel(
        lambda i: once.create_once(
            user=applicant, token=token, create=lambda: submit(applicant), url=lambda case: case.number
        )
    )

    assert not [o for o in outcomes.values() if isinstance(o, BaseException)], outcomes
    created = [o for o in outcomes.values() if not o.replayed]
    assert len(created) == 1
    assert {o.url for o in outcomes.values()} == {created[0].created.number}
    assert Consultation.objects.count() == 1
    assert OutboundEmail.objects.filter(template=website_emails.SUBMITTED).count() == 1
