"""The complaints desk's panel on the service dashboard (``core.panels``): a complaint
breach earns no priority credit — the standard ties compensation to the service — but it
is a broken promise all the same, and the directors see it beside the consultations."""

from __future__ import annotations

from datetime import date, datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from accounts.roles import COMPLAINT_DESK_ROLES
from core.time import WIB

from . import policies, selectors

# Like the dashboard's own numbers, the panel is reused for at most a minute per scope,
# period and language: one cache read a page instead of an aggregate and a template
# (bench/README.md, issue 12).
CACHE_SECONDS = 60


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def panel(request, *, start: date, end: date, directorate=None) -> str:
    """``start``/``end``: first days of the first and last month of the period."""
    user = request.user
    if user.role not in COMPLAINT_DESK_ROLES:
        return ""
    # Whose numbers: the user's role and directorate (visible_complaints) and the filter.
    scope = f"{user.role}:{user.directorate_id or '-'}:{directorate.code if directorate is not None else 'all'}"
    key = f"complaints-panel:v1:{scope}:{start:%Y%m}:{end:%Y%m}:{translation.get_language()}"
    html = cache.get(key)
    if html is None:
        complaints = policies.visible_complaints(user)
        if directorate is not None:
            complaints = complaints.filter(directorate=directorate)
        summary = selectors.period_summary(
            complaints, start=datetime(start.year, start.month, 1, tzinfo=WIB),
            end=datetime.combine(_month_after(end), datetime.min.time(), tzinfo=WIB),
        )
        html = render_to_string("complaints/dashboard_panel.html", {"summary": summary})
        cache.set(key, html, CACHE_SECONDS)
    return html
