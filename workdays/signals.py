"""Signals of the working-day calendar.

``calendar_changed`` is sent after the transaction that changed the set of non-working
days commits (a holiday added, deleted, moved, activated or deactivated; the sync's
bulk changes), in the process that made the change, after the calendar cache has been
invalidated: a receiver that calls ``workdays.calendar.get_calendar()`` (or any function
of ``workdays.deadlines`` without an explicit calendar) already sees the new calendar.

Keyword arguments sent with it:

``dates``
    ``frozenset[datetime.date]`` of the dates whose status changed, as far as the sender
    knows. It is a hint for narrowing the work: an empty set means "unknown", and a
    receiver that needs certainty recomputes everything it depends on.

This is how the consultations and complaints apps keep SPEC.md's promise that "changing
the calendar re-computes the deadlines of open cases whose clock is running": connect a
receiver that queues a Celery task to recompute the stored ``due_at`` of open cases.
Receivers run through ``send_robust``: an exception is logged (logger
``workdays.calendar``) and does not undo the committed change nor stop other receivers,
so keep them short (queue a task) and idempotent (the signal may come more than once for
one edit, e.g. once per admin action).

    from django.dispatch import receiver
    from workdays.signals import calendar_changed

    @receiver(calendar_changed)
    def recompute_deadlines(sender, dates, **kwargs):
        tasks.recompute_deadlines.delay()  # core/receivers.py does this
"""

from django.dispatch import Signal

calendar_changed = Signal()
