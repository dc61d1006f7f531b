"""In-app notices: what a desk calls, inside the transaction of the event it tells about.

:func:`notify` writes one :class:`~notifications.models.Notice` for a user, unique per
dedupe key (name the cause in it, like the outbox's keys: a re-run creates nothing
twice). The text is a translatable message with its parameters, snapshotted in every
language of the site, so the list renders in the reader's language without the desk.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation

from .models import Notice

TEXT_MAX = Notice._meta.get_field("text").max_length


def _render(message: Any, params: Mapping[str, Any], language: str) -> str:
    with translation.override(language):
        text = str(message) % {key: str(value) for key, value in params.items()}
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"


def notice_key(*, kind: str, cause: str, recipient: str) -> str:
    """The key that makes one cause (``"event-12"``) yield one notice of a kind per user."""
    return f"{kind}:{cause}:to-{recipient}"


def notify(
    *,
    recipient: Any,
    kind: str,
    message: Any,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    key: str,
    subject: models.Model | None = None,
    now: datetime | None = None,
) -> Notice | None:
    """A notice for ``recipient`` in the caller's transaction; None when ``key`` exists.

    ``message`` is a lazy translatable string (``gettext_lazy``) with ``%(name)s``
    placeholders filled from ``params``; ``url`` a path on this site.
    """
    params = params or {}
    languages = [code for code, _name in settings.LANGUAGES]
    row, created = Notice.objects.get_or_create(
        dedupe_key=key,
        defaults={
            "recipient": recipient,
            "kind": kind,
            "text": _render(message, params, settings.LANGUAGE_CODE),
            "text_en": _render(message, params, "en") if "en" in languages else "",
            "url": url,
            "subject_type": ContentType.objects.get_for_model(subject) if subject is not None else None,
            "subject_id": subject.pk if subject is not None else None,
            "created_at": now or timezone.now(),
        },
    )
    return row if created else None


def unread_count(user: Any) -> int:
    """One indexed COUNT (``notice_unread_idx``)."""
    return Notice.objects.for_user(user).unread().count()


def mark_read(notice: Notice, *, now: datetime | None = None) -> None:
    if notice.read_at is None:
        notice.read_at = now or timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)


def mark_all_read(user: Any, *, now: datetime | None = None) -> int:
    return Notice.objects.for_user(user).unread().update(read_at=now or timezone.now())
