"""The walk-in channel on the staff case page: the visit and the advice recorded.
The page includes ``tatap_muka/_panel.html`` (this package's ``templates/``) with what
:func:`panel` returns added to its context."""

from __future__ import annotations

from consultations.views.walk_in_panel import walk_in_panel


def panel(request, case, access, bound: dict) -> dict:
    """What the panel's template reads besides the page's own context."""
    return {"walk_in": walk_in_panel(request.user, case, access, bound)}
