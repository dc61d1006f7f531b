from datetime import timedelta

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.context_processors import NAVIGATION_FLAGS

register = template.Library()

# The navigation bar's links as written, per everything they are written from (issue 26).
_NAV_LINKS: dict[tuple, SafeString] = {}
_NAV_LINKS_KEPT = 2000


@register.simple_tag(takes_context=True)
def nav_links(context) -> SafeString:
    """``partials/nav_links.html`` rendered once per process for each combination of what
    it reads — the language, the role's navigation flags (``context_processors``), the
    current view (``aria-current``) and the unread notices' count — then reused: the bar
    cost a staff page 3 ms of template work on every request. The count is part of the
    key, so a new notice shows at once."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    unread = context["unread_notices"]() if context.get("shows_notices") else None
    key = (get_language(), get_script_prefix(), match.view_name if match else None, unread,
           *(context.get(flag) for flag in NAVIGATION_FLAGS))
    html = _NAV_LINKS.get(key)
    if html is None:
        if len(_NAV_LINKS) >= _NAV_LINKS_KEPT:
            _NAV_LINKS.clear()
        html = _NAV_LINKS[key] = mark_safe(  # noqa: S308 - the template escaped it
            context.template.engine.get_template("partials/nav_links.html").render(context)
        )
    return html


@register.filter
def minutes(value: timedelta | None) -> int | str:
    """Whole minutes of a timedelta (rounded up), for messages such as the lockout page."""
    if not isinstance(value, timedelta):
        return ""
    return -(-int(value.total_seconds()) // 60)


@register.filter
def phone(value: str) -> str:
    """A stored phone number (E.164) in the national form people read and dial."""
    from accounts.phones import national

    return national(value)
