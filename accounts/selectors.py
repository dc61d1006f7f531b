"""Reads of accounts that the desks need."""

from __future__ import annotations

from .models import ApplicantProfile, Directorate, User
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


def directorate_leads(directorate: Directorate) -> list[User]:
    """Who answers for a directorate's cases: its active director(s) or, when it has
    none, its team leads (a directorate without an active director still has somebody
    reading)."""
    directors = list(User.objects.in_directorate(directorate).filter(role=Role.DIRECTOR))
    if directors:
        return directors
    return list(User.objects.in_directorate(directorate).filter(role=Role.TEAM_LEAD))


def applicant_profile(user: User) -> ApplicantProfile | None:
    """``user``'s applicant profile, or None (staff have none; an applicant may not have
    filled it in yet)."""
    if not user.is_authenticated or not user.is_applicant:
        return None
    return ApplicantProfile.objects.filter(user=user).first()


def directorates() -> list[Directorate]:
    """Every directorate, in their order: the choices of the desks' directorate fields."""
    return list(Directorate.objects.all())
