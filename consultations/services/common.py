"""What every consultation service shares: the row lock, the event record, the clock as
the channel registry drives it, and the one block that stores a step's files and takes
them back when the step fails. No field checks: the forms check fields and hand the
services typed values (ADR 0009, one validation path).

Private to ``consultations.services``: views and other apps call the step functions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from accounts.models import User
from core import lifecycle
from files.checks import CheckedFile
from files.storage import kept_until_failure, store

from .. import handoffs
from ..limits import case_attachment_bytes_max
from ..models import Answer, Attachment, Consultation, Event, EventType, Message
from ..workflow import Step


def lock(consultation: Consultation) -> Consultation:
    """The current row, locked until commit: two staff acting at once are serialised
    and the second sees the first's result."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def sync(stale: Consultation, fresh: Consultation) -> None:
    """Let the caller's instance show the new state too."""
    if stale is not fresh:
        for field in Consultation._meta.concrete_fields:
            setattr(stale, field.attname, getattr(fresh, field.attname))
        stale._state.fields_cache = dict(fresh._state.fields_cache)


def record(consultation: Consultation, *, type: EventType, actor: User | None, at: datetime, **data) -> Event:
    """The step's one event: who, when, what (``data``: the details the timeline shows).
    An event that hands the case to somebody tells them, in the same transaction
    (``handoffs``: notice and e-mail, keyed by the event)."""
    event = Event.objects.create(consultation=consultation, actor=actor, type=type, at=at, data=data)
    handoffs.announce(consultation, event, new_event=True)
    return event


# --- the clock, as the channel registry says --------------------------------------


def run_clock(case: Consultation, step: Step, *, now: datetime) -> list[str]:
    """Start or stop the clock (``core.lifecycle``) if ``step`` is the one the case's
    channel names for it (``ChannelSpec.clock_start_step`` / ``clock_stop_step``); the
    fields it changed. A stop over the deadline before any sweep saw it records the
    breach now, in the stop's transaction, exactly as the sweep would have."""
    entry = case.channel_spec
    if step == entry.clock_start_step:
        return lifecycle.start_clock(case, now)
    if step == entry.clock_stop_step:
        return lifecycle.stop_clock(case, now)
    return []


# --- files ----------------------------------------------------------------------------


@contextmanager
def stored_attachments(
    checked: Sequence[CheckedFile], *, uploaded_by: User, at: datetime
) -> Iterator[list[Attachment]]:
    """``with stored_attachments(checked, ...) as stored:`` — the files are written to
    storage before the block (slow storage must not hold the case's lock or the yearly
    counter's) as unsaved ``Attachment`` rows; the block saves them with
    :func:`save_attachments`. If the block raises, the files are deleted again."""
    rows = store(
        checked,
        build=lambda item: Attachment(
            original_name=item.name,
            size=item.size,
            content_type=item.content_type,
            uploaded_by=uploaded_by,
            uploaded_at=at,
        ),
    )
    with kept_until_failure(rows) as stored:
        yield stored


def save_attachments(
    attachments: list[Attachment],
    *,
    consultation: Consultation,
    answer: Answer | None = None,
    message: Message | None = None,
    draft=None,
) -> None:
    for attachment in attachments:
        attachment.consultation = consultation
        attachment.answer = answer
        attachment.message = message
        attachment.draft = draft
    Attachment.objects.bulk_create(attachments)


def check_case_bytes(checked: Sequence[CheckedFile], *, consultation: Consultation | None = None) -> None:
    """The files of one case together stay within ``ADVOKASI_CASE_ATTACHMENT_BYTES_MAX``.
    Called with the case row locked, so parallel messages cannot both take the rest."""
    incoming = sum(item.size for item in checked)
    if not incoming:
        return
    limit = case_attachment_bytes_max()
    used = 0
    if consultation is not None:
        used = Attachment.objects.filter(consultation=consultation).aggregate(total=Sum("size"))["total"] or 0
    if used + incoming > limit:
        raise ValidationError(
            {
                "files": _(
                    "Lampiran satu konsultasi paling besar %(limit)s seluruhnya. Sisa untuk konsultasi ini "
                    "%(left)s, sedangkan berkas yang dipilih %(size)s. Kirim berkas yang lebih kecil, "
                    "atau kirim pesan tanpa lampiran."
                )
                % {
                    "limit": filesizeformat(limit),
                    "left": filesizeformat(max(0, limit - used)),
                    "size": filesizeformat(incoming),
                }
            },
            code="case_attachment_bytes",
        )
