"""The lists of a case page written in Python, once per page, instead of a template loop
with a filter and an include per row: the history, the internal notes, the messages and
the file lists. The same HTML as the partials they replace
(``consultations/partials/timeline.html``, ``messages.html``, ``file_list.html``); the
page's templates place each list where the partial stood.

Every value goes through :func:`core.field_html.e` (Django's escaping); bodies through
Django's own ``linebreaks``; times through ``core.time`` (memoised); URLs are reversed
once per process and filled in.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.template.defaultfilters import filesizeformat
from django.urls import get_script_prefix, reverse
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.field_html import e
from core.time import format_iso, format_wib

# A primary key no row has: reversed once, then replaced by each row's.
_PK = 987654321


@functools.lru_cache(maxsize=32)
def _pattern(name: str, prefix: str) -> str:
    return reverse(name, kwargs={"pk": _PK})


def pk_url(name: str, pk: int) -> str:
    """``{% url name pk=pk %}`` for a URL whose only argument is an integer ``pk``."""
    return _pattern(name, get_script_prefix()).replace(str(_PK), str(pk), 1)


def time_html(moment) -> str:
    """``<time datetime="{{ at|iso }}">{{ at|wib }}</time>``."""
    return f'<time datetime="{e(format_iso(moment))}">{e(format_wib(moment))}</time>'


def body_html(text: str) -> str:
    """``{{ text|linebreaks }}``."""
    return linebreaks(text, autoescape=True)


def files_html(files: Iterable) -> SafeString:
    """``consultations/partials/file_list.html``: each file a download link and its size."""
    items = "".join(
        f'<li><a href="{e(pk_url("consultations:attachment", file.pk))}" download>{e(file.original_name)}</a> '
        f'<span class="small text-body-secondary">({e(filesizeformat(file.size))})</span></li>'
        for file in files
    )
    return mark_safe(f'<ul class="list-unstyled file-list mb-0">{items}</ul>' if items else "")  # noqa: S308 - escaped


def timeline_html(entries: Iterable) -> SafeString:
    """``consultations/partials/timeline.html``: the history in words (``views.common.timeline``)."""
    staff_only = e(_("hanya pegawai"))
    items = []
    for entry in entries:
        internal = f' <span class="badge text-bg-secondary">{staff_only}</span>' if entry.internal else ""
        detail = f'<div class="small">{e(entry.detail)}</div>' if entry.detail else ""
        items.append(
            f'<li class="timeline-entry mb-2{" internal" if entry.internal else ""}">'
            f'<time datetime="{e(format_iso(entry.at))}" class="small text-body-secondary d-block">{e(format_wib(entry.at))}</time>'
            f'<span class="fw-semibold">{e(entry.label)}</span>{internal} <span class="small">— {e(entry.actor)}</span>'
            f"{detail}</li>"
        )
    return mark_safe(f'<ol class="timeline list-unstyled mb-0">{"".join(items)}</ol>')  # noqa: S308 - escaped


def notes_html(notes: Iterable) -> SafeString:
    """The internal notes of the staff case page, oldest first."""
    items = "".join(
        f'<li class="card mb-2"><div class="card-body py-2"><p class="small mb-1"><strong>{e(note.author.full_name)}</strong>'
        f" · {time_html(note.created_at)}</p>{body_html(note.body)}</div></li>"
        for note in notes
    )
    if not items:
        return mark_safe(f'<p class="text-body-secondary">{e(_("Belum ada catatan."))}</p>')  # noqa: S308 - escaped
    return mark_safe(f'<ol class="list-unstyled">{items}</ol>')  # noqa: S308 - escaped


def messages_html(messages: Iterable, *, staff: bool) -> SafeString:
    """``consultations/partials/messages.html``: the clarification thread, oldest first;
    ``staff``: a staff page (the authors' names shown)."""
    applicant, you, officer = e(_("Pemohon")), e(_("Anda")), e(_("Petugas LKPP"))
    items = []
    for message in messages:
        if message.from_applicant:
            who = f"{applicant} · {e(message.author.full_name)}" if staff else you
        else:
            who = f"{officer} · {e(message.author.full_name)}" if staff else officer
        side = "from-applicant" if message.from_applicant else "from-staff"
        items.append(
            f'<li class="message card mb-2 {side}" id="pesan-{message.pk}"><div class="card-body py-2">'
            f"<p class=\"small mb-1\"><strong>{who}</strong> · {time_html(message.created_at)}</p>"
            f'<div class="message-body">{body_html(message.body)}</div>{files_html(message.shown_files)}</div></li>'
        )
    if not items:
        return mark_safe(f'<p class="text-body-secondary">{e(_("Belum ada pesan."))}</p>')  # noqa: S308 - escaped
    return mark_safe(f'<ol class="list-unstyled message-thread mb-3">{"".join(items)}</ol>')  # noqa: S308 - escaped
