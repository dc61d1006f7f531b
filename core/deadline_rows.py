"""One list's deadlines, judged at one ``now``: ``deadline_of`` once per distinct answer.

A list page judges every row at the same instant (``core_tags.deadline_of``). For a
row whose working-day clock runs, the state and its words depend only on the due date
in WIB (the working days left) and on whether the due moment has passed (late): rows
that share both get the same state, label, colour and "what is left". A queue sorted by
deadline holds many such rows, so :class:`DeadlineMemo` computes ``deadline_of`` once per
(due date, passed) and hands the others a copy with their own due time. Every other row
(hourly deadlines, stopped clocks, clocks not started) is judged on its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from core.deadlines import DeadlineModel
from core.templatetags.core_tags import Deadline, deadline_of
from core.time import WIB


class DeadlineMemo:
    """``memo(row)`` is ``deadline_of(row, now)``, computed once per shared answer."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._judged: dict[tuple[date, bool], Deadline] = {}

    def __call__(self, row: DeadlineModel) -> Deadline:
        due = row.due_at
        if due is None or row.clock_started_at is None or row.completed_at is not None or row.deadline_is_hourly:
            return deadline_of(row, self.now)
        key = (due.astimezone(WIB).date(), self.now > due)
        judged = self._judged.get(key)
        if judged is None:
            judged = self._judged[key] = deadline_of(row, self.now)
        return judged if judged.due_at == due else replace(judged, due_at=due)
