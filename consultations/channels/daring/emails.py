"""The online-meeting channel's e-mails: messages to the PIC, the calendar invitations (and cancellations) to the PIC and the team, the approved report.
The shared machinery (recipients, dedupe, links to the case) is ``consultations.emails``."""

from __future__ import annotations

import base64
import hashlib

from accounts.models import User
from consultations.emails import Recipient, case_context, email_for, queue
from consultations.models import Consultation, Event, EventType
from consultations.workflow import Status
from notifications.models import OutboundEmail
from notifications.outbox import queue_email

# Template names (``templates/emails/<name>-subject.txt``, ``-body.txt``, ``-body.html``).
PIC_MESSAGE = "pic-message"
MEETING_INVITATION = "meeting-invitation"
MEETING_REPORT = "meeting-report"
# The shared e-mail context (answer kinds, channel labels) is added to these.
TEMPLATES = (PIC_MESSAGE, MEETING_INVITATION, MEETING_REPORT)


def _pic(consultation: Consultation) -> Recipient:
    invitation = consultation.invitation
    digest = hashlib.sha256(invitation.pic_email.lower().encode()).hexdigest()[:24]
    return Recipient(invitation.pic_email, consultation.language, f"pic-{digest}")


def queue_pic_message(consultation: Consultation, message, event: Event) -> OutboundEmail | None:
    """To the PIC: a message of the coordination, with the case number."""
    context = case_context(consultation) | {
        "pic_name": consultation.invitation.pic_name,
        "message_body": message.body,
        "sent_at": message.at,
        "sender_name": message.author.full_name,
    }
    return queue(template=PIC_MESSAGE, recipient=_pic(consultation), context=context, event=event)


def queue_meeting_invitations(
    consultation: Consultation, meeting, event: Event, *, ics: bytes, cancelled: bool, team: list[User]
) -> list[OutboundEmail]:
    """The calendar invitation (``ics``, carried in the outbox rows) to the PIC and each team
    member, each in their language. A cancellation also says who called the meeting off,
    why, and what follows: a new schedule by the case's new deadline, or — the case
    closed as cancelled — nothing (no meeting, no report)."""
    context = case_context(consultation) | {
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
        email = email_for(template=MEETING_INVITATION, recipient=recipient, context=context, event=event)
        row = queue_email(
            template=email.template, to=email.to, language=email.language, context=email.context, key=email.key,
            subject=consultation, attachments=[attachment],
        )
        if row:
            rows.append(row)
    return rows


def queue_meeting_report(consultation: Consultation, report, event: Event) -> OutboundEmail | None:
    """To the PIC: the approved meeting report, as a PDF attachment."""
    context = case_context(consultation) | {
        "pic_name": consultation.invitation.pic_name,
        "held_on": report.held_on.isoformat(),
        "kinds": list(report.kinds),
    }
    email = email_for(template=MEETING_REPORT, recipient=_pic(consultation), context=context, event=event)
    return queue_email(
        template=email.template, to=email.to, language=email.language, context=email.context, key=email.key,
        subject=consultation,
        attachments=[{"path": report.pdf.name, "filename": f"laporan-rapat-{consultation.number}.pdf",
                      "content_type": "application/pdf"}],
    )
