"""Role-aware navigation for the base layout."""

from django.conf import settings

from .roles import (
    CASEWORKER_ROLES,
    COMPLAINT_DESK_ROLES,
    COMPLAINT_INTAKE_ROLES,
    DASHBOARD_ROLES,
    LEAD_ROLES,
    LETTER_DESK_ROLES,
    QUEUE_ROLES,
    WALK_IN_BOARD_ROLES,
)

# What the navigation's links are written from besides the language, the view and the
# unread count (``account_extras.nav_links`` keeps the links per combination).
NAVIGATION_FLAGS = (
    "current_role", "has_queue", "has_dashboard", "has_letter_desk", "has_walk_in_board", "has_complaint_desk",
    "logs_complaints", "has_editorial_desk", "keeps_answer_templates", "shows_notices",
)


def navigation(request):
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
    return {
        "current_role": role,
        # The navigation links the consultation queue for these roles (accounts/roles.py).
        "has_queue": role in QUEUE_ROLES,
        # ... and the SLA dashboard for these.
        "has_dashboard": role in DASHBOARD_ROLES,
        # ... and the letter desk (secretariat, directors, team leads, admin).
        "has_letter_desk": role in LETTER_DESK_ROLES,
        # ... and the walk-in board (staff: their own guests).
        "has_walk_in_board": role in WALK_IN_BOARD_ROLES,
        # ... and the complaints desk (its queue), and the form to log a complaint.
        "has_complaint_desk": role in COMPLAINT_DESK_ROLES,
        "logs_complaints": role in COMPLAINT_INTAKE_ROLES,
        # ... and the knowledge base's editorial desk (answers proposed for publication),
        # and the directorate's answer templates (its Director and team leads keep them).
        "has_editorial_desk": role in CASEWORKER_ROLES,
        "keeps_answer_templates": role in LEAD_ROLES,
        "lapor_url": settings.LAPOR_URL,
        # The public address of the site, for links in e-mails rendered with a request.
        "site_url": settings.SITE_URL,
    }
