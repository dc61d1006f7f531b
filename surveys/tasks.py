"""Beat tasks of the survey: invitations after delivered outputs (``services.invite_delivered``)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def invite_delivered() -> int:
    from .services import invite_delivered as invite

    return invite()
