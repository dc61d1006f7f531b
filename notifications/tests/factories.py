"""Outbox rows for the tests, queued as a desk queues them."""

from __future__ import annotations

from typing import Any

from django.db import models

from notifications.models import OutboundEmail
from notifications.outbox import dedupe_key, queue_email

NOTICE = "notice"


def notice_context(**overrides: Any) -> dict[str, Any]:
    return {"number": "ADV-2025-000001", "name": "Perihal", "name_en": "Subject", "due_at": None} | overrides


def queue_notice(
    *,
    cause: str = "event-1",
    to: str = "pemohon@example.org",
    recipient: str = "1",
    language: str = "id",
    context: dict[str, Any] | None = None,
    subject: models.Model | None = None,
) -> OutboundEmail | None:
    return queue_email(
        template=NOTICE,
        to=to,
        language=language,
        context=context if context is not None else notice_context(),
        key=dedupe_key(template=NOTICE, cause=cause, recipient=recipient),
        subject=subject,
    )


def pending_row(**kwargs: Any) -> OutboundEmail:
    """A row whose on-commit enqueue never ran (inside the test transaction)."""
    row = queue_notice(**kwargs)
    assert row is not None
    return row
