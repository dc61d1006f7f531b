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

from consultations import emails, services, tasks
from consultations.models import AnswerKind, Consultation, Event, OutboundEmail, OutboxStatus

from .factories import submit


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


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


# --- the confirmation e-mail ----------------------------------------------------


def test_confirmation_is_sent_on_commit(case, kl_applicant):
    [message] = mail.outbox
    assert message.to == [kl_applicant.email]
    assert message.subject == f"[E-Advokasi LKPP] Konsultasi {case.number} telah kami terima"
    for body in (message.body, html_of(message)):
        assert case.number in body
        assert "Selasa, 22 April 2025, 23:59 WIB" in body
        assert f"http://127.0.0.1:8000/konsultasi/{case.number}/" in body
        assert "Direktorat Advokasi Pemerintah Pusat" in body
    row = OutboundEmail.objects.get()
    assert row.status == OutboxStatus.SENT and row.attempts == 1 and row.sent_at is not None


def test_the_confirmation_speaks_the_applicant_language(kl_applicant, spec_day, holidays, django_capture_on_commit_callbacks):
    kl_applicant.language = "en"
    kl_applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(kl_applicant)
    [message] = mail.outbox
    assert "Tuesday, 22 April 2025, 23:59 WIB" in message.body
    assert "Procurement planning" in message.body  # the category's English name
    assert 'lang="en"' in html_of(message)


def test_user_content_is_escaped_in_the_html_email(kl_applicant, spec_day, holidays, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(
            kl_applicant,
            subject="<b>Tender</b> gagal",
            description='<script>alert(1)</script>\n<img src=x onerror="alert(2)">',
        )
    [message] = mail.outbox
    html = html_of(message)
    assert "<script>" not in html and "<img" not in html and "<b>Tender" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Tender&lt;/b&gt; gagal" in html
    # The text part is plain text: shown as typed, never interpreted.
    assert "<script>alert(1)</script>" in message.body


# --- broker down ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submission_commits_with_the_broker_down_and_the_sweep_sends_it_once(
    kl_applicant, spec_day, holidays, broker_down
):
    case = submit(kl_applicant)  # really commits: no test transaction around it
    assert Consultation.objects.filter(pk=case.pk).exists()
    row = OutboundEmail.objects.get()
    assert row.status == OutboxStatus.PENDING and row.attempts == 0
    assert mail.outbox == []

    broker_down.undo()  # the broker is back
    assert tasks.dispatch_pending_emails() == 0  # too fresh: its own enqueue may still come
    spec_day.shift(timedelta(minutes=2))
    assert tasks.dispatch_pending_emails() == 1
    assert len(mail.outbox) == 1 and case.number in mail.outbox[0].subject
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    spec_day.shift(timedelta(minutes=10))
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


def test_enqueue_gives_up_at_once_when_redis_is_down(kl_applicant, spec_day, holidays, dead_redis_broker):
    """A submission with Redis down: one connection attempt, no retries inside the web
    request; the row stays pending for the sweep."""
    row = pending_row(kl_applicant)
    assert emails.enqueue(row.pk) is False
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


def test_a_broker_error_in_the_sweep_loses_nothing(case, broker_down, spec_day):
    row = OutboundEmail.objects.get()
    OutboundEmail.objects.filter(pk=row.pk).update(status=OutboxStatus.PENDING, sent_at=None)
    spec_day.shift(timedelta(minutes=2))
    assert emails.dispatch_pending() == 0
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING


# --- at most once -------------------------------------------------------------------


def pending_row(kl_applicant) -> OutboundEmail:
    """A submission whose on-commit enqueue never ran (test transaction)."""
    submit(kl_applicant)
    return OutboundEmail.objects.get()


def test_running_the_send_task_twice_sends_once(kl_applicant, spec_day, holidays):
    row = pending_row(kl_applicant)
    assert tasks.send_outbound_email.delay(row.pk).get() == "sent"
    assert tasks.send_outbound_email.delay(row.pk).get() == "skipped"
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_a_row_being_sent_by_another_worker_is_left_alone_until_stale(kl_applicant, spec_day, holidays):
    row = pending_row(kl_applicant)
    OutboundEmail.objects.filter(pk=row.pk).update(status=OutboxStatus.SENDING, claimed_at=timezone.now())
    assert emails.deliver(row.pk) == "skipped"
    spec_day.shift(emails.STALE_SENDING - timedelta(seconds=1))
    assert emails.dispatch_pending() == 0
    spec_day.shift(timedelta(seconds=2))
    # The worker died mid-send: the sweep hands the row to another one.
    assert emails.dispatch_pending() == 1
    assert len(mail.outbox) == 1


def send_now(outbox_id: int, *, task_id: str | None = None):
    """Run the send task here, as a worker would (retries included), and return what it
    returned. Not ``.get()``: Celery refuses that while its process-wide "inside a task"
    flag is set, which eager tasks run by other threads (the concurrency tests) can leave
    behind for a moment."""
    return tasks.send_outbound_email.apply((outbox_id,), task_id=task_id).result


def test_a_redelivered_task_takes_over_its_own_claim(kl_applicant, spec_day, holidays):
    """The worker child sending it was killed (OOM, SIGKILL): the broker delivers the same
    task again (acks_late, reject_on_worker_lost) and it sends at once, not 3 minutes later."""
    row = pending_row(kl_applicant)
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=OutboxStatus.SENDING, claimed_at=timezone.now(), claim_token="task-1", attempts=1
    )
    assert send_now(row.pk, task_id="task-2") == "skipped"
    assert emails.deliver(row.pk) == "skipped"
    assert mail.outbox == []
    assert send_now(row.pk, task_id="task-1") == "sent"
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 2


def test_stale_window_outlasts_any_send(settings):
    assert emails.STALE_SENDING.total_seconds() > tasks.SEND_TIME_LIMIT + 30
    assert tasks.send_outbound_email.time_limit == tasks.SEND_TIME_LIMIT
    assert tasks.SEND_TIME_LIMIT > 3 * settings.EMAIL_TIMEOUT


def test_every_attempt_carries_the_same_message_id(kl_applicant, spec_day, holidays, monkeypatch, retry_like_a_worker):
    """A copy that does slip through (sent, then the worker died) is recognisably the
    same message."""
    row = pending_row(kl_applicant)
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
    assert emails.message_id(other) not in seen


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_error_is_retried_on_a_fresh_connection(kl_applicant, spec_day, holidays, monkeypatch, retry_like_a_worker):
    with monkeypatch.context() as m:
        m.setattr(emails, "enqueue", lambda pk: False)
        row = pending_row(kl_applicant)
    calls = {"claim": 0, "close": 0}
    real_claim, real_close = emails.claim, connection.close

    def claim(*args, **kwargs):
        calls["claim"] += 1
        if calls["claim"] == 1:
            raise DjangoOperationalError("server closed the connection unexpectedly")
        return real_claim(*args, **kwargs)

    def close():
        calls["close"] += 1
        real_close()

    monkeypatch.setattr(emails, "claim", claim)
    monkeypatch.setattr(connection, "close", close)
    assert send_now(row.pk) == "sent"
    assert calls == {"claim": 2, "close": 1}
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1


def test_sent_but_not_recorded_is_recorded_not_sent_again(kl_applicant, spec_day, holidays, monkeypatch, retry_like_a_worker):
    """The database went away between the mail server's "OK" and the UPDATE."""
    row = pending_row(kl_applicant)
    calls = []
    real_record = emails.record_sent

    def record_sent(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise DjangoOperationalError("terminating connection due to administrator command")
        return real_record(*args, **kwargs)

    monkeypatch.setattr(emails, "record_sent", record_sent)
    assert send_now(row.pk, task_id="task-9") == "sent"
    assert len(mail.outbox) == 1
    assert calls == [{"token": "task-9"}, {"token": "task-9"}]
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1


def test_the_same_event_never_yields_two_emails(case, kl_applicant):
    event = Event.objects.get(consultation=case)
    assert emails.queue_submitted(case, event) is None
    assert OutboundEmail.objects.count() == 1


# --- retries ------------------------------------------------------------------------


def test_smtp_failure_is_retried_then_sent(kl_applicant, spec_day, holidays, smtp_failures, retry_like_a_worker):
    row = pending_row(kl_applicant)
    state = smtp_failures(2)
    result = tasks.send_outbound_email.delay(row.pk)
    assert result.get() == "sent"
    assert state["calls"] == 3
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 3 and row.last_error == ""


def test_a_failed_attempt_waits_for_its_backoff_not_for_the_sweep(kl_applicant, spec_day, holidays, smtp_failures):
    row = pending_row(kl_applicant)
    smtp_failures(1)
    with pytest.raises(smtplib.SMTPException):
        emails.deliver(row.pk, retry_in=timedelta(minutes=4))
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING and "Connection unexpectedly closed" in row.last_error
    assert row.next_attempt_at == timezone.now() + timedelta(minutes=4)
    spec_day.shift(timedelta(minutes=3))
    assert emails.dispatch_pending() == 0
    spec_day.shift(timedelta(minutes=2))
    assert emails.dispatch_pending() == 1
    assert len(mail.outbox) == 1


def test_after_the_last_retry_the_row_is_failed(kl_applicant, spec_day, holidays, smtp_failures, retry_like_a_worker):
    row = pending_row(kl_applicant)
    state = smtp_failures(100)
    result = tasks.send_outbound_email.delay(row.pk)
    assert result.failed() and isinstance(result.result, smtplib.SMTPException)
    assert state["calls"] == tasks.EMAIL_MAX_RETRIES + 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and row.attempts == tasks.EMAIL_MAX_RETRIES + 1
    spec_day.shift(timedelta(days=1))
    assert emails.dispatch_pending() == 0
    assert mail.outbox == []


def test_a_template_error_fails_at_once(kl_applicant, spec_day, holidays):
    row = pending_row(kl_applicant)
    OutboundEmail.objects.filter(pk=row.pk).update(template="tidak-ada")
    assert emails.deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and "tidak-ada" in row.last_error


# --- the other e-mails ------------------------------------------------------------


def test_answer_email_carries_the_answer(case, kl_applicant, director_pusat, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_answer(
            consultation=case,
            author=director_pusat,
            kinds=[AnswerKind.SARAN, AnswerKind.TINDAKAN_KOREKSI],
            text="Gunakan survei harga <pasar>.\nBatalkan addendum.",
        )
    [message] = mail.outbox
    assert message.to == [kl_applicant.email]
    assert message.subject == f"[E-Advokasi LKPP] Jawaban atas konsultasi {case.number}"
    assert "Gunakan survei harga <pasar>.\nBatalkan addendum." in message.body
    assert "Saran, Tindakan Koreksi" in message.body
    assert "Gunakan survei harga &lt;pasar&gt;.<br>Batalkan addendum." in html_of(message)


def test_message_emails_and_internal_notes_never_mailed(
    case, kl_applicant, director_pusat, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_internal_note(consultation=case, author=staff, body="RAHASIA: pemohon pernah disanksi.")
        services.post_message(consultation=case, author=kl_applicant, body="Apakah ada kabar?")
        services.claim(consultation=case, actor=staff)
        services.post_message(consultation=case, author=staff, body="Sedang kami telaah.")
        answer = services.send_answer(consultation=case, author=staff, kinds=["saran"], text="Jawaban.")
        services.correct_answer(answer=answer, author=staff, kinds=["saran"], text="Jawaban yang dikoreksi.")
    recipients = [m.to[0] for m in mail.outbox]
    assert recipients == [director_pusat.email, kl_applicant.email, kl_applicant.email, kl_applicant.email]
    to_director, to_applicant, answer_mail, correction_mail = mail.outbox
    assert "Apakah ada kabar?" in to_director.body and "/konsultasi/staf/" in to_director.body
    assert "Sedang kami telaah." in to_applicant.body
    assert correction_mail.subject.endswith(f"Koreksi jawaban atas konsultasi {case.number}")
    for message in mail.outbox:
        assert "RAHASIA" not in message.body and "RAHASIA" not in html_of(message)


def test_a_long_outage_keeps_recording_at_a_fixed_pace_and_never_resends(
    kl_applicant, spec_day, holidays, monkeypatch, retry_like_a_worker
):
    """The database stays away for more attempts than the send retries allow: the accepted
    message is recorded by its own task, every 10 s until it lands (well inside the
    sweep's stale window), with no limit, and the mail server sees it once."""
    row = pending_row(kl_applicant)
    calls = []
    real_record = emails.record_sent

    def record_sent(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) <= tasks.EMAIL_MAX_RETRIES + 3:
            raise DjangoOperationalError("the database system is starting up")
        return real_record(*args, **kwargs)

    monkeypatch.setattr(emails, "record_sent", record_sent)
    assert send_now(row.pk, task_id="task-10") == "sent"
    assert len(mail.outbox) == 1
    assert calls == [{"token": "task-10"}] * (tasks.EMAIL_MAX_RETRIES + 4)
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1
    recorder = tasks.record_accepted_email
    assert recorder.max_retries is None and not recorder.retry_backoff
    assert timedelta(seconds=recorder.default_retry_delay) < emails.STALE_SENDING / 6


def test_a_record_the_sweep_overtook_is_logged_as_a_possible_duplicate(kl_applicant, spec_day, holidays, caplog):
    row = pending_row(kl_applicant)
    OutboundEmail.objects.filter(pk=row.pk).update(status=OutboxStatus.SENDING, claim_token="another-task")
    assert tasks.record_accepted_email.apply(args=(row.pk, "task-11")).result == "sent"
    assert "may reach its recipient twice" in caplog.text
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENDING and row.claim_token == "another-task"
    assert len(mail.outbox) == 0
