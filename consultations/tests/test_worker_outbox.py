"""The outbox end to end with a real Celery worker on the configured broker.

The broker "is down" while the applicant submits: the submission commits and its e-mail
waits in the outbox. The broker is back: the sweep hands the row to the worker, which
sends it once and marks it sent in the real database.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from kombu.exceptions import OperationalError

from consultations.models import Consultation
from notifications import tasks
from notifications.models import OutboundEmail, OutboxStatus

from .factories import submit

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_email_queued_while_the_broker_was_down_is_sent_once_by_the_worker(real_worker, kl_applicant, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("[Errno 111] Connection refused")

    with monkeypatch.context() as down:
        down.setattr(tasks.send_outbound_email, "apply_async", refuse)
        case = submit(kl_applicant)
    assert Consultation.objects.filter(pk=case.pk).exists()
    row = OutboundEmail.objects.get()
    assert row.status == OutboxStatus.PENDING

    # The broker is back; a minute later the beat's sweep runs.
    assert tasks.dispatch_pending(now=timezone.now() + timedelta(minutes=2)) == 1

    def sent() -> bool:
        row.refresh_from_db()
        return row.status == OutboxStatus.SENT

    real_worker.wait_for(sent, what=f"the e-mail (broker {settings.CELERY_BROKER_URL})")
    assert row.attempts == 1 and row.sent_at is not None

    # Enqueued again (a duplicate in the queue): the worker claims nothing, sends nothing.
    tasks.send_outbound_email.delay(row.pk)
    real_worker.wait_for(lambda: "'skipped'" in real_worker.log.read_text(), timeout=60, what="the duplicate")
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1
