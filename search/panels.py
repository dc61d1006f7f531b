"""The staff case page's "Kasus serupa yang sudah dijawab" (``core.panels.STAFF_CASE``):
the five answered cases most like this one that the person may open, so that one
question gets one opinion."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import query, selectors

SIMILAR = 5


def similar_cases_panel(request, *, case, **context) -> str:
    terms = query.significant(f"{case.subject} {case.description}")
    similar = selectors.similar_cases(request.user, case, terms, limit=SIMILAR)
    return render_to_string("search/_similar.html", {"similar": similar}, request=request)
