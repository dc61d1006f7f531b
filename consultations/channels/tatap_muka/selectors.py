"""Reads of the walk-in channel: the forms the desk may register, a visit code's form,
who is on duty for a service type, a case's visit and hand-offs, the live board."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from accounts.models import Role, User
from accounts.roles import CASEWORKER_ROLES
from consultations.channels import Channel
from consultations.models import Category, Consultation, DutyDay, GuestHandoff, VisitForm, WalkIn, WalkInAuthorization
from consultations.selectors import visible_cases
from consultations.workflow import IN_HAND_STATUSES
from workdays.deadlines import wib_date

# A visit code: 8 characters of CODE_ALPHABET (``services``), shown as XXXX-XXXX.
CODE_LENGTH = 8


def normalize_code(raw: str) -> str:
    """``abcd-2345`` -> ``ABCD2345``: what the guest shows, however typed."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def find_visit_forms(query: str, *, now: datetime, limit: int = 20) -> list[VisitForm]:
    """The forms the desk may register, by code, name or e-mail: unused and unexpired."""
    query = (query or "").strip()
    if not query:
        return []
    match = Q(code=normalize_code(query)) | Q(email__iexact=query)
    if len(query) >= 3:
        match |= Q(name__icontains=query)
    return list(
        VisitForm.objects.filter(match, used_at__isnull=True, expires_at__gt=now)
        .select_related("category")
        .order_by("-created_at")[:limit]
    )


def visit_form_by_code(*, code: str) -> VisitForm | None:
    """The form of a visit code, however typed (used or expired too: the caller says
    so); ``None`` for an unknown code."""
    return VisitForm.objects.filter(code=normalize_code(code)).first()


def on_duty_for(category: Category | None, *, now: datetime) -> list[User]:
    """The staff authorized for the service type (category) and on duty today (WIB)."""
    if category is None:
        return []
    authorized = WalkInAuthorization.objects.filter(category=category).values("user_id")
    on_duty = DutyDay.objects.filter(date=wib_date(now)).values("user_id")
    return list(
        User.objects.filter(pk__in=authorized, is_active=True, role__in=CASEWORKER_ROLES)
        .filter(pk__in=on_duty)
        .order_by("full_name")
    )


def walk_in_of(*, consultation: Consultation) -> WalkIn | None:
    """The visit of a walk-in case, with who registered and accepted it and the form
    filled beforehand; ``None`` for a case of another channel."""
    return (
        WalkIn.objects.select_related("registered_by", "accepted_by", "form").filter(consultation=consultation).first()
    )


def handoffs_of(*, consultation: Consultation) -> list[GuestHandoff]:
    """The case's hand-offs, oldest first, with who handed and who received."""
    return list(GuestHandoff.objects.filter(consultation=consultation).select_related("from_user", "to_user"))


def sees_own_guests_only(user: User) -> bool:
    """Staff and team leads see their own guests on the board ("my guests"); the
    secretariat and the directors every guest they may see."""
    return user.role in (Role.STAFF, Role.TEAM_LEAD)


def board_cases(*, user: User, limit: int = 200) -> list[Consultation]:
    """The walk-in cases in hand that ``user`` sees on the board (of the cases they may
    see; only their own for :func:`sees_own_guests_only`): priority first, then the
    nearest deadline."""
    cases = (
        visible_cases(user)
        .filter(channel=Channel.TATAP_MUKA, status__in=[s.value for s in IN_HAND_STATUSES])
        .select_related("assignee", "walk_in", "directorate")
        .order_by("-is_priority", "due_at", "id")
    )
    if sees_own_guests_only(user):
        cases = cases.filter(assignee=user)
    return list(cases[:limit])
