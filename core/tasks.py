"""Celery tasks of the deadline lifecycle (``core.lifecycle``), both safe to run twice.

Beat schedule (settings): :func:`sweep_deadlines` every minute, over every desk;
:func:`recompute_deadlines` once a night, as a safety net behind the calendar signal
(``core.receivers``), which queues the same task.
"""

from __future__ import annotations

from celery import shared_task


# The sweep claims its rows per batch and commits each: a worker killed mid-sweep loses
# at most one uncommitted batch, which the redelivered task (acks_late,
# reject_on_worker_lost) or the next minute's sweep does again. A sweep that waited in
# the queue past the next one's start is dropped (expires): the next one does its work.
@shared_task(acks_late=True, reject_on_worker_lost=True, expires=55)
def sweep_deadlines() -> dict:
    """One sweep of every desk: what it did, in all and per desk."""
    from .lifecycle import sweep

    return sweep().as_dict()


@shared_task
def recompute_deadlines() -> dict[str, int]:
    """Every desk's running deadlines computed again on the current calendar: how many
    moved, per desk."""
    from .lifecycle import recompute

    return recompute()
