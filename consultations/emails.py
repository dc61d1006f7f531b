"""E-mails of the consultation workflow: who is told what, about which case.

A service that wants an e-mail sent calls one of the ``queue_*`` functions inside its
transaction. They build the e-mail's context from the case and hand it to the outbox
(``notifications/outbox.py``), one row per event and recipient; the outbox sends it after
commit, survives a broker or mail server that is down, and renders the named templates
(``emails/<name>-subject.txt``, ``-body.txt``, ``-body.html``) in the recipient's
language. Internal notes are never given to any of these functions.

At render time the templates also get the labels of the answer kinds and the channel, in
the recipient's language (:func:`add_labels`, registered by the app's ``ready()``).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.dateparse import parse_datetime

from accounts.models import User
from accounts.selectors import directorate_leads
from notifications.models import OutboundEmail
from notifications.outbox import Email, dedupe_key, queue_email
from notifications.rendering import register_context

from .channels import Channel
from .models import AnswerKind, CancelledBy, Consultation, Event, Message

__all__ = [
    "APPLICANT_MESSAGE",
    "BREACH_APOLOGY",
    "STAFF_MESSAGE",
    "Recipient",
    "applicant_recipient",
    "breach_apology",
    "case_context",
    "case_url",
    "email_for",
    "queue",
    "email_to_user",
    "event_emails",
    "message_recipients",
    "queue_message",
    "queue_to_user",
    "register_email_context",
    "staff_case_context",
]

# Template names.
STAFF_MESSAGE = "staff-message"
APPLICANT_MESSAGE = "applicant-message"
# The applicant's apology for a breached deadline (services/compensation.py).
BREACH_APOLOGY = "deadline-apology"
# Staff notices (consultations/notices.py).
CASE_NEW = "case-new"
CASE_ASSIGNED = "case-assigned"
DEADLINE_AT_RISK = "deadline-at-risk"
DEADLINE_BREACHED = "deadline-breached"
DEADLINE_DIGEST = "deadline-digest"
TEMPLATES = (
    STAFF_MESSAGE,
    APPLICANT_MESSAGE,
    BREACH_APOLOGY,
    CASE_NEW,
    CASE_ASSIGNED,
    DEADLINE_AT_RISK,
    DEADLINE_BREACHED,
)


# --- links ----------------------------------------------------------------------

# The case pages e-mails link to, with the case number as ``number``.
APPLICANT_URL_NAME = "consultations:detail"
STAFF_URL_NAME = "consultations:staff_detail"


# A valid case number, reversed once per URL name and replaced (a sweep's batch links
# thousands of cases: reverse() costs a regex match each).
_SAMPLE_NUMBER = "ADV-0000-000000"


@functools.cache
def _path_template(name: str, urlconf: str) -> str:
    """The path after the script prefix (which is per request, so not cached)."""
    return reverse(name, kwargs={"number": _SAMPLE_NUMBER})[len(get_script_prefix()) :]


def case_path(consultation: Consultation, *, for_staff: bool = False) -> str:
    """The case page's path on this site."""
    name = STAFF_URL_NAME if for_staff else APPLICANT_URL_NAME
    template = _path_template(name, str(get_urlconf() or settings.ROOT_URLCONF))
    return get_script_prefix() + template.replace(_SAMPLE_NUMBER, consultation.number)


def case_url(consultation: Consultation, *, for_staff: bool = False) -> str:
    return f"{settings.SITE_URL}{case_path(consultation, for_staff=for_staff)}"


# --- queueing -------------------------------------------------------------------


def _cause(event: Event) -> str:
    return f"event-{event.pk}"


@dataclass(frozen=True)
class Recipient:
    """Where an e-mail goes: an address, in a language, named in the dedupe key by the
    account's id or, for a contact without an account, by the address itself."""

    address: str
    language: str
    key: str

    @classmethod
    def of_user(cls, user: User) -> Recipient:
        return cls(user.email, user.language, str(user.pk))


def applicant_recipient(consultation: Consultation) -> Recipient | None:
    """Who the case's e-mails go to: its account when it has one, else its contact's
    e-mail in the case's language; None when there is no address (a paper letter that
    gave none is answered on paper)."""
    if consultation.applicant_id is not None:
        return Recipient.of_user(consultation.applicant)
    if consultation.contact_email:
        # Named in the dedupe key by a digest: an address may be longer than the key has room for.
        digest = hashlib.sha256(consultation.contact_email.lower().encode()).hexdigest()[:24]
        return Recipient(consultation.contact_email, consultation.language, f"contact-{digest}")
    return None


def email_for(*, template: str, recipient: Recipient | None, context: dict[str, Any], event: Event) -> Email | None:
    """The e-mail of ``template`` about the event's case to ``recipient``, keyed by the
    event (None without a recipient): for :func:`queue`, or many at once for
    ``notifications.outbox.queue_emails``."""
    if recipient is None:
        return None
    return Email(
        template=template,
        to=recipient.address,
        language=recipient.language,
        context=context,
        key=dedupe_key(template=template, cause=_cause(event), recipient=recipient.key),
        subject=event.consultation,
    )


def queue(
    *, template: str, recipient: Recipient | None, context: dict[str, Any], event: Event
) -> OutboundEmail | None:
    """One e-mail per event and recipient (None when it exists already or there is no
    recipient), about the event's case."""
    email = email_for(template=template, recipient=recipient, context=context, event=event)
    if email is None:
        return None
    return queue_email(
        template=email.template,
        to=email.to,
        language=email.language,
        context=email.context,
        key=email.key,
        subject=email.subject,
    )


def event_emails(event: Event) -> QuerySet[OutboundEmail]:
    """The e-mails an event caused: among the e-mails about its case (indexed), those
    whose key names it (another desk's event of the same id is about something else)."""
    return OutboundEmail.objects.about(event.consultation).filter(dedupe_key__contains=f":{_cause(event)}:")


def case_context(consultation: Consultation, *, url: str | None = None) -> dict[str, Any]:
    """What every e-mail says about a case. ``url``: the page to link instead of the
    applicant's (a staff e-mail's)."""
    if url is None:
        # The case page, for an applicant who can sign in to read it; a contact without an
        # account has no page to open (the e-mail itself carries what they need).
        url = case_url(consultation) if consultation.applicant_id is not None else ""
    return {
        "number": consultation.number,
        "subject": consultation.subject,
        "channel": consultation.channel,
        "category_name": consultation.category.name if consultation.category_id else "",
        "category_name_en": consultation.category.name_en if consultation.category_id else "",
        "directorate_name": consultation.directorate.name,
        "directorate_name_en": consultation.directorate.name_en,
        "applicant_name": consultation.applicant_name,
        "submitted_at": consultation.submitted_at,
        "due_at": consultation.due_at,
        "url": url,
    }


def breach_apology(consultation: Consultation, event: Event, *, credit_granted: bool) -> Email | None:
    """The apology to the applicant for a breached deadline, and what the compensation
    means (the priority credit), for :func:`notifications.outbox.queue_emails`: the
    sweep queues a batch of them at once. None when the case has no address."""
    context = case_context(consultation) | {
        "credit_granted": credit_granted,
        "breached_at": event.at,
        "completed_at": consultation.completed_at,
    }
    return email_for(template=BREACH_APOLOGY, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_message(message: Message, event: Event) -> list[OutboundEmail]:
    """A staff message goes to the applicant; an applicant's message goes to the
    assignee, or to the directorate's director(s) when nobody is assigned."""
    consultation = message.consultation
    context = case_context(consultation) | {"message_body": message.body, "sent_at": message.created_at}
    if not message.from_applicant:
        row = queue(template=STAFF_MESSAGE, recipient=applicant_recipient(consultation), context=context, event=event)
        return [row] if row else []
    context["url"] = case_url(consultation, for_staff=True)
    rows = []
    for recipient in message_recipients(consultation):
        row = queue(template=APPLICANT_MESSAGE, recipient=Recipient.of_user(recipient), context=context, event=event)
        if row:
            rows.append(row)
    return rows


def message_recipients(consultation: Consultation) -> list[User]:
    if consultation.assignee_id is not None and consultation.assignee.is_active:
        return [consultation.assignee]
    return directorate_leads(consultation.directorate)


def staff_case_context(consultation: Consultation, *, path: str | None = None) -> dict[str, Any]:
    """What a staff e-mail says about a case; it links to the staff case page (``path``,
    when the caller has it already: ``case_path(consultation, for_staff=True)``)."""
    if path is None:
        path = case_path(consultation, for_staff=True)
    return case_context(consultation, url=f"{settings.SITE_URL}{path}") | {
        "assignee_name": consultation.assignee.full_name if consultation.assignee_id else "",
        "is_priority": consultation.is_priority,
    }


def queue_to_user(*, template: str, user: User, context: dict[str, Any], event: Event) -> OutboundEmail | None:
    """One e-mail of ``template`` to a staff ``user`` about the event's case, once."""
    return queue(template=template, recipient=Recipient.of_user(user), context=context, event=event)


def email_to_user(*, template: str, user: User, context: dict[str, Any], event: Event) -> Email:
    """:func:`queue_to_user`'s e-mail, to queue with others (``queue_emails``)."""
    return email_for(template=template, recipient=Recipient.of_user(user), context=context, event=event)


# --- rendering ------------------------------------------------------------------


def add_labels(context: dict[str, Any]) -> dict[str, Any]:
    """The answer kinds' and the channel's names, in the language active at render time
    (the recipient's)."""
    if "kinds" in context:
        context["kind_labels"] = AnswerKind.labels_of(context["kinds"])
    if "channel" in context and context["channel"] in Channel.values:
        context["channel_label"] = str(Channel(context["channel"]).label)
    if context.get("cancelled_by") in CancelledBy.values:
        context["cancelled_by_label"] = str(CancelledBy(context["cancelled_by"]).label)
    return context


def revive_digest(context: dict[str, Any]) -> dict[str, Any]:
    """The digest's list of cases: their due times back to datetimes."""
    context["cases"] = [
        case | {"due_at": parse_datetime(case["due_at"]) if isinstance(case.get("due_at"), str) else case.get("due_at")}
        for case in context.get("cases", [])
    ]
    return context


def register_email_context() -> None:
    """Called once by the app's ``ready()``: web processes and workers alike. The
    labels go to the shared templates and to every channel's (its package's
    ``emails.TEMPLATES``)."""
    from .channels import CHANNELS

    channel_templates = []
    for entry in CHANNELS.values():
        module = entry.part("emails")
        channel_templates += getattr(module, "TEMPLATES", ()) if module is not None else ()
    register_context([*TEMPLATES, *channel_templates], add_labels)
    register_context([DEADLINE_DIGEST], revive_digest)
