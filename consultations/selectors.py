"""Object access for views: one lookup per model, 404 for anything the user may not
know exists (``accounts/access.py`` decides who may use a view; these decide which rows).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role

from .models import Attachment, Consultation, Event, InternalNote


def consultation_for(user, *, number: str) -> Consultation:
    """The case ``number`` if ``user`` may see it (``Consultation.objects.visible_to``)."""
    return get_object_or_404(Consultation.objects.visible_to(user).with_related(), number=number)


def attachment_for(user, *, pk: int) -> Attachment:
    """An attachment of a case the user may see. Every attachment belongs to the case,
    its answers or its messages, all of which the applicant sees; notes have none."""
    return get_object_or_404(
        Attachment.objects.select_related("consultation").filter(consultation__in=Consultation.objects.visible_to(user)),
        pk=pk,
    )


def timeline_for(user, consultation: Consultation):
    """The case history as ``user`` may see it: applicants do not see internal events."""
    events = Event.objects.filter(consultation=consultation).select_related("actor")
    if user.role == Role.APPLICANT:
        events = events.for_applicant()
    return events


def internal_notes_for(user, consultation: Consultation):
    if user.role == Role.APPLICANT:
        raise Http404
    return InternalNote.objects.filter(consultation=consultation).select_related("author")
