"""The online-meeting channel on the staff case page: the invitation on the letter desk, then the
meeting (the PIC, the schedule, the report).
The page includes ``daring/_panel.html`` (this package's ``templates/``) with what
:func:`panel` returns added to its context."""

from __future__ import annotations

from consultations.channels.daring.meeting_panel import meeting_panel
from consultations.channels.surat.letter_panel import letter_panel


def panel(request, case, access, bound: dict, page: dict) -> dict:
    """What the panel's template reads besides the page's own context."""
    return {
        "letter": letter_panel(request.user, case, access, bound),
        "meeting": meeting_panel(request.user, case, access, bound),
    }
