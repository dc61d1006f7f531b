"""Glue to the shared apps and other apps' signals. Only glue: the work is in services
and tasks."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def register_deadline_desk() -> None:
    """Put the consultations desk on the one deadline lifecycle (``core.lifecycle``):
    its clock, its recompute when the calendar changes (SPEC.md: "changing the calendar
    re-computes the deadlines of open cases whose clock is running"), its at-risk
    reminders and its breach sweep run there, with this desk's hooks
    (``services.deadlines``)."""
    from core import lifecycle

    from .services.deadlines import ConsultationDesk

    lifecycle.register(ConsultationDesk())


def move_contact_credits_on_email_confirmed(sender, request=None, email_address=None, **kwargs) -> None:
    """SPEC.md: a contact's credit "moves to their account when they sign up with that
    address". allauth sends ``email_confirmed`` once the address is proven, at sign-up
    or when an address is added later; an unverified address moves nothing (anyone can
    type anyone's address)."""
    from django.utils import timezone

    from .services.compensation import claim_contact_credits

    if email_address is None or not email_address.verified:
        return
    moved = claim_contact_credits(account=email_address.user, emails=[email_address.email], now=timezone.now())
    if moved:
        logger.info("%d priority credit(s) moved to account %s on e-mail verification", moved, email_address.user_id)
