"""Glue to the shared apps. Only glue: the work is in services and tasks."""

from __future__ import annotations


def register_deadline_desk() -> None:
    """Put the consultations desk on the one deadline lifecycle (``core.lifecycle``):
    its clock, its recompute when the calendar changes (SPEC.md: "changing the calendar
    re-computes the deadlines of open cases whose clock is running"), its at-risk
    reminders and its breach sweep run there, with this desk's hooks
    (``services.deadlines``)."""
    from core import lifecycle

    from .services.deadlines import ConsultationDesk

    lifecycle.register(ConsultationDesk())
