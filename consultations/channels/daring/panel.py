"""The online-meeting channel on the staff case page: the invitation on the letter desk, then the
meeting (the PIC, the schedule, the report).
The page includes ``daring/_panel.html`` (this package's ``templates/``) with what
:func:`panel` returns added to its context."""

from __future__ import annotations

from consultations.channels.daring.meeting_panel import meeting_panel, meeting_records
from consultations.channels.surat.letter_panel import letter_panel

from . import panel_html

# The records the page reads for this panel besides the history, the notes and the
# files (views/case_rows): the invitation's letter, the invitation, the meeting and its
# report, the dispositions, the messages with the PIC, the meeting's team.
# An invitation is answered by a meeting and its report, not by answers or messages.
RECORDS = ("letter", "invitation", "meeting", "meeting_report", "dispositions", "pic_messages", "team")


def panel(request, case, access, bound: dict, page: dict) -> dict:
    """What the panel's template reads besides the page's own context: the invitation's
    letter, the invitation, the meeting and its report read in one query; the meeting's
    sections written once (``meeting["html"]``, :func:`panel_html.meeting_html`)."""
    records = page["records"]
    read = getattr(records, "rows", None)
    rows = meeting_records(case, with_letter=True, rows=read)
    letter = letter_panel(request.user, case, access, bound, letter=rows["letter"], rows=read)
    meeting = meeting_panel(request.user, case, access, bound, records=rows, events=records.events, rows=read)
    if meeting is not None:
        meeting["html"] = panel_html.meeting_html(request, case, meeting, page["dropped"])
    return {"letter": letter, "meeting": meeting}
