"""Reads of the website channel: the answer e-mails the outbox gave up on."""

from __future__ import annotations

from consultations.models import Consultation
from notifications.models import OutboundEmail, OutboxStatus

from .emails import ANSWER_SENT


def failed_answer_emails(consultation: Consultation) -> list[OutboundEmail]:
    """The case's answer e-mails (a first answer's or a correction's) that the outbox
    gave up on: the applicant may not know the case is answered. One query. An e-mail
    the admin retries leaves the list (pending), and stays out once it is sent."""
    return list(
        OutboundEmail.objects.about(consultation)
        .filter(template=ANSWER_SENT, status=OutboxStatus.FAILED)
        .order_by("created_at", "id")
        .only("pk", "recipient", "last_error", "created_at")
    )
