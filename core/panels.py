"""Panels that other apps add to a page they may not import.

The service dashboard belongs to ``consultations``, and the complaints desk sits above it
in the Shape (DESIGN.md; ``complaints`` may read consultations, not the other way). So the
desk registers a panel here when it starts (``AppConfig.ready``) and the dashboard renders
whatever is registered for its slot, knowing nothing about complaints.

A panel is a function ``panel(request, *, start, end, directorate) -> str``: the HTML of
its section for the period (first days of the first and last month) and the directorate
filter, or ``""`` when it has nothing to show that user. It declares its own scope: the
dashboard only passes the request on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[..., str]

# The slots: the pages that render panels.
SERVICE_DASHBOARD = "service-dashboard"

_PANELS: dict[str, dict[str, Panel]] = {}


def register(slot: str, name: str, panel: Panel) -> None:
    """Add (or replace: ``ready`` may run twice in tests) the panel ``name`` of ``slot``."""
    _PANELS.setdefault(slot, {})[name] = panel


def render(slot: str, request, *, start: date, end: date, directorate=None) -> SafeString:
    """The registered panels of ``slot``, in the order they were registered."""
    parts = [panel(request, start=start, end=end, directorate=directorate) for panel in _PANELS.get(slot, {}).values()]
    return mark_safe("".join(part for part in parts if part))  # each part is a rendered template
