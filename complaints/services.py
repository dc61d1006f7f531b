"""The complaints desk's steps, one function per transition (SK 234/2024: complaints,
objections, suggestions and input are followed up within 5 working days).

- :func:`file_complaint` — the public web form (signed in or not); :func:`log_complaint`
  — staff record what came by telephone, e-office, letter or SP4N-LAPOR!. Both start the
  5-working-day clock at receipt and return the complaint with its tracking code, which
  is not kept (only its digest is).
- :func:`take`, :func:`reroute`, :func:`ask_complainant`, :func:`close` — the Pengelola
  Pengaduan of the complaint's directorate; :func:`reply` — the complainant, by code.

Every step is keyword-only, atomic, locks the row, checks the status table
(``models.TRANSITIONS``) and who may act (``policies``), records an event and queues its
e-mails and notices in the same transaction (``notices``). The steps take typed values
(``forms``: stripped text within its length, a known kind and channel, the phone in
E.164, the channel's reference checked, the scan a ``CheckedFile``) and check only what
a form cannot: who acts, the complaint's state, the case a complaint names, where it is
routed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Directorate, Role, User
from consultations.models import Consultation
from core import lifecycle
from files.checks import CheckedFile
from files.storage import kept_until_failure, store

from . import codes, notices, policies
from .models import (
    EXTENSIONS,
    Author,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintMessage,
    EventType,
    Status,
    follow_up_due,
)


@dataclass(frozen=True)
class Filed:
    """A new complaint and its tracking code (shown once, e-mailed if there is an e-mail)."""

    complaint: Complaint
    code: str


def _record(complaint: Complaint, *, type: EventType, actor: User | None, at: datetime, **data) -> ComplaintEvent:
    return ComplaintEvent.objects.create(complaint=complaint, type=type, actor=actor, at=at, data=data)


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("directorate").get(pk=complaint.pk)


def _sync(stale: Complaint, fresh: Complaint) -> None:
    if stale is not fresh:
        for field in Complaint._meta.concrete_fields:
            setattr(stale, field.attname, getattr(fresh, field.attname))


def _step(complaint: Complaint, to: str) -> None:
    if not complaint.can_move_to(to):
        raise ValidationError(
            _("Pengaduan %(number)s berstatus %(status)s; langkah ini tidak dapat dilakukan.")
            % {"number": complaint.number, "status": complaint.get_status_display()},
            code="wrong_status",
        )


def _consultation(number: str, *, complainant: User | None, staff: bool) -> Consultation | None:
    """The consultation a complaint names (``number`` as the form hands it: stripped,
    upper case): for a complainant, one of their own cases; staff may name any. The same
    message for "not yours" as for "no such case"."""
    if not number:
        return None
    cases = Consultation.objects.select_related("directorate").filter(number=number)
    if not staff:
        if complainant is None:
            raise ValidationError(
                {"consultation_number": _("Masuk ke akun Anda untuk mengaitkan pengaduan dengan konsultasi Anda.")},
                code="sign_in",
            )
        cases = cases.filter(applicant=complainant)
    case = cases.first()
    if case is None:
        raise ValidationError(
            {"consultation_number": _("Konsultasi %(number)s tidak ditemukan di antara konsultasi Anda.") % {"number": number}
             if not staff else _("Konsultasi %(number)s tidak ditemukan.") % {"number": number}},
            code="unknown_case",
        )
    return case


def _route(*, consultation: Consultation | None, extension: str, directorate: Directorate | None) -> Directorate:
    """One directorate: the named case's, else the extension called, else the one chosen."""
    if consultation is not None and consultation.directorate_id:
        return consultation.directorate
    if extension:
        return Directorate.objects.get(code=EXTENSIONS[extension])
    if directorate is None:
        raise ValidationError({"directorate": _("Pilih direktorat yang dituju.")}, code="required")
    return directorate


def _new(*, actor: User | None, now: datetime, received_at: datetime, **fields) -> Filed:
    code = codes.new_code()
    complaint = Complaint(tracking_digest=codes.digest(code), received_at=received_at, created_at=now, updated_at=now,
                          **fields)
    complaint.start_clock(received_at, follow_up_due(received_at))
    complaint.save()
    event = _record(
        complaint, type=EventType.FILED, actor=actor, at=now, channel=complaint.channel, kind=complaint.kind,
        directorate=complaint.directorate.code, due_at=complaint.due_at, received_at=received_at,
    )
    notices.filed(complaint, event, code=code)
    return Filed(complaint, code)


@transaction.atomic
def file_complaint(
    *, kind: str, text: str, directorate: Directorate | None = None, consultation_number: str = "",
    complainant: User | None = None, name: str = "", email: str = "", phone: str = "", language: str = "id",
    now: datetime | None = None,
) -> Filed:
    """The public web form: anybody, signed in or not; every contact detail optional
    (a signed-in applicant's name and e-mail stand in for those left empty)."""
    now = now or timezone.now()
    if complainant is not None and complainant.role != Role.APPLICANT:
        complainant = None  # staff use the staff form; their account is not the complainant
    case = _consultation(consultation_number, complainant=complainant, staff=False)
    return _new(
        actor=complainant, now=now, received_at=now, kind=kind, channel=Channel.WEB, text=text,
        directorate=_route(consultation=case, extension="", directorate=directorate), consultation=case,
        complainant=complainant, name=name or (complainant.full_name if complainant else ""),
        email=email or (complainant.email if complainant else ""), phone=phone, language=language,
    )


def log_complaint(
    *, actor: User, channel: str, kind: str, text: str, received_at: datetime | None = None,
    directorate: Directorate | None = None, extension: str = "", eoffice_reference: str = "", lapor_number: str = "",
    scan: CheckedFile | None = None, consultation_number: str = "", name: str = "", email: str = "", phone: str = "",
    language: str = "id", now: datetime | None = None,
) -> Filed:
    """Staff record a complaint that came by telephone (the extension called routes it),
    e-office (its reference), letter (its scan) or SP4N-LAPOR! (its tracking number).
    The form hands only the channel's own reference, the others empty."""
    now = now or timezone.now()
    policies.require_intake(actor)
    case = _consultation(consultation_number, complainant=None, staff=True)
    fields = dict(
        kind=kind, channel=channel, text=text, consultation=case, logged_by=actor,
        directorate=_route(consultation=case, extension=extension, directorate=directorate),
        extension=extension, eoffice_reference=eoffice_reference, lapor_number=lapor_number,
        name=name, email=email, phone=phone, language=language,
    )
    # The scan is written before the transaction (slow storage holds no lock) and taken
    # back if the transaction fails.
    holder = store([scan], build=lambda item: Complaint(scan_name=item.name), field="scan") if scan else []
    with kept_until_failure(holder, field="scan"), transaction.atomic():
        if holder:
            fields |= {"scan": holder[0].scan.name, "scan_name": holder[0].scan_name}
        return _new(actor=actor, now=now, received_at=received_at or now, **fields)


@transaction.atomic
def take(*, complaint: Complaint, actor: User, now: datetime | None = None) -> Complaint:
    """The handler takes a complaint of their directorate: theirs to follow up."""
    now = now or timezone.now()
    row = _lock(complaint)
    policies.require_handler(actor, row)
    _step(row, Status.IN_PROGRESS)
    if row.status != Status.RECEIVED:
        raise ValidationError(_("Pengaduan ini sudah diambil."), code="taken")
    row.status, row.handler, row.updated_at = Status.IN_PROGRESS, actor, now
    row.save(update_fields=["status", "handler", "updated_at"])
    _record(row, type=EventType.TAKEN, actor=actor, at=now)
    _sync(complaint, row)
    return complaint


@transaction.atomic
def reroute(*, complaint: Complaint, directorate: Directorate, reason: str, actor: User,
            now: datetime | None = None) -> Complaint:
    """To another directorate, with a reason; the deadline does not move."""
    now = now or timezone.now()
    row = _lock(complaint)
    policies.require_handler(actor, row)
    _step(row, Status.RECEIVED)
    if directorate.pk == row.directorate_id:
        raise ValidationError({"directorate": _("Pilih direktorat lain.")}, code="same")
    old = row.directorate
    row.directorate, row.status, row.handler, row.updated_at = directorate, Status.RECEIVED, None, now
    row.save(update_fields=["directorate", "status", "handler", "updated_at"])
    event = _record(row, type=EventType.REROUTED, actor=actor, at=now, from_directorate=old.code,
                    to_directorate=directorate.code, reason=reason)
    notices.arrived(row, event)
    _sync(complaint, row)
    return complaint


@transaction.atomic
def ask_complainant(*, complaint: Complaint, text: str, actor: User, now: datetime | None = None) -> ComplaintMessage:
    """Ask the complainant for more; they answer on the tracking page. The clock keeps
    running: the standard's five days are the desk's, not the complainant's."""
    now = now or timezone.now()
    row = _lock(complaint)
    policies.require_handler(actor, row)
    _step(row, Status.WAITING)
    message = ComplaintMessage.objects.create(complaint=row, author=Author.HANDLER, staff=actor, text=text, at=now)
    row.status, row.updated_at = Status.WAITING, now
    if row.handler_id is None:
        row.handler = actor
    row.save(update_fields=["status", "handler", "updated_at"])
    event = _record(row, type=EventType.ASKED, actor=actor, at=now, message=message.pk)
    notices.asked(row, event, message)
    _sync(complaint, row)
    return message


@transaction.atomic
def reply(*, complaint: Complaint, text: str, now: datetime | None = None) -> ComplaintMessage:
    """The complainant answers the handler's question. Both ways in call this: the
    tracking page (whoever holds the code, ``find_by_code``) and a signed-in
    complainant's own complaint (``own_complaints``); the caller found the complaint."""
    now = now or timezone.now()
    row = _lock(complaint)
    if row.status != Status.WAITING:
        raise ValidationError(_("Pengelola tidak sedang menunggu keterangan Anda."), code="wrong_status")
    message = ComplaintMessage.objects.create(complaint=row, author=Author.COMPLAINANT, text=text, at=now)
    row.status, row.updated_at = Status.IN_PROGRESS, now
    row.save(update_fields=["status", "updated_at"])
    event = _record(row, type=EventType.REPLIED, actor=None, at=now, message=message.pk)
    notices.replied(row, event)
    _sync(complaint, row)
    return message


@transaction.atomic
def close(*, complaint: Complaint, follow_up: str, actor: User, now: datetime | None = None) -> Complaint:
    """The follow-up, told to the complainant: stops the clock. Late with no breach on
    record yet (no sweep saw it): the breach is recorded now, as the sweep would have
    (``core.lifecycle.stop_clock``: event, escalation)."""
    now = now or timezone.now()
    row = _lock(complaint)
    policies.require_handler(actor, row)
    _step(row, Status.CLOSED)
    row.follow_up = follow_up
    row.status, row.updated_at = Status.CLOSED, now
    if row.handler_id is None:
        row.handler = actor
    fields = lifecycle.stop_clock(row, now)
    row.save(update_fields=["follow_up", "status", "handler", "updated_at", *fields])
    event = _record(row, type=EventType.CLOSED, actor=actor, at=now, on_time=row.completed_on_time)
    notices.closed(row, event)
    _sync(complaint, row)
    return complaint

