"""The e-mails of the consultation workflow: who gets which, saying what, in which language.

The outbox that sends them (once, whatever fails) is tested in ``notifications/tests/``."""

from datetime import timedelta

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from consultations import emails
from consultations.channels.website import answers
from consultations.channels.website import emails as website_emails
from consultations.models import AnswerKind, Consultation, Event
from consultations.services import steps
from notifications import tasks
from notifications.models import OutboundEmail, OutboxStatus

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


def test_the_same_event_never_yields_two_emails(case, kl_applicant):
    event = Event.objects.get(consultation=case)
    assert website_emails.queue_submitted(case, event) is None
    assert OutboundEmail.objects.count() == 1


# --- the other e-mails ------------------------------------------------------------


def test_answer_email_carries_the_answer(case, kl_applicant, director_pusat, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answers.send_answer(
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
        steps.add_internal_note(consultation=case, author=staff, body="RAHASIA: pemohon pernah disanksi.")
        steps.post_message(consultation=case, author=kl_applicant, body="Apakah ada kabar?")
        steps.claim(consultation=case, actor=staff)
        steps.post_message(consultation=case, author=staff, body="Sedang kami telaah.")
        answer = answers.send_answer(consultation=case, author=staff, kinds=["saran"], text="Jawaban.")
        answers.correct_answer(answer=answer, author=staff, kinds=["saran"], text="Jawaban yang dikoreksi.")
    recipients = [m.to[0] for m in mail.outbox]
    assert recipients == [director_pusat.email, kl_applicant.email, kl_applicant.email, kl_applicant.email]
    to_director, to_applicant, answer_mail, correction_mail = mail.outbox
    assert "Apakah ada kabar?" in to_director.body and "/konsultasi/staf/" in to_director.body
    assert "Sedang kami telaah." in to_applicant.body
    assert correction_mail.subject.endswith(f"Koreksi jawaban atas konsultasi {case.number}")
    for message in mail.outbox:
        assert "RAHASIA" not in message.body and "RAHASIA" not in html_of(message)


def test_an_english_reader_gets_the_answer_kinds_in_english(
    case, kl_applicant, director_pusat, django_capture_on_commit_callbacks
):
    """The kinds are stored as values and named at render time, in the reader's language."""
    kl_applicant.language = "en"
    kl_applicant.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answers.send_answer(
            consultation=case, author=director_pusat, kinds=[AnswerKind.SARAN, AnswerKind.TINDAKAN_KOREKSI], text="Ok."
        )
    [message] = mail.outbox
    assert "Advice, Corrective Action" in message.body and "Advice, Corrective Action" in html_of(message)


def test_an_email_is_about_its_case_and_keyed_by_its_event_and_recipient(case, kl_applicant):
    event = Event.objects.get(consultation=case)
    [row] = emails.event_emails(event)
    assert row.subject == case
    assert list(OutboundEmail.objects.about(case)) == [row]
    # The key of the rows written before the outbox left this app: new rows must meet them.
    assert row.dedupe_key == f"consultation-submitted:event-{event.pk}:to-{kl_applicant.pk}"
