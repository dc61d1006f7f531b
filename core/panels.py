"""Panels that other apps add to a page they may not import.

The service dashboard belongs to ``consultations``, and the complaints desk sits above it
in the Shape (DESIGN.md; ``complaints`` may read consultations, not the other way). So the
desk registers a panel here when it starts (``AppConfig.ready``) and the dashboard renders
whatever is registered for its slot, knowing nothing about complaints.

The same holds for the home page of every account (``accounts``, the floor below the
desks): the consultation desk adds what a person is owed there (priority credits).

A panel is a function ``panel(request, **context) -> str``: the HTML of its section, or
``""`` when it has nothing to show that user. It declares its own scope: the page only
passes the request on, with its slot's context — the dashboard's period (first days of
the first and last month) and directorate filter as ``start``, ``end``, ``directorate``;
nothing more for the home page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[..., str]

# The slots: the pages that render panels.
SERVICE_DASHBOARD = "service-dashboard"
HOME = "home"
# The staff case page (``consultations``): context ``case`` (the Consultation shown).
STAFF_CASE = "staff-case"

_PANELS: dict[str, dict[str, Panel]] = {}


def register(slot: str, name: str, panel: Panel) -> None:
    """Add (or replace: ``ready`` may run twice in tests) the panel ``name`` of ``slot``."""
    _PANELS.setdefault(slot, {})[name] = panel


def render(slot: str, request, **context) -> SafeString:
    """The registered panels of ``slot``, in the order they were registered."""
    parts = [panel(request, **context) for panel in _PANELS.get(slot, {}).values()]
    return mark_safe("".join(part for part in parts if part))  # each part is a rendered template
