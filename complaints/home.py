"""The complaints desk's part of the home page (``core.panels.HOME``): a complaint
handler's complaints by deadline — those of their directorate that are theirs or not
taken yet — with the state of each and a link to it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from accounts.roles import COMPLAINT_HANDLER_ROLES

from . import selectors


def panel(request, **context) -> str:
    user = request.user
    if not user.is_authenticated or user.role not in COMPLAINT_HANDLER_ROLES:
        return ""
    now = timezone.now()
    work = selectors.handler_work(user=user, now=now)
    return render_to_string("complaints/home_work.html", {"work": work, "now": now}, request=request)
