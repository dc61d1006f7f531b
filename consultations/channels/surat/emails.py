"""The letter channel's e-mails to the sender: registered (with the tracking link),
returned, received, the answer letter (with the PDF).
The shared machinery (recipients, dedupe, links to the case) is ``consultations.emails``."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from consultations.channels import Channel
from consultations.emails import applicant_recipient, case_context, email_for, queue
from consultations.models import AnswerLetter, Consultation, Event
from notifications.models import OutboundEmail
from notifications.outbox import queue_email

# Template names (``templates/emails/<name>-subject.txt``, ``-body.txt``, ``-body.html``).
LETTER_REGISTERED = "letter-registered"
LETTER_RETURNED = "letter-returned"
LETTER_RECEIVED = "letter-received"
ANSWER_LETTER = "answer-letter"
# The letter desk's e-mails for an online meeting's invitation (a letter too).
INVITATION_REGISTERED = "invitation-registered"
INVITATION_RECEIVED = "invitation-received"
# The shared e-mail context (answer kinds, channel labels) is added to these.
TEMPLATES = (LETTER_REGISTERED, LETTER_RETURNED, LETTER_RECEIVED, ANSWER_LETTER, INVITATION_REGISTERED, INVITATION_RECEIVED)


def tracking_url(token: str) -> str:
    """The page where a sender without an account follows their letter."""
    return f"{settings.SITE_URL}{reverse('consultations:track', kwargs={'token': token})}"


def verification_url(code: str) -> str:
    """The public page that confirms an answer letter is genuine (printed on it)."""
    return f"{settings.SITE_URL}{reverse('consultations:verify_letter', kwargs={'code': code})}"


def queue_letter_registered(consultation: Consultation, event: Event, *, tracking_token: str) -> OutboundEmail | None:
    """To the sender: the letter is on file under this case number, and what happens next;
    a sender without an account gets the tracking link (its token is in no other e-mail)."""
    context = case_context(consultation) | {
        "letter_number": consultation.letter.letter_number,
        "registered_at": event.at,
        "tracking_url": tracking_url(tracking_token) if tracking_token else "",
    }
    template = INVITATION_REGISTERED if consultation.channel == Channel.DARING else LETTER_REGISTERED
    return queue(template=template, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_letter_returned(consultation: Consultation, event: Event, *, missing: list[str]) -> OutboundEmail | None:
    """To the sender: the letter is returned, which requirements it does not meet."""
    context = case_context(consultation) | {
        "letter_number": consultation.letter.letter_number,
        "missing": missing,
        "returned_at": event.at,
    }
    return queue(template=LETTER_RETURNED, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_letter_received(consultation: Consultation, event: Event) -> OutboundEmail | None:
    """To the sender: the Director received the letter; the deadline runs from now."""
    context = case_context(consultation) | {
        "letter_number": consultation.letter.letter_number,
        "received_at": event.at,
    }
    template = INVITATION_RECEIVED if consultation.channel == Channel.DARING else LETTER_RECEIVED
    return queue(template=template, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_answer_letter(consultation: Consultation, issued: AnswerLetter, event: Event) -> OutboundEmail | None:
    """To the contact address: the answer letter, as a PDF attachment."""
    recipient = applicant_recipient(consultation)
    context = case_context(consultation) | {
        "letter_number": consultation.letter.letter_number,
        "outgoing_number": issued.number,
        "issued_at": issued.issued_at,
        "kinds": list(issued.draft.kinds),
        "verification_code": issued.verification_code,
        "verification_url": verification_url(issued.verification_code),
    }
    email = email_for(template=ANSWER_LETTER, recipient=recipient, context=context, event=event)
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
