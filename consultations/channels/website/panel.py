"""The website channel on the staff case page: the answer (its output) and the messages with the applicant.
The page includes ``website/_panel.html`` (this package's ``templates/``) with what
:func:`panel` returns added to its context."""

from __future__ import annotations


def panel(request, case, access, bound: dict) -> dict:
    """What the panel's template reads besides the page's own context."""
    return {}
