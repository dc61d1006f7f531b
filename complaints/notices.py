"""Who is told what on the complaints desk: e-mails to the complainant (when they gave
an address) and in-app notices — with an e-mail — to the directorate's people. Called by
the services inside their transaction, so an e-mail is an outbox row committed with the
step (a mail server or broker that is down loses nothing).

The complainant's e-mails say kind, status and follow-up; the staff ones link to the
desk. Only the first e-mail carries the tracking code: it is not kept after that.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from core.time import WIB
from notifications.notices import notice_key, notify
from notifications.outbox import dedupe_key, queue_email
from notifications.rendering import register_context

from .models import Complaint, ComplaintEvent, ComplaintMessage, Kind, Status

RECEIVED = "complaint-received"
ASKED = "complaint-asked"
CLOSED = "complaint-closed"
STAFF = "complaint-staff"
TEMPLATES = (RECEIVED, ASKED, CLOSED, STAFF)

KIND_NEW, KIND_REROUTED, KIND_REPLIED, KIND_AT_RISK, KIND_BREACHED = (
    "complaint_new", "complaint_rerouted", "complaint_replied", "complaint_at_risk", "complaint_breached",
)
MESSAGES = {
    KIND_NEW: _("Pengaduan baru %(number)s (%(kind)s) masuk ke direktorat Anda; tindak lanjuti paling lambat %(due)s WIB."),
    KIND_REROUTED: _("Pengaduan %(number)s (%(kind)s) dialihkan ke direktorat Anda; ambil dan tindak lanjuti paling "
                     "lambat %(due)s WIB."),
    KIND_REPLIED: _("Pelapor %(number)s memberi keterangan yang Anda minta."),
    KIND_AT_RISK: _("Batas waktu tindak lanjut %(number)s tinggal satu hari kerja (%(due)s WIB)."),
    KIND_BREACHED: _("Tindak lanjut %(number)s melewati batas waktu %(due)s WIB."),
}


def staff_path(complaint: Complaint) -> str:
    return reverse("complaints:detail", kwargs={"pk": complaint.pk})


def tracking_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('complaints:track', kwargs={'code': code})}"


def _context(complaint: Complaint, lookup_url: str | None = None) -> dict[str, Any]:
    """What every message about ``complaint`` may say; ``lookup_url``: the lookup page's
    address, if the caller has it already (the sweep reverses it once per batch)."""
    return {
        "number": complaint.number,
        "kind": complaint.kind,
        "status": complaint.status,
        "due_at": complaint.due_at,
        "received_at": complaint.received_at,
        "directorate": complaint.directorate.name,
        "directorate_en": complaint.directorate.name_en,
        "lookup_url": lookup_url or f"{settings.SITE_URL}{reverse('complaints:lookup')}",
    }


def _labels(context: dict[str, Any]) -> dict[str, Any]:
    """Kind, status and directorate in the recipient's language, at render time."""
    if get_language() == "en" and context.get("directorate_en"):
        context["directorate"] = context["directorate_en"]
    if context.get("kind") in Kind.values:
        context["kind_label"] = str(Kind(context["kind"]).label)
    if context.get("status") in Status.values:
        context["status_label"] = str(Status(context["status"]).label)
    if context.get("notice_kind") in MESSAGES:
        params = dict(context.get("notice_params") or {}) | {"kind": context.get("kind_label", "")}
        context["message"] = str(MESSAGES[context["notice_kind"]]) % params
    return context


register_context(TEMPLATES, _labels)


def _to_complainant(complaint: Complaint, event: ComplaintEvent, template: str, **extra: Any) -> None:
    if complaint.complainant_id is not None and complaint.complainant.email:
        address, language, key = complaint.complainant.email, complaint.complainant.language, str(complaint.complainant_id)
    elif complaint.email:
        address, language = complaint.email, complaint.language
        key = "contact-" + hashlib.sha256(address.lower().encode()).hexdigest()[:24]
    else:
        return  # anonymous: the tracking page is the only way back
    queue_email(
        template=template, to=address, language=language, context=_context(complaint) | extra,
        key=dedupe_key(template=template, cause=f"complaint-event-{event.pk}", recipient=key), subject=complaint,
    )


def handlers_of(directorate_id: int) -> list[User]:
    return list(User.objects.filter(role=Role.COMPLAINT_HANDLER, directorate_id=directorate_id, is_active=True))


def _handlers_named(event: ComplaintEvent, key: str, complaint: Complaint) -> list[User]:
    """The handlers of the directorate the event sent the complaint to (its code in
    ``event.data[key]``): a re-run later tells the same desk, wherever it is by then."""
    code = event.data.get(key)
    if not code or code == complaint.directorate.code:
        return handlers_of(complaint.directorate_id)
    return list(User.objects.filter(role=Role.COMPLAINT_HANDLER, directorate__code=code, is_active=True))


def directors_of(directorate_id: int) -> list[User]:
    return list(User.objects.filter(role=Role.DIRECTOR, directorate_id=directorate_id, is_active=True))


def _tell_staff(complaint: Complaint, event: ComplaintEvent, kind: str, users: list[User]) -> int:
    """A notice and an e-mail of ``kind`` to each of ``users`` still active, once per
    event (keyed by it), never to who took the step."""
    params = {
        "number": complaint.number,
        "kind": complaint.get_kind_display(),
        "due": timezone.localtime(complaint.due_at, WIB).strftime("%d-%m-%Y %H:%M") if complaint.due_at else "-",
    }
    path = staff_path(complaint)
    told = 0
    for user in {u.pk: u for u in users if u.is_active and u.pk != event.actor_id}.values():
        if notify(
            recipient=user, kind=kind, message=MESSAGES[kind], params=params, url=path, subject=complaint,
            key=notice_key(kind=kind, cause=f"complaint-event-{event.pk}", recipient=str(user.pk)), now=event.at,
        ):
            told += 1
        queue_email(
            template=STAFF, to=user.email, language=user.language, subject=complaint,
            context=_context(complaint) | {"notice_kind": kind, "notice_params": params,
                                           "url": f"{settings.SITE_URL}{path}", "recipient_name": user.full_name},
            key=dedupe_key(template=STAFF, cause=f"complaint-event-{event.pk}", recipient=str(user.pk)),
        )
    return told


def filed(complaint: Complaint, event: ComplaintEvent, *, code: str) -> None:
    _to_complainant(complaint, event, RECEIVED, code=code, tracking_url=tracking_url(code))
    _tell_staff(complaint, event, KIND_NEW, _handlers_named(event, "directorate", complaint))


def arrived(complaint: Complaint, event: ComplaintEvent) -> None:
    """Re-routed here: the new directorate's handlers (nobody holds it yet)."""
    _tell_staff(complaint, event, KIND_REROUTED, _handlers_named(event, "to_directorate", complaint))


def asked(complaint: Complaint, event: ComplaintEvent, message: ComplaintMessage) -> None:
    _to_complainant(complaint, event, ASKED, question=message.text)


def replied(complaint: Complaint, event: ComplaintEvent) -> None:
    users = [complaint.handler] if complaint.handler_id else handlers_of(complaint.directorate_id)
    _tell_staff(complaint, event, KIND_REPLIED, users)


def closed(complaint: Complaint, event: ComplaintEvent) -> None:
    _to_complainant(complaint, event, CLOSED, follow_up=complaint.follow_up)


def at_risk(complaint: Complaint, event: ComplaintEvent) -> int:
    """The handler who took it or, while nobody has, the directorate's handlers."""
    users = [complaint.handler] if complaint.handler_id else handlers_of(complaint.directorate_id)
    return _tell_staff(complaint, event, KIND_AT_RISK, users)


def breached(complaint: Complaint, event: ComplaintEvent) -> int:
    """Escalation: the director(s) of the directorate, and its handlers."""
    users = directors_of(complaint.directorate_id) + handlers_of(complaint.directorate_id)
    return _tell_staff(complaint, event, KIND_BREACHED, users)
