"""The staff case page's "Kasus serupa yang sudah dijawab" (``core.panels.STAFF_CASE``):
the five answered cases most like this one that the person may open, so that one
question gets one opinion.

The case page renders only the panel's frame; its list comes after the page, from
``search:similar_cases`` (htmx, on load), so the case page never waits for a search
over every answered case. Without JavaScript the frame links to the same list.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from . import query, selectors

SIMILAR = 5


def similar_cases_panel(request, *, case, **context) -> str:
    return render_to_string("search/_similar.html", {"case": case, "frame": True}, request=request)


def similar_cases_html(request, case) -> str:
    """The panel with its list (what ``search:similar_cases`` answers)."""
    terms = query.significant(f"{case.subject} {case.description}")
    similar = selectors.similar_cases(request.user, case, terms, limit=SIMILAR)
    return render_to_string("search/_similar.html", {"case": case, "similar": similar}, request=request)
