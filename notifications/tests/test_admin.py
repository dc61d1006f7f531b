"""Failed e-mail is visible (issue 8, item 5): the admin lists the outbox, failed rows
first with their error, and sends them again through the normal delivery."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import delivery, outbox, tasks
from notifications.models import OutboundEmail, OutboxStatus

from .factories import notice_context, pending_row

pytestmark = pytest.mark.django_db

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
LIST = reverse("admin:notifications_outboundemail_changelist")
ERROR = "SMTPRecipientsRefused({'salah@example.org': (550, b'5.1.1 User unknown')})"


def failed_row(**kwargs) -> OutboundEmail:
    """A row the outbox gave up on, as the send task leaves it after its last retry."""
    row = pending_row(**kwargs)
    OutboundEmail.objects.filter(pk=row.pk).update(status=OutboxStatus.FAILED, attempts=9, last_error=ERROR)
    row.refresh_from_db()
    return row


def sent_row(**kwargs) -> OutboundEmail:
    row = pending_row(**kwargs)
    OutboundEmail.objects.filter(pk=row.pk).update(status=OutboxStatus.SENT, attempts=1, sent_at=timezone.now())
    row.refresh_from_db()
    return row


@pytest.fixture
def as_admin(client, admin_user):
    client.force_login(admin_user, backend=BACKEND)
    return client


@pytest.fixture
def enqueued(monkeypatch):
    """The ids handed to Celery, in order; the real enqueue still runs (eager)."""
    calls: list[int] = []
    real = tasks.enqueue

    def spy(outbox_id: int) -> bool:
        calls.append(outbox_id)
        return real(outbox_id)

    monkeypatch.setattr(tasks, "enqueue", spy)
    return calls


def retry_action(client, *rows):
    return client.post(
        LIST, {"action": "retry", "_selected_action": [row.pk for row in rows], "index": 0}, follow=True
    )


# --- the list -----------------------------------------------------------------------


def test_the_list_shows_failed_rows_first_with_their_error(as_admin, frozen):
    failed = failed_row(cause="event-1", to="salah@example.org")
    frozen.shift(timedelta(minutes=5))
    sent_row(cause="event-2", to="benar@example.org")
    response = as_admin.get(LIST)
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert [row.status for row in shown] == [OutboxStatus.FAILED, OutboxStatus.SENT]  # the older failed row first
    page = response.content.decode()
    assert "salah@example.org" in page and "5.1.1 User unknown" in page
    assert 'class="outbox-failed"' in page
    assert failed.template in page


def test_the_list_filters_by_status_and_searches_by_recipient(as_admin):
    failed_row(cause="event-1", to="salah@example.org")
    sent_row(cause="event-2", to="benar@example.org")
    failed = as_admin.get(LIST, {"status__exact": OutboxStatus.FAILED})
    assert [row.recipient for row in failed.context["cl"].result_list] == ["salah@example.org"]
    found = as_admin.get(LIST, {"q": "benar@"})
    assert [row.recipient for row in found.context["cl"].result_list] == ["benar@example.org"]


@pytest.mark.parametrize("persona", ["anonymous", "applicant_a", "director_pusat", "staff"], indirect=True)
def test_nobody_but_the_admin_reaches_it(client, persona):
    row = failed_row()
    if persona is not None:
        client.force_login(persona, backend=BACKEND)
    for path in (LIST, reverse("admin:notifications_outboundemail_change", args=[row.pk])):
        response = client.get(path)
        assert response.status_code == 302 and reverse("admin_login") in response["Location"]
    retried = client.post(reverse("admin:notifications_outboundemail_retry", args=[row.pk]))
    assert retried.status_code == 302
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED


def test_rows_cannot_be_added_changed_or_deleted(as_admin):
    row = failed_row()
    assert as_admin.get(reverse("admin:notifications_outboundemail_add")).status_code == 403
    assert as_admin.get(reverse("admin:notifications_outboundemail_delete", args=[row.pk])).status_code == 403
    change = as_admin.post(
        reverse("admin:notifications_outboundemail_change", args=[row.pk]), {"recipient": "lain@example.org"}
    )
    assert change.status_code == 403
    row.refresh_from_db()
    assert row.recipient == "pemohon@example.org"
    actions = dict(as_admin.get(LIST).context["action_form"].fields["action"].choices)
    assert set(actions) == {"", "retry"}  # no "delete selected"


def test_the_row_page_previews_the_email_in_the_recipients_language(as_admin):
    row = failed_row(language="en", context=notice_context(name="Perihal", name_en="Subject"))
    page = as_admin.get(reverse("admin:notifications_outboundemail_change", args=[row.pk])).content.decode()
    assert "Sent: ADV-2025-000001" in page  # the subject, rendered in English
    assert "Subject," in page and "Perihal," not in page
    assert "5.1.1 User unknown" in page
    assert reverse("admin:notifications_outboundemail_retry", args=[row.pk]) in page


def test_a_row_that_cannot_be_rendered_says_so(as_admin):
    row = failed_row()
    OutboundEmail.objects.filter(pk=row.pk).update(template="tidak-ada")
    response = as_admin.get(reverse("admin:notifications_outboundemail_change", args=[row.pk]))
    assert response.status_code == 200
    assert "TemplateDoesNotExist" in response.content.decode()


def test_a_sent_row_has_no_retry_button(as_admin):
    row = sent_row()
    page = as_admin.get(reverse("admin:notifications_outboundemail_change", args=[row.pk])).content.decode()
    assert reverse("admin:notifications_outboundemail_retry", args=[row.pk]) not in page


# --- retrying -----------------------------------------------------------------------


def test_the_retry_action_resets_the_row_and_sends_it_once(
    as_admin, enqueued, frozen, django_capture_on_commit_callbacks
):
    row = failed_row()
    with django_capture_on_commit_callbacks(execute=True):
        response = retry_action(as_admin, row)
    assert enqueued == [row.pk]
    [message] = mail.outbox
    assert message.to == ["pemohon@example.org"]
    row.refresh_from_db()
    # Counted afresh from the retry; sending clears the old error.
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 1, "")
    assert "1 e-mail dikirim ulang." in [str(m) for m in response.context["messages"]]


def test_retrying_a_row_that_is_not_failed_does_nothing(as_admin, enqueued, django_capture_on_commit_callbacks):
    sent, pending = sent_row(cause="event-1"), pending_row(cause="event-2")
    before = {row.pk: (row.status, row.attempts, row.sent_at) for row in (sent, pending)}
    with django_capture_on_commit_callbacks(execute=True):
        response = retry_action(as_admin, sent, pending)
    assert enqueued == [] and mail.outbox == []
    after = {row.pk: (row.status, row.attempts, row.sent_at) for row in OutboundEmail.objects.all()}
    assert after == before
    assert [str(m) for m in response.context["messages"]] == [
        "2 e-mail tidak dikirim ulang karena tidak berstatus gagal."
    ]


def test_the_message_speaks_the_admins_language(as_admin, admin_user, django_capture_on_commit_callbacks):
    admin_user.language = "en"
    admin_user.save(update_fields=["language"])
    failed, sent = failed_row(cause="event-1"), sent_row(cause="event-2")
    with django_capture_on_commit_callbacks(execute=True):
        response = retry_action(as_admin, failed, sent)
    assert [str(m) for m in response.context["messages"]] == [
        "1 e-mail sent again.",
        "1 e-mail was not sent again: it had not failed.",
    ]


def test_the_row_page_button_retries_through_the_same_service(
    as_admin, enqueued, django_capture_on_commit_callbacks
):
    row = failed_row()
    retry = reverse("admin:notifications_outboundemail_retry", args=[row.pk])
    assert as_admin.get(retry).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post(retry)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:notifications_outboundemail_change", args=[row.pk])
    with django_capture_on_commit_callbacks(execute=True):
        as_admin.post(retry)  # pressed twice: the second finds it sent
    assert enqueued == [row.pk] and len(mail.outbox) == 1


def test_retry_failed_leaves_other_rows_and_holds_off_the_sweep(frozen, django_capture_on_commit_callbacks):
    failed, pending = failed_row(cause="event-1"), pending_row(cause="event-2")
    now = timezone.now()
    with django_capture_on_commit_callbacks() as callbacks:
        assert outbox.retry_failed([failed.pk, pending.pk], now=now) == [failed.pk]
        assert outbox.retry_failed([failed.pk], now=now) == []  # already pending: nothing twice
    assert len(callbacks) == 1
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.PENDING and failed.attempts == 0
    assert failed.last_error == ERROR  # still there to read until it is sent
    # The enqueue on commit gets its minute before the sweep hands the row out again.
    assert failed.pk not in delivery.due_for_sweep(now=now + timedelta(seconds=30))
    frozen.shift(delivery.SWEEP_AFTER + timedelta(seconds=1))
    assert failed.pk in delivery.due_for_sweep(now=timezone.now())
