"""The letter channel on the staff case page: the letter desk (checklist, receipt, disposition, drafts,
the answer letter).
The page includes ``surat/_panel.html`` (this package's ``templates/``) with what
:func:`panel` returns added to its context."""

from __future__ import annotations

from consultations.channels.surat.letter_panel import letter_panel

# The records the page reads for this panel besides the history, the notes and the
# files (views/case_rows): the letter, the dispositions, the drafts with their reviews and
# the answer letter. A letter is answered
# by its answer letter, not by answers or messages.
RECORDS = ("letter", "dispositions", "reviews", "drafts", "answer_letter")


def panel(request, case, access, bound: dict, page: dict) -> dict:
    """What the panel's template reads besides the page's own context."""
    records = page["records"]
    return {"letter": letter_panel(request.user, case, access, bound, files=getattr(records, "drafts_files", None),
                                   rows=getattr(records, "rows", None), answer_templates=page.get("answer_templates", ()),
                                   dropped=page.get("dropped", ()))}
