"""The walk-in channel's e-mails to the guest: the form beforehand received (with its code and QR), the advice recorded.
The shared machinery (recipients, dedupe, links to the case) is ``consultations.emails``."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from consultations.emails import applicant_recipient, case_context, queue
from consultations.models import Answer, Event
from notifications.models import OutboundEmail

# Template names (``templates/emails/<name>-subject.txt``, ``-body.txt``, ``-body.html``).
VISIT_FORM_RECEIVED = "visit-form-received"
ADVICE_RECORDED = "advice-recorded"
# The shared e-mail context (answer kinds, channel labels) is added to these.
TEMPLATES = (VISIT_FORM_RECEIVED, ADVICE_RECORDED)


def visit_qr_url(code: str) -> str:
    """The visit code's QR image (shown at the desk from the guest's phone)."""
    return f"{settings.SITE_URL}{reverse('consultations:visit_qr', kwargs={'code': code})}"


def queue_advice(advice: Answer, event: Event) -> OutboundEmail | None:
    """To the walk-in guest: the summary of the advice given, with the case number."""
    consultation = advice.consultation
    context = case_context(consultation) | {
        "answer_text": advice.text,
        "kinds": list(advice.kinds),
        "sent_at": advice.sent_at,
        "advisor_name": advice.author.full_name,
    }
    return queue(template=ADVICE_RECORDED, recipient=applicant_recipient(consultation), context=context, event=event)
