"""The website channel's e-mails to the applicant: the question received, the answer sent.
The shared machinery (recipients, dedupe, links to the case) is ``consultations.emails``."""

from __future__ import annotations

from consultations.emails import applicant_recipient, case_context, queue
from consultations.models import Answer, Consultation, Event
from notifications.models import OutboundEmail

# Template names (``templates/emails/<name>-subject.txt``, ``-body.txt``, ``-body.html``).
SUBMITTED = "consultation-submitted"
ANSWER_SENT = "answer-sent"
# The shared e-mail context (answer kinds, channel labels) is added to these.
TEMPLATES = (SUBMITTED, ANSWER_SENT)


def queue_submitted(consultation: Consultation, event: Event) -> OutboundEmail | None:
    """Confirmation to the applicant: case number, deadline, link, and what they wrote."""
    context = case_context(consultation) | {"description": consultation.description}
    return queue(template=SUBMITTED, recipient=applicant_recipient(consultation), context=context, event=event)


def queue_answer(answer: Answer, event: Event) -> OutboundEmail | None:
    consultation = answer.consultation
    context = case_context(consultation) | {
        "answer_text": answer.text,
        "kinds": list(answer.kinds),
        "is_correction": answer.is_correction,
        "sent_at": answer.sent_at,
    }
    return queue(template=ANSWER_SENT, recipient=applicant_recipient(consultation), context=context, event=event)
