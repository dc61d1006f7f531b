"""Failed e-mail is visible (issue 8, item 5): the case page warns when the answer
e-mail to the applicant failed for good, until it is sent again."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from consultations import emails
from consultations.channels.website import answers
from consultations.channels.website import emails as website_emails
from consultations.channels.website import selectors as website_selectors
from notifications import delivery
from notifications.models import OutboundEmail, OutboxStatus
from notifications.outbox import retry_failed

pytestmark = pytest.mark.django_db

REFUSED = smtplib.SMTPRecipientsRefused({"ayu@example.org": (550, b"5.1.1 User unknown")})


@pytest.fixture
def answer_email(case, director_pusat) -> OutboundEmail:
    """The answer's e-mail, still pending: its on-commit enqueue never ran (the test's
    transaction does not commit)."""
    answers.send_answer(consultation=case, author=director_pusat, kinds=["saran"], text="Jawaban.")
    return OutboundEmail.objects.about(case).get(template=website_emails.ANSWER_SENT)


@pytest.fixture
def failed_answer_email(answer_email, monkeypatch) -> OutboundEmail:
    """The send task's last attempt, refused by the mail server."""
    def refuse(self, messages):
        raise REFUSED

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            delivery.deliver(answer_email.pk, final_attempt=True)
    answer_email.refresh_from_db()
    assert answer_email.status == OutboxStatus.FAILED
    return answer_email


def case_page(login, user, case):
    return login(user).get(reverse("consultations:staff_detail", kwargs={"number": case.number})).content.decode()


def test_the_director_is_warned_that_the_answer_email_failed(login, director_pusat, case, failed_answer_email):
    page = case_page(login, director_pusat, case)
    assert "E-mail jawaban ke pemohon (" in page and "gagal terkirim" in page
    assert "5.1.1 User unknown" in page
    assert "Hubungi pemohon" in page
    # The admin row is for the admin: a director gets no link into the admin.
    assert reverse("admin:notifications_outboundemail_change", args=[failed_answer_email.pk]) not in page


def test_the_admin_gets_a_link_to_the_outbox_row(login, admin_user, case, failed_answer_email):
    page = case_page(login, admin_user, case)
    assert "gagal terkirim" in page
    assert reverse("admin:notifications_outboundemail_change", args=[failed_answer_email.pk]) in page


def test_the_warning_speaks_english(login, director_pusat, case, failed_answer_email):
    director_pusat.language = "en"
    director_pusat.save(update_fields=["language"])
    page = case_page(login, director_pusat, case)
    assert "The answer e-mail to the applicant (" in page and "could not be delivered" in page
    assert "Tell the applicant by phone" in page


def test_no_warning_for_a_sent_or_pending_answer_email(
    login, director_pusat, case, answer_email, django_capture_on_commit_callbacks
):
    assert "gagal terkirim" not in case_page(login, director_pusat, case)  # pending
    delivery.deliver(answer_email.pk)
    answer_email.refresh_from_db()
    assert answer_email.status == OutboxStatus.SENT
    assert "gagal terkirim" not in case_page(login, director_pusat, case)


def test_the_applicant_never_sees_it(login, kl_applicant, case, failed_answer_email):
    page = login(kl_applicant).get(reverse("consultations:detail", kwargs={"number": case.number})).content.decode()
    assert "gagal terkirim" not in page and "5.1.1" not in page


def test_a_retried_email_that_is_sent_takes_the_warning_away(
    login, director_pusat, case, failed_answer_email, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        retry_failed([failed_answer_email.pk], now=failed_answer_email.created_at)
    assert len(mail.outbox) == 1
    assert "gagal terkirim" not in case_page(login, director_pusat, case)


def test_another_template_failing_is_not_an_answer_warning(director_pusat, case, failed_answer_email):
    OutboundEmail.objects.filter(pk=failed_answer_email.pk).update(template=emails.STAFF_MESSAGE)
    assert website_selectors.failed_answer_emails(case) == []


def test_the_selector_is_one_query(case, failed_answer_email, django_assert_num_queries):
    website_selectors.failed_answer_emails(case)  # the content type is cached from here on
    with django_assert_num_queries(1):
        [row] = website_selectors.failed_answer_emails(case)
    assert row.pk == failed_answer_email.pk
