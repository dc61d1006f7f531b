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

import base64
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
from .models import Answer, AnswerKind, AnswerLetter, CancelledBy, Consultation, Event, EventType, Message
from .workflow import Status

__all__ = [
    "ANSWER_SENT",
    "APPLICANT_MESSAGE",
    "BREACH_APOLOGY",
    "STAFF_MESSAGE",
    "SUBMITTED",
    "Recipient",
    "applicant_recipient",
    "breach_apology",
    "case_url",
    "email_to_user",
    "event_emails",
    "message_recipients",
    "queue_answer",
    "queue_advice",
    "queue_answer_letter",
    "queue_meeting_invitations",
    "queue_meeting_report",
    "queue_pic_message",
    "queue_letter_received",
    "queue_letter_registered",
    "queue_letter_returned",
    "tracking_url",
    "verification_url",
    "visit_qr_url",
    "queue_message",
    "queue_submitted",
    "queue_to_user",
    "register_email_context",
    "staff_case_context",
]

# Template names.
SUBMITTED = "consultation-submitted"
ANSWER_SENT = "answer-sent"
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
# The letter channel (services/letters.py), to the sender.
LETTER_REGISTERED = "letter-registered"
LETTER_RETURNED = "letter-returned"
LETTER_RECEIVED = "letter-received"
ANSWER_LETTER = "answer-letter"
# The walk-in channel (services/walk_ins.py), to the guest.
VISIT_FORM_RECEIVED = "visit-form-received"
ADVICE_RECORDED = "advice-recorded"
# The online-meeting channel (services/meetings.py), to the PIC and the LKPP team.
PIC_MESSAGE = "pic-message"
INVITATION_REGISTERED = "invitation-registered"
INVITATION_RECEIVED = "invitation-received"
MEETING_INVITATION = "meeting-invitation"
MEETING_REPORT = "meeting-report"
TEMPLATES = (
    SUBMITTED,
    ANSWER_SENT,
    STAFF_MESSAGE,
    APPLICANT_MESSAGE,
    BREACH_APOLOGY,
    CASE_NEW,
    CASE_ASSIGNED,
    DEADLINE_AT_RISK,
    DEADLINE_BREACHED,
    LETTER_REGISTERED,
    LETTER_RETURNED,
    LETTER_RECEIVED,
    ANSWER_LETTER,
    VISIT_FORM_RECEIVED,
    ADVICE_RECORDED,
    PIC_MESSAGE,
    INVITATION_REGISTERED,
    INVITATION_RECEIVED,
    MEETING_INVITATION,
    MEETING_REPORT,
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


def tracking_url(token: str) -> str:
    """The page where a sender without an account follows their letter."""
    return f"{settings.SITE_URL}{reverse('consultations:track', kwargs={'token': token})}"


def visit_qr_url(code: str) -> str:
    """The visit code's QR image (shown at the desk from the guest's phone)."""
    return f"{settings.SITE_URL}{reverse('consultations:visit_qr', kwargs={'code': code})}"


def verification_url(code: str) -> str:
    """The public page that confirms an answer letter is genuine (printed on it)."""
    return f"{settings.SITE_URL}{reverse('consultations:verify_letter', kwargs={'code': code})}"


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


def _email(*, template: str, recipient: Recipient | None, context: dict[str, Any], event: Event) -> Email | None:
    """The e-mail of ``template`` about the event's case to ``recipient``, keyed by the
    event (None without a recipient): for :func:`_queue`, or many at once for
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


def _queue(
    *, template: str, recipient: Recipient | None, context: dict[str, Any], event: Event
) -> OutboundEmail | None:
    """One e-mail per event and recipient (None when it exists already or there is no
    recipient), about the event's case."""
    email = _email(template=template, recipient=recipient, context=context, event=event)
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


def _case_context(consultation: Consultation, *, url: str | None = None) -> dict[str, Any]:
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


def queue_submitted(consultation: Consultation, event: Event) -> OutboundEmail | None:
    """Confirmation to the applicant: case number, deadline, link, and what they wrote."""
    context = _case_context(consultation) | {"description": consultation.description}
    return _queue(template=SUBMITTED, recipient=applicant_recipient(consultation), context=context, event=event)


def breach_apology(consultation: Consultation, event: Event, *, credit_granted: bool) -> Email | None:
    """The apology to the applicant for a breached deadline, and what the compensation
    means (the priority credit), for :func:`notifications.outbox.queue_emails`: the
    sweep queues a batch of them at once. None when the case has no address."""
    context = _case_context(consultation) | {
        "credit_granted": credit_granted,
        "breached_at": event.at,
        "completed_at": consultation.completed_at,
    }
    return _email(template=BREACH_APOLOGY, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_answer(answer: Answer, event: Event) -> OutboundEmail | None:
    consultation = answer.consultation
    context = _case_context(consultation) | {
        "answer_text": answer.text,
        "kinds": list(answer.kinds),
        "is_correction": answer.is_correction,
        "sent_at": answer.sent_at,
    }
    return _queue(template=ANSWER_SENT, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_letter_registered(consultation: Consultation, event: Event, *, tracking_token: str) -> OutboundEmail | None:
    """To the sender: the letter is on file under this case number, and what happens next;
    a sender without an account gets the tracking link (its token is in no other e-mail)."""
    context = _case_context(consultation) | {
        "letter_number": consultation.letter.letter_number,
        "registered_at": event.at,
        "tracking_url": tracking_url(tracking_token) if tracking_token else "",
    }
    template = INVITATION_REGISTERED if consultation.channel == Channel.DARING else LETTER_REGISTERED
    return _queue(template=template, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_letter_returned(consultation: Consultation, event: Event, *, missing: list[str]) -> OutboundEmail | None:
    """To the sender: the letter is returned, which requirements it does not meet."""
    context = _case_context(consultation) | {
        "letter_number": consultation.letter.letter_number,
        "missing": missing,
        "returned_at": event.at,
    }
    return _queue(template=LETTER_RETURNED, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_letter_received(consultation: Consultation, event: Event) -> OutboundEmail | None:
    """To the sender: the Director received the letter; the deadline runs from now."""
    context = _case_context(consultation) | {
        "letter_number": consultation.letter.letter_number,
        "received_at": event.at,
    }
    template = INVITATION_RECEIVED if consultation.channel == Channel.DARING else LETTER_RECEIVED
    return _queue(template=template, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_answer_letter(consultation: Consultation, issued: AnswerLetter, event: Event) -> OutboundEmail | None:
    """To the contact address: the answer letter, as a PDF attachment."""
    recipient = applicant_recipient(consultation)
    context = _case_context(consultation) | {
        "letter_number": consultation.letter.letter_number,
        "outgoing_number": issued.number,
        "issued_at": issued.issued_at,
        "kinds": list(issued.draft.kinds),
        "verification_code": issued.verification_code,
        "verification_url": verification_url(issued.verification_code),
    }
    email = _email(template=ANSWER_LETTER, recipient=recipient, context=context, event=event)
    if email is None:
        return None
    filename = "surat-jawaban-" + issued.number.replace("/", "-") + ".pdf"
    return queue_email(
        template=email.template,
        to=email.to,
        language=email.language,
        context=email.context,
        key=email.key,
        subject=consultation,
        attachments=[
            {"path": issued.pdf.name, "filename": filename, "content_type": "application/pdf"},
            # The enclosures of the issued version, as the staff member uploaded them.
            *(
                {"path": item.file.name, "filename": item.original_name, "content_type": item.content_type}
                for item in issued.draft.attachments.order_by("uploaded_at", "id")
            ),
        ],
    )


def queue_advice(advice: Answer, event: Event) -> OutboundEmail | None:
    """To the walk-in guest: the summary of the advice given, with the case number."""
    consultation = advice.consultation
    context = _case_context(consultation) | {
        "answer_text": advice.text,
        "kinds": list(advice.kinds),
        "sent_at": advice.sent_at,
        "advisor_name": advice.author.full_name,
    }
    return _queue(template=ADVICE_RECORDED, recipient=applicant_recipient(consultation), context=context, event=event)


def _pic(consultation: Consultation) -> Recipient:
    invitation = consultation.invitation
    digest = hashlib.sha256(invitation.pic_email.lower().encode()).hexdigest()[:24]
    return Recipient(invitation.pic_email, consultation.language, f"pic-{digest}")


def queue_pic_message(consultation: Consultation, message, event: Event) -> OutboundEmail | None:
    """To the PIC: a message of the coordination, with the case number."""
    context = _case_context(consultation) | {
        "pic_name": consultation.invitation.pic_name,
        "message_body": message.body,
        "sent_at": message.at,
        "sender_name": message.author.full_name,
    }
    return _queue(template=PIC_MESSAGE, recipient=_pic(consultation), context=context, event=event)


def queue_meeting_invitations(
    consultation: Consultation, meeting, event: Event, *, ics: bytes, cancelled: bool, team: list[User]
) -> list[OutboundEmail]:
    """The calendar invitation (``ics``, carried in the outbox rows) to the PIC and each team
    member, each in their language. A cancellation also says who called the meeting off,
    why, and what follows: a new schedule by the case's new deadline, or — the case
    closed as cancelled — nothing (no meeting, no report)."""
    context = _case_context(consultation) | {
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "platform": meeting.platform,
        "link": meeting.link,
        "sequence": meeting.sequence,
        "cancelled": cancelled,
        # A schedule set again after a cancellation is a new meeting to the reader, not a move.
        "reconfirmed": not cancelled and meeting.sequence > 0 and event.type == EventType.MEETING_CONFIRMED,
        "team_names": [user.full_name for user in team],
        "pic_name": consultation.invitation.pic_name,
    }
    if cancelled:
        context |= {
            "cancelled_by": meeting.cancelled_by,
            "cancel_reason": meeting.cancel_reason,
            "cancelled_at": meeting.cancelled_at,
            "closed": consultation.status == Status.CANCELLED,
        }
    attachment = {
        "content": base64.b64encode(ics).decode("ascii"),
        "filename": "undangan-rapat.ics",
        "content_type": "text/calendar",
    }
    rows = []
    for recipient in [_pic(consultation), *(Recipient.of_user(user) for user in team)]:
        email = _email(template=MEETING_INVITATION, recipient=recipient, context=context, event=event)
        row = queue_email(
            template=email.template, to=email.to, language=email.language, context=email.context, key=email.key,
            subject=consultation, attachments=[attachment],
        )
        if row:
            rows.append(row)
    return rows


def queue_meeting_report(consultation: Consultation, report, event: Event) -> OutboundEmail | None:
    """To the PIC: the approved meeting report, as a PDF attachment."""
    context = _case_context(consultation) | {
        "pic_name": consultation.invitation.pic_name,
        "held_on": report.held_on.isoformat(),
        "kinds": list(report.kinds),
    }
    email = _email(template=MEETING_REPORT, recipient=_pic(consultation), context=context, event=event)
    return queue_email(
        template=email.template, to=email.to, language=email.language, context=email.context, key=email.key,
        subject=consultation,
        attachments=[{"path": report.pdf.name, "filename": f"laporan-rapat-{consultation.number}.pdf",
                      "content_type": "application/pdf"}],
    )


def queue_message(message: Message, event: Event) -> list[OutboundEmail]:
    """A staff message goes to the applicant; an applicant's message goes to the
    assignee, or to the directorate's director(s) when nobody is assigned."""
    consultation = message.consultation
    context = _case_context(consultation) | {"message_body": message.body, "sent_at": message.created_at}
    if not message.from_applicant:
        row = _queue(template=STAFF_MESSAGE, recipient=applicant_recipient(consultation), context=context, event=event)
        return [row] if row else []
    context["url"] = case_url(consultation, for_staff=True)
    rows = []
    for recipient in message_recipients(consultation):
        row = _queue(template=APPLICANT_MESSAGE, recipient=Recipient.of_user(recipient), context=context, event=event)
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
    return _case_context(consultation, url=f"{settings.SITE_URL}{path}") | {
        "assignee_name": consultation.assignee.full_name if consultation.assignee_id else "",
        "is_priority": consultation.is_priority,
    }


def queue_to_user(*, template: str, user: User, context: dict[str, Any], event: Event) -> OutboundEmail | None:
    """One e-mail of ``template`` to a staff ``user`` about the event's case, once."""
    return _queue(template=template, recipient=Recipient.of_user(user), context=context, event=event)


def email_to_user(*, template: str, user: User, context: dict[str, Any], event: Event) -> Email:
    """:func:`queue_to_user`'s e-mail, to queue with others (``queue_emails``)."""
    return _email(template=template, recipient=Recipient.of_user(user), context=context, event=event)


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
    """Called once by the app's ``ready()``: web processes and workers alike."""
    register_context(TEMPLATES, add_labels)
    register_context([DEADLINE_DIGEST], revive_digest)
