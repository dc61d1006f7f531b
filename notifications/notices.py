"""In-app notices: what a desk calls, inside the transaction of the event it tells about.

:func:`notify` writes one :class:`~notifications.models.Notice` for a user, unique per
dedupe key (name the cause in it, like the outbox's keys: a re-run creates nothing
twice). The text is a translatable message with its parameters, snapshotted in every
language of the site, so the list renders in the reader's language without the desk.
:func:`notify_many` writes many at once (a sweep's batch) in one insert.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Value
from django.utils import timezone, translation

from core.bulk import insert_rows
from core.prepared import Prepared

from .models import Notice

TEXT_MAX = Notice._meta.get_field("text").max_length


def _render(message: Any, params: Mapping[str, Any], language: str, texts: dict[tuple[int, str], str]) -> str:
    """``message`` in ``language`` with ``params``. ``texts``: the messages translated so
    far by the caller (a batch of thousands uses a handful of messages: each is
    translated once per language, not once per notice)."""
    template = texts.get((id(message), language))
    if template is None:
        with translation.override(language):
            template = texts[(id(message), language)] = str(message)
    text = template % {key: str(value) for key, value in params.items()}
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"


def notice_key(*, kind: str, cause: str, recipient: str) -> str:
    """The key that makes one cause (``"event-12"``) yield one notice of a kind per user."""
    return f"{kind}:{cause}:to-{recipient}"


@dataclass(frozen=True)
class NoticeSpec:
    """One notice to write: the arguments of :func:`notify`."""

    recipient: Any
    kind: str
    message: Any
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    url: str = ""
    subject: models.Model | None = None
    now: datetime | None = None


# The values a notice is written with (:func:`_values`), in this order.
NAMES = ("dedupe_key", "recipient_id", "kind", "text", "text_en", "url", "subject_type_id", "subject_id", "created_at")


def _values(spec: NoticeSpec, types: dict[type, ContentType], texts: dict) -> tuple:
    """The values of ``spec``'s row (:data:`NAMES`); ``types`` and ``texts`` are the
    caller's caches. Plain values, no ``Notice``: a batch writes thousands
    (:func:`core.bulk.insert_rows`)."""
    subject = spec.subject
    subject_type_id = None
    if subject is not None:
        model = type(subject)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(subject)
        subject_type_id = types[model].pk
    # The specs of one case share their params: each text rendered once per case.
    key = (id(spec.message), id(spec.params))
    rendered = texts.get(key)
    if rendered is None:
        languages = [code for code, _name in settings.LANGUAGES]
        rendered = texts[key] = (
            _render(spec.message, spec.params, settings.LANGUAGE_CODE, texts),
            _render(spec.message, spec.params, "en", texts) if "en" in languages else "",
            spec.params,  # kept alive: its id stays its own while the batch is built
        )
    return (
        spec.key,
        spec.recipient.pk,
        spec.kind,
        rendered[0],
        rendered[1],
        spec.url,
        subject_type_id,
        subject.pk if subject is not None else None,
        spec.now or timezone.now(),
    )


def _row(spec: NoticeSpec, types: dict[type, ContentType], texts: dict) -> Notice:
    """The unsaved row of ``spec``; ``types`` and ``texts`` are the caller's caches."""
    # Foreign keys by id: setting a relation through its descriptor costs more than the rest of the row.
    return Notice(**dict(zip(NAMES, _values(spec, types, texts), strict=True)))


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
    spec = NoticeSpec(
        recipient=recipient, kind=kind, message=message, params=params or {}, url=url, key=key, subject=subject, now=now
    )
    row = _row(spec, {}, {})
    values = {f.attname: getattr(row, f.attname) for f in Notice._meta.concrete_fields if not f.primary_key}
    del values["dedupe_key"]
    row, created = Notice.objects.get_or_create(dedupe_key=key, defaults=values)
    return row if created else None


def notify_many(specs: Sequence[NoticeSpec], *, new_causes: bool = False) -> set[str]:
    """Many notices in one insert, in the caller's transaction; a key that exists is
    skipped (as :func:`notify` does). Returns the keys written. ``new_causes``: as for
    ``notifications.outbox.queue_emails`` (no key can exist yet: no look-up)."""
    keys = [spec.key for spec in specs]
    if not keys:
        return set()
    existing: set[str] = set()
    if not new_causes:
        existing = set(Notice.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    types: dict[type, ContentType] = {}
    texts: dict = {}
    unique = {spec.key: spec for spec in specs if spec.key not in existing}.values()
    if new_causes:
        # No key can exist: the fast path, plain values (no Notice per row).
        insert_rows(Notice, NAMES, [_values(spec, types, texts) for spec in unique])
    else:
        # ignore_conflicts: a concurrent writer of the same key wins; its row is the notice.
        Notice.objects.bulk_create([_row(spec, types, texts) for spec in unique], ignore_conflicts=True)
    return {spec.key for spec in unique}


# Asked on every internal page (the navigation's count): its SQL written once per process
# (``core.prepared``), grouped by a constant so that it is one row.
_UNREAD = Prepared(
    lambda user_id: Notice.objects.filter(recipient_id=user_id).unread().order_by()
    .values(_all=Value(1)).annotate(unread=Count("id")).values_list("unread")
)


def unread_count(user: Any) -> int:
    """One indexed COUNT (``notice_unread_idx``)."""
    return _UNREAD(user.pk)[0][0]


def mark_read(notice: Notice, *, now: datetime | None = None) -> None:
    if notice.read_at is None:
        notice.read_at = now or timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)


def mark_all_read(user: Any, *, now: datetime | None = None) -> int:
    return Notice.objects.for_user(user).unread().update(read_at=now or timezone.now())
