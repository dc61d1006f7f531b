"""The website channel on the staff case page: the answer (its output, which stops the
clock), its corrections, and the messages with the applicant. The page includes
``website/_panel.html`` with what :func:`panel` returns added to its context."""

from __future__ import annotations

from consultations.views.case_html import answers_html
from consultations.workflow import Step

from . import panel_html
from . import selectors as website_selectors
from .forms import AnswerForm

# The records the page reads for this panel besides the history, the notes and the files.
# (``failed_answer_emails``: ``selectors.failed_answer_emails``, read with them.)
RECORDS = ("answers", "messages", "failed_answer_emails")


def failed_emails(case, records) -> list:
    """The answer e-mails the outbox gave up on: read with the page's records, or here
    for a page that did not read them (only a case with an answer can have any)."""
    rows = getattr(records, "rows", None)
    if rows is not None and "failed_answer_emails" in rows.kinds:
        return rows.failed_answer_emails
    return website_selectors.failed_answer_emails(case) if records.answers else []


def panel(request, case, access, bound: dict, page: dict) -> dict:
    """The answer form while the case may be answered, and a correction form on each
    answer sent (the page's ``records.answers``) while it may be corrected."""
    # Answer e-mails the outbox gave up on: the page warns above everything.
    records = page["records"]
    # Only a case with an answer has answer e-mails to warn about.
    added: dict = {
        "failed_answer_emails": failed_emails(case, records),
    }
    if Step.SEND_ANSWER in access:
        added["answer_form"] = bound.get("answer") or AnswerForm(prefix="jawab")
    if Step.CORRECT_ANSWER in access:
        for answer in records.answers:
            answer.correction_form = bound.get(f"correct-{answer.pk}") or AnswerForm(
                prefix=f"koreksi-{answer.pk}", initial={"kinds": answer.kinds, "text": answer.text}
            )
    dropped = page["dropped"]
    added["answers_html"] = answers_html(request, case, records.answers, staff=True, dropped=dropped)
    added["messages_section"] = panel_html.messages_section(
        request, case, records.messages, page["forms"].get("message"), dropped
    )
    return added
