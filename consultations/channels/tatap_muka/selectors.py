"""Reads of the walk-in channel: the forms the desk may register, and who is on duty
for a service type."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from accounts.models import User
from accounts.roles import CASEWORKER_ROLES
from consultations.models import Category, DutyDay, VisitForm, WalkInAuthorization
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
