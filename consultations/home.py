"""What the consultation desk adds to a person's home page (``core.panels.HOME``): the
priority they are owed. A contact's credits move to the account when its e-mail address
is verified, so a guest who breached at the front desk and then signs up sees them here
at once."""

from __future__ import annotations

from django.template.loader import render_to_string

from accounts.roles import Role

from .models import PriorityCredit


def credits_panel(request, **context) -> str:
    user = request.user
    if not user.is_authenticated or user.role != Role.APPLICANT:
        return ""
    unused = list(
        PriorityCredit.objects.filter(applicant=user)
        .unused()
        .select_related("granted_for")
        .only("granted_at", "granted_for__number")
        .order_by("granted_at", "id")
    )
    if not unused:
        return ""
    return render_to_string("consultations/partials/home_credits.html", {"credits": unused}, request=request)
