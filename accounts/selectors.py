"""Reads of accounts that the desks need."""

from __future__ import annotations

from .models import User
from .roles import Role


def applicant_by_verified_email(email: str) -> User | None:
    """The active applicant account that has proven ``email`` (any letter case), or None."""
    email = (email or "").strip()
    if not email:
        return None
    return (
        User.objects.filter(
            role=Role.APPLICANT,
            is_active=True,
            emailaddress__email__iexact=email,
            emailaddress__verified=True,
        )
        .select_related("profile")
        .first()
    )


def verified_emails(user: User) -> list[str]:
    """The addresses ``user`` has proven."""
    return list(user.emailaddress_set.filter(verified=True).values_list("email", flat=True))
