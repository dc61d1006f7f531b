"""Reactions to other apps' signals. Only glue: the work is in ``core.lifecycle``."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def recompute_deadlines_on_calendar_change(sender, **kwargs) -> None:
    """SPEC.md: "changing the calendar re-computes the deadlines of open cases whose
    clock is running" — of every desk's. Sent after the calendar change committed.

    Queued, so that an admin's edit does not wait for it; if the broker refuses, done
    here and now rather than lost (it is idempotent). The nightly beat run of the same
    task is the last safety net.
    """
    from . import lifecycle, tasks

    try:
        tasks.recompute_deadlines.delay()
    except Exception:
        logger.warning("could not queue the deadline recomputation; running it inline", exc_info=True)
        lifecycle.recompute()
