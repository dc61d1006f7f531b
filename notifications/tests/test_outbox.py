"""Nothing lost, nothing twice: the e-mail outbox, its send task and its sweep."""

import re
import runpy
import smtplib
import warnings
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError as DjangoOperationalError
from django.db import connection
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.connection import Connection as RedisConnection

from notifications import delivery, tasks
from notifications.models import OutboundEmail, OutboxStatus

from .factories import pending_row, queue_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(tasks.send_outbound_email, "delay", refuse)
    monkeypatch.setattr(tasks.send_outbound_email, "apply_async", refuse)
    return monkeypatch


@pytest.fixture
def retry_like_a_worker(monkeypatch):
    """Eager tasks re-run their retries at once, unless eager errors propagate (the test
    settings' default), which stops at the first Retry."""
    from advokasi.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


@pytest.fixture
def smtp_failures(monkeypatch):
    """Make the mail server refuse the next ``n`` messages."""
    state = {"left": 0, "calls": 0}
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        state["calls"] += 1
        if state["left"] > 0:
            state["left"] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)

    def fail(n: int):
        state["left"] = n
        return state

    return fail


# --- queueing -----------------------------------------------------------------------


def test_a_row_is_sent_on_commit(frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = queue_notice()
    [message] = mail.outbox
    assert message.to == ["pemohon@example.org"]
    assert message.subject == "[E-Advokasi LKPP] Terkirim: ADV-2025-000001"
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1 and row.sent_at is not None


def test_the_same_key_never_yields_two_emails():
    assert queue_notice() is not None
    assert queue_notice() is None
    assert queue_notice(recipient="2") is not None
    assert queue_notice(cause="event-2") is not None
    assert OutboundEmail.objects.count() == 3


def test_the_dedupe_key_names_template_cause_and_recipient():
    """Existing rows were keyed so; a new row for the same event and recipient must meet
    them."""
    row = pending_row(cause="event-7", recipient="42")
    assert row.dedupe_key == "notice:event-7:to-42"


def test_a_row_points_at_what_it_is_about(applicant_a):
    """Any model will do: the outbox knows no desk."""
    about = applicant_a
    row = pending_row(subject=about)
    other = pending_row(cause="event-2")
    assert row.subject == about and other.subject is None
    assert list(OutboundEmail.objects.about(about)) == [row]


def test_without_a_language_the_site_language_is_used():
    assert pending_row(language="").language == "id"


# --- broker down ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_row_queued_with_the_broker_down_waits_and_the_sweep_sends_it_once(frozen, broker_down):
    row = queue_notice()  # really commits: no test transaction around it
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING and row.attempts == 0
    assert mail.outbox == []

    broker_down.undo()  # the broker is back
    assert tasks.dispatch_pending_emails() == 0  # too fresh: its own enqueue may still come
    frozen.shift(timedelta(minutes=2))
    assert tasks.dispatch_pending_emails() == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    frozen.shift(timedelta(minutes=10))
    assert tasks.dispatch_pending_emails() == 0
    tasks.send_outbound_email.delay(row.pk)
    assert len(mail.outbox) == 1


def base_settings() -> dict:
    """advokasi/settings/base.py evaluated afresh, with the environment of the test."""
    with warnings.catch_warnings():
        # The module is imported already (the test settings build on it); runpy warns.
        warnings.simplefilter("ignore", RuntimeWarning)
        return runpy.run_module("advokasi.settings.base")


@pytest.fixture
def dead_redis_broker(monkeypatch, tmp_path):
    """The Celery app configured as advokasi/settings/base.py configures it for a Redis
    broker, pointed at a port where nothing listens."""
    from advokasi.celery import app

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    conf = base_settings()
    assert conf["CELERY_BROKER_URL"] == "redis://127.0.0.1:1/0"
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", conf["CELERY_BROKER_URL"])
    monkeypatch.setitem(app.conf, "broker_transport_options", conf["CELERY_BROKER_TRANSPORT_OPTIONS"])
    monkeypatch.setitem(app.conf, "broker_connection_timeout", conf["CELERY_BROKER_CONNECTION_TIMEOUT"])
    # Fresh connection pools, built from the configuration above.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    attempts = []
    real_connect = RedisConnection._connect

    def connect(self, *args, **kwargs):
        attempts.append(self.port)
        if len(attempts) > 10:  # retrying for seconds inside the request: stop here
            pytest.fail(f"{len(attempts)} connection attempts to the broker")
        return real_connect(self, *args, **kwargs)

    monkeypatch.setattr(RedisConnection, "_connect", connect)
    yield {"conf": conf, "attempts": attempts}
    app._pool = app.amqp._producer_pool = None  # before monkeypatch puts the old ones back


def test_enqueue_gives_up_at_once_when_redis_is_down(frozen, dead_redis_broker):
    """A submission with Redis down: one connection attempt, no retries inside the web
    request; the row stays pending for the sweep."""
    row = pending_row()
    assert tasks.enqueue(row.pk) is False
    # Once: kombu's default connection retries, or Celery's publish retry policy, would
    # try again while the request waits.
    assert dead_redis_broker["attempts"] == [1]
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING and row.attempts == 0
    assert mail.outbox == []


def test_redis_visibility_timeout_outlasts_the_longest_retry_wait(monkeypatch):
    """A retry waits for its countdown unacknowledged in a worker; Redis must not hand it
    to a second worker meanwhile."""
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/13")
    conf = base_settings()
    options = conf["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert options["visibility_timeout"] >= tasks.EMAIL_BACKOFF_MAX + tasks.SEND_TIME_LIMIT + 10 * 60
    assert options["max_retries"] == 0


def test_the_sweep_is_on_the_beat_schedule(settings):
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("dispatch_pending_emails")]
    assert entry["task"] == "notifications.tasks.dispatch_pending_emails"
    assert entry["schedule"] == timedelta(minutes=1)
    assert entry["task"] == tasks.dispatch_pending_emails.name


def test_a_broker_error_in_the_sweep_loses_nothing(frozen, broker_down):
    row = pending_row()
    frozen.shift(timedelta(minutes=2))
    assert tasks.dispatch_pending() == 0
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING


# --- at most once -------------------------------------------------------------------


def test_running_the_send_task_twice_sends_once(frozen):
    row = pending_row()
    assert tasks.send_outbound_email.delay(row.pk).get() == "sent"
    assert tasks.send_outbound_email.delay(row.pk).get() == "skipped"
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_a_row_being_sent_by_another_worker_is_left_alone_until_stale(frozen):
    row = pending_row()
    OutboundEmail.objects.filter(pk=row.pk).update(status=OutboxStatus.SENDING, claimed_at=timezone.now())
    assert delivery.deliver(row.pk) == "skipped"
    frozen.shift(delivery.STALE_SENDING - timedelta(seconds=1))
    assert tasks.dispatch_pending() == 0
    frozen.shift(timedelta(seconds=2))
    # The worker died mid-send: the sweep hands the row to another one.
    assert tasks.dispatch_pending() == 1
    assert len(mail.outbox) == 1


def send_now(outbox_id: int, *, task_id: str | None = None):
    """Run the send task here, as a worker would (retries included), and return what it
    returned. Not ``.get()``: Celery refuses that while its process-wide "inside a task"
    flag is set, which eager tasks run by other threads (the concurrency tests) can leave
    behind for a moment."""
    return tasks.send_outbound_email.apply((outbox_id,), task_id=task_id).result


def test_a_redelivered_task_takes_over_its_own_claim(frozen):
    """The worker child sending it was killed (OOM, SIGKILL): the broker delivers the same
    task again (acks_late, reject_on_worker_lost) and it sends at once, not 3 minutes later."""
    row = pending_row()
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=OutboxStatus.SENDING, claimed_at=timezone.now(), claim_token="task-1", attempts=1
    )
    assert send_now(row.pk, task_id="task-2") == "skipped"
    assert delivery.deliver(row.pk) == "skipped"
    assert mail.outbox == []
    assert send_now(row.pk, task_id="task-1") == "sent"
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 2


def test_stale_window_outlasts_any_send(settings):
    assert delivery.STALE_SENDING.total_seconds() > tasks.SEND_TIME_LIMIT + 30
    assert tasks.send_outbound_email.time_limit == tasks.SEND_TIME_LIMIT
    assert tasks.SEND_TIME_LIMIT > 3 * settings.EMAIL_TIMEOUT


def test_every_attempt_carries_the_same_message_id(frozen, monkeypatch, retry_like_a_worker):
    """A copy that does slip through (sent, then the worker died) is recognisably the
    same message."""
    row = pending_row()
    seen = []
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        seen.extend(m.message()["Message-ID"] for m in messages)
        if len(seen) == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    assert send_now(row.pk) == "sent"
    assert len(seen) == 2 and seen[0] == seen[1]
    assert re.fullmatch(rf"<outbox-{row.pk}-[0-9a-f]{{16}}@advokasi\.invalid>", seen[0])
    other = OutboundEmail.objects.create(template=row.template, recipient=row.recipient, language="id", dedupe_key="x")
    assert delivery.message_id(other) not in seen


def test_the_message_id_of_a_row_is_its_id_and_its_key(settings):
    """Derived from the row alone, so the rows written before the outbox moved apps keep
    theirs."""
    settings.DEFAULT_FROM_EMAIL = "E-Advokasi <advokasi@lkpp.go.id>"
    row = OutboundEmail(pk=41, dedupe_key="consultation-submitted:event-7:to-3")
    assert delivery.message_id(row) == "<outbox-41-f8b58267e765136c@lkpp.go.id>"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_error_is_retried_on_a_fresh_connection(frozen, monkeypatch, retry_like_a_worker):
    with monkeypatch.context() as m:
        m.setattr(tasks, "enqueue", lambda pk: False)
        row = pending_row()
    calls = {"claim": 0, "close": 0}
    real_claim, real_close = delivery.claim, connection.close

    def claim(*args, **kwargs):
        calls["claim"] += 1
        if calls["claim"] == 1:
            raise DjangoOperationalError("server closed the connection unexpectedly")
        return real_claim(*args, **kwargs)

    def close():
        calls["close"] += 1
        real_close()

    monkeypatch.setattr(delivery, "claim", claim)
    monkeypatch.setattr(connection, "close", close)
    assert send_now(row.pk) == "sent"
    assert calls == {"claim": 2, "close": 1}
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1


def test_sent_but_not_recorded_is_recorded_not_sent_again(frozen, monkeypatch, retry_like_a_worker):
    """The database went away between the mail server's "OK" and the UPDATE."""
    row = pending_row()
    calls = []
    real_record = delivery.record_sent

    def record_sent(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise DjangoOperationalError("terminating connection due to administrator command")
        return real_record(*args, **kwargs)

    monkeypatch.setattr(delivery, "record_sent", record_sent)
    assert send_now(row.pk, task_id="task-9") == "sent"
    assert len(mail.outbox) == 1
    assert calls == [{"token": "task-9"}, {"token": "task-9"}]
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1


# --- retries ------------------------------------------------------------------------


def test_smtp_failure_is_retried_then_sent(frozen, smtp_failures, retry_like_a_worker):
    row = pending_row()
    state = smtp_failures(2)
    result = tasks.send_outbound_email.delay(row.pk)
    assert result.get() == "sent"
    assert state["calls"] == 3
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 3 and row.last_error == ""


def test_a_failed_attempt_waits_for_its_backoff_not_for_the_sweep(frozen, smtp_failures):
    row = pending_row()
    smtp_failures(1)
    with pytest.raises(smtplib.SMTPException):
        delivery.deliver(row.pk, retry_in=timedelta(minutes=4))
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING and "Connection unexpectedly closed" in row.last_error
    assert row.next_attempt_at == timezone.now() + timedelta(minutes=4)
    frozen.shift(timedelta(minutes=3))
    assert tasks.dispatch_pending() == 0
    frozen.shift(timedelta(minutes=2))
    assert tasks.dispatch_pending() == 1
    assert len(mail.outbox) == 1


def test_after_the_last_retry_the_row_is_failed(frozen, smtp_failures, retry_like_a_worker):
    row = pending_row()
    state = smtp_failures(100)
    result = tasks.send_outbound_email.delay(row.pk)
    assert result.failed() and isinstance(result.result, smtplib.SMTPException)
    assert state["calls"] == tasks.EMAIL_MAX_RETRIES + 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and row.attempts == tasks.EMAIL_MAX_RETRIES + 1
    frozen.shift(timedelta(days=1))
    assert tasks.dispatch_pending() == 0
    assert mail.outbox == []


def test_a_template_error_fails_at_once(frozen):
    row = pending_row()
    OutboundEmail.objects.filter(pk=row.pk).update(template="tidak-ada")
    assert delivery.deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and "tidak-ada" in row.last_error


def test_a_long_outage_keeps_recording_at_a_fixed_pace_and_never_resends(frozen, monkeypatch, retry_like_a_worker):
    """The database stays away for more attempts than the send retries allow: the accepted
    message is recorded by its own task, every 10 s until it lands (well inside the
    sweep's stale window), with no limit, and the mail server sees it once."""
    row = pending_row()
    calls = []
    real_record = delivery.record_sent

    def record_sent(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) <= tasks.EMAIL_MAX_RETRIES + 3:
            raise DjangoOperationalError("the database system is starting up")
        return real_record(*args, **kwargs)

    monkeypatch.setattr(delivery, "record_sent", record_sent)
    assert send_now(row.pk, task_id="task-10") == "sent"
    assert len(mail.outbox) == 1
    assert calls == [{"token": "task-10"}] * (tasks.EMAIL_MAX_RETRIES + 4)
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1
    recorder = tasks.record_accepted_email
    assert recorder.max_retries is None and not recorder.retry_backoff
    assert timedelta(seconds=recorder.default_retry_delay) < delivery.STALE_SENDING / 6


def test_a_record_the_sweep_overtook_is_logged_as_a_possible_duplicate(frozen, caplog):
    row = pending_row()
    OutboundEmail.objects.filter(pk=row.pk).update(status=OutboxStatus.SENDING, claim_token="another-task")
    assert tasks.record_accepted_email.apply(args=(row.pk, "task-11")).result == "sent"
    assert "may reach its recipient twice" in caplog.text
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENDING and row.claim_token == "another-task"
    assert len(mail.outbox) == 0
