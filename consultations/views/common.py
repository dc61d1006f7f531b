"""What the applicant's and the staff's case pages share: the timeline's wording over
the records ``selectors.case_records`` reads, and the handling of form and domain errors."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.forms import Form, Textarea
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import Directorate, Role
from consultations import selectors
from consultations.models import AnswerKind, CancelledBy, Consultation, Event, EventType
from consultations.selectors import CaseRecords
from core.templatetags.core_tags import wib
from files.checks import sanitize_filename


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    label: str
    actor: str
    detail: str
    internal: bool = False


# The events' words by type, built once: ``get_type_display()`` hashes every choice's
# label, translating each of them, for every event.
_EVENT_LABELS = dict(EventType.choices)


def case_records(user, consultation: Consultation, *, directorates: list[Directorate] | None = None) -> CaseRecords:
    """The records of a case page (``selectors.case_records``) with the history in words."""
    records = selectors.case_records(user, consultation)
    records.timeline = timeline(user, consultation, records.events, directorates=directorates)
    return records


def timeline(
    user, consultation: Consultation, events: list[Event], *, directorates: list[Directorate] | None = None
) -> list[TimelineEntry]:
    """The history in words (``events``: ``selectors.timeline_for``). Applicants see what
    happened and when, never internal events nor the staff-only details (a re-route's
    reason, who was assigned)."""
    for_staff = user.role != Role.APPLICANT
    if for_staff and directorates is None:
        directorates = list(Directorate.objects.all())
    names = {d.code: d.localized_name for d in directorates or ()}
    return [
        TimelineEntry(
            at=event.at,
            label=str(_EVENT_LABELS.get(event.type, event.type)),
            actor=_actor(event, consultation, for_staff),
            detail=_detail(event, for_staff, names),
            internal=event.type == EventType.NOTE_ADDED,
        )
        for event in events
    ]


def _actor(event: Event, consultation: Consultation, for_staff: bool) -> str:
    if event.actor_id is None:
        return _("Sistem")
    if event.actor_id == consultation.applicant_id:
        return event.actor.full_name if for_staff else _("Anda")
    return event.actor.full_name if for_staff else _("Petugas LKPP")


def _when(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    return wib(moment) if moment else ""


def _kinds(data: dict) -> str:
    return ", ".join(AnswerKind.labels_of(data.get("kinds", [])))


def _detail(event: Event, for_staff: bool, directorates: dict[str, str]) -> str:
    data = event.data or {}
    kind = event.type
    if kind in (EventType.ANSWER_SENT, EventType.ANSWER_CORRECTED):
        text = _kinds(data)
        if kind == EventType.ANSWER_SENT and "on_time" in data:
            text += " · " + (_("tepat waktu") if data["on_time"] else _("melewati batas waktu"))
        return text
    if kind == EventType.DEADLINE_RECOMPUTED:
        return _("Dari %(old)s menjadi %(new)s, karena kalender hari libur berubah.") % {
            "old": _when(data.get("old_due_at")),
            "new": _when(data.get("new_due_at")),
        }
    if kind == EventType.MESSAGE_POSTED:
        return _("Dari pemohon") if data.get("from_applicant") else _("Dari petugas")
    if kind in (EventType.MEETING_CANCELLED, EventType.MEETING_CLOSED_CANCELLED):
        # The applicant sees it too: the cancel form says the reason is shown to them.
        return _cancellation(data, rescheduled=kind == EventType.MEETING_CANCELLED)
    if not for_staff:
        return ""
    if kind == EventType.SUBMITTED:
        return _("Diarahkan ke %(directorate)s; batas waktu %(due)s.") % {
            "directorate": directorates.get(data.get("directorate"), data.get("directorate", "")),
            "due": _when(data.get("due_at")),
        }
    if kind in (EventType.ASSIGNED, EventType.CLAIMED):
        return _("Petugas: %(name)s") % {"name": data.get("assignee_name", "")}
    if kind == EventType.REROUTED:
        return _("Dari %(old)s ke %(new)s. Alasan: %(reason)s") % {
            "old": directorates.get(data.get("from_directorate"), data.get("from_directorate", "")),
            "new": directorates.get(data.get("to_directorate"), data.get("to_directorate", "")),
            "reason": data.get("reason", ""),
        }
    return ""


def _cancellation(data: dict, *, rescheduled: bool) -> str:
    """Which schedule, who called it off, why, and — set again — by when the new one is
    due. Events recorded before who/why were asked (migration 0017) lack some keys."""
    parts = []
    if data.get("starts_at"):
        parts.append(_("Jadwal yang dibatalkan: %(when)s.") % {"when": _when(data["starts_at"])})
    who = data.get("cancelled_by")
    if who:
        label = CancelledBy(who).label if who in CancelledBy.values else who
        parts.append(_("Dibatalkan oleh %(who)s.") % {"who": label})
    reason = (data.get("reason") or "").strip()
    if reason:
        parts.append(_("Alasan: %(reason)s") % {"reason": reason if reason[-1] in ".!?" else reason + "."})
    if rescheduled and data.get("due_at"):
        parts.append(_("Jadwal baru ditetapkan paling lambat %(due)s.") % {"due": _when(data["due_at"])})
    return " ".join(parts)


@dataclass(frozen=True)
class DroppedFile:
    name: str
    refused: bool  # by the upload checks: choose another file, not this one again


def dropped_files(request: HttpRequest, form: Form, field_name: str = "files") -> list[DroppedFile]:
    """The files sent with a form that is shown again: a browser cannot keep a file
    input's choice, so the page must say which files to choose again — and which of
    them not to choose again because the form's checks refused them (``refused`` of the
    form's ``AttachmentsField``, set when the form was validated)."""
    refused = getattr(form.fields.get(field_name), "refused", frozenset())
    names = [sanitize_filename(upload.name) for upload in request.FILES.getlist(form.add_prefix(field_name))]
    return [DroppedFile(name, name in refused) for name in names]


def minutes_until(retry_after) -> int:
    """Whole minutes (at least one) of a rate limit's ``retry_after``, as pages say it."""
    return max(1, math.ceil(retry_after.total_seconds() / 60))


def too_many_submissions(request: HttpRequest, exc, form: Form | None = None, *, typed: tuple[str, ...] = ()) -> HttpResponse:
    """The 429 answer of an applicant's intake — website question, letter or invitation
    upload — past ``rates.SUBMISSIONS_PER_HOUR`` (``exc``: SubmissionRateExceeded): when
    the next one may go, with ``Retry-After``; the texts typed in ``form``'s fields named
    by ``typed`` shown for copying (files must be chosen again anyway)."""
    minutes = minutes_until(exc.retry_after)
    shown = []
    for name in typed if form is not None and form.is_bound else ():
        if name in form.fields and (value := form.data.get(form.add_prefix(name), "")):
            field = form[name]
            shown.append({"id": f"teks-{name}", "label": field.label, "value": value,
                          "long": isinstance(field.field.widget, Textarea)})
    context = {"limit": exc.limit, "minutes": minutes, "typed": shown}
    response = render(request, "website/rate_limited.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    response["Cache-Control"] = "private, no-store"
    return response
