"""State changes of accounts. Views, the admin, allauth's adapter and commands call these."""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AccountEvent, ApplicantProfile, Directorate, User
from .roles import DIRECTORATE_ROLES, Role


def check_role_directorate(role: Role | str, directorate: Directorate | None) -> None:
    """Directorate roles need exactly one directorate; the other roles have none.

    The database enforces the same rule with check constraints; this gives the error a
    field to sit next to in forms.
    """
    role = Role(role)
    if role in DIRECTORATE_ROLES and directorate is None:
        raise ValidationError(
            {"directorate": _("Peran %(role)s wajib memiliki direktorat.") % {"role": role.label}}
        )
    if role not in DIRECTORATE_ROLES and directorate is not None:
        raise ValidationError(
            {"directorate": _("Peran %(role)s tidak terikat pada direktorat; kosongkan direktoratnya.")
             % {"role": role.label}}
        )


@transaction.atomic
def complete_applicant_signup(
    *,
    user: User,
    full_name: str,
    phone: str,
    institution_name: str,
    institution_type: str,
    id_document_type: str = "",
    id_document_number: str = "",
    language: str | None = None,
) -> ApplicantProfile:
    """Make ``user`` an applicant with a profile, in one transaction.

    ``user`` may be unsaved (allauth's sign-up hands over a new user with e-mail and
    password set) or saved (demo data). Whatever role it carried, it becomes an
    applicant: staff accounts are never made by signing up.
    """
    user.full_name = full_name
    user.role = Role.APPLICANT
    user.directorate = None
    user.is_superuser = False
    if language:
        user.language = language
    user.save()
    return ApplicantProfile.objects.create(
        user=user,
        phone=phone,
        institution_name=institution_name,
        institution_type=institution_type,
        id_document_type=id_document_type,
        id_document_number=id_document_number,
    )


@transaction.atomic
def update_applicant_profile(
    *,
    user: User,
    full_name: str,
    language: str,
    phone: str,
    institution_name: str,
    institution_type: str,
    id_document_type: str = "",
    id_document_number: str = "",
) -> ApplicantProfile:
    if user.role != Role.APPLICANT:
        raise ValueError("only applicants have an applicant profile")
    user.full_name = full_name
    user.language = language
    user.save(update_fields=["full_name", "language"])
    obj, _created = ApplicantProfile.objects.update_or_create(
        user=user,
        defaults={
            "phone": phone,
            "institution_name": institution_name,
            "institution_type": institution_type,
            "id_document_type": id_document_type,
            "id_document_number": id_document_number,
        },
    )
    return obj


@transaction.atomic
def create_internal_user(
    *,
    email: str,
    full_name: str,
    role: Role | str,
    directorate: Directorate | None = None,
    password: str | None = None,
) -> User:
    """An account made by an admin. The admin vouches for the address, so it is verified.

    Without a password the user sets one through "forgot password".
    """
    role = Role(role)
    if role == Role.APPLICANT:
        raise ValueError("applicants register themselves")
    check_role_directorate(role, directorate)
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        role=role,
        directorate=directorate,
        # The admin role is the only one that uses Django's admin, with every permission.
        is_superuser=role == Role.ADMIN,
    )
    mark_email_verified(user)
    return user


@transaction.atomic
def admin_update_user(
    *,
    user: User,
    full_name: str,
    role: Role | str,
    directorate: Directorate | None,
    is_active: bool,
    language: str,
    notification_digest: bool | None = None,
) -> User:
    """An admin's edit of an account: name, role, directorate, active flag, language and
    (when given) the daily-digest choice."""
    role = Role(role)
    if user.role == Role.APPLICANT or role == Role.APPLICANT:
        # An applicant's history (profile, cases) would otherwise be mixed with staff work.
        if user.role != role:
            raise ValueError("applicants and staff are separate accounts; the role cannot cross over")
    check_role_directorate(role, directorate)
    user.full_name = full_name
    user.role = role
    user.directorate = directorate
    user.is_active = is_active
    user.language = language
    user.is_superuser = role == Role.ADMIN
    fields = ["full_name", "role", "directorate", "is_active", "language", "is_superuser"]
    if notification_digest is not None:
        user.notification_digest = notification_digest
        fields.append("notification_digest")
    user.save(update_fields=fields)
    return user


def set_notification_digest(*, user: User, digest: bool) -> User:
    """A director's own choice: deadline e-mails case by case, or one daily digest."""
    if user.role != Role.DIRECTOR:
        raise ValueError("only directors choose the daily digest")
    user.notification_digest = digest
    user.save(update_fields=["notification_digest"])
    return user


def mark_email_verified(user: User) -> None:
    """The account's address counts as proven (internal accounts, demo and bench data):
    what allauth sends when a person confirms it (``email_confirmed``) is sent too, so
    whatever follows a verification (a contact's priority credits moving to the
    account) follows this one."""
    from allauth.account.signals import email_confirmed

    address, _created = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)


def keep_chosen_language(*, user: User, chosen: str | None) -> str:
    """At sign-in, the language the visitor chose before (the switch's cookie) becomes
    the account's, so that pages, e-mails and PDFs afterwards speak it; without a choice
    the account keeps its own. Returns the language the account now has."""
    if chosen and chosen != user.language:
        user.language = chosen
        user.save(update_fields=["language"])
    return user.language


@transaction.atomic
def reset_second_factor(*, user: User, actor: User) -> int:
    """An admin removes a user's authenticators (a lost phone) and signs the user out
    everywhere; a staff member enrols again at the next sign-in. Recorded. Returns how
    many authenticators were removed (recovery codes count as one)."""
    from allauth.mfa.models import Authenticator

    removed, _by_model = Authenticator.objects.filter(user_id=user.pk).delete()
    end_sessions(user=user)
    AccountEvent.objects.create(user=user, actor=actor, kind=AccountEvent.Kind.FACTOR_RESET)
    return removed


def end_sessions(*, user: User) -> None:
    """Every session of ``user`` ends at its next request: a new session stamp changes
    the hash each session carries (``User._get_session_auth_hash``)."""
    user.session_stamp = secrets.token_hex(16)
    user.save(update_fields=["session_stamp"])


def record_factor_change(*, user: User, added: bool) -> AccountEvent:
    """The user added or removed their own authenticator app (allauth's pages)."""
    kind = AccountEvent.Kind.FACTOR_ADDED if added else AccountEvent.Kind.FACTOR_REMOVED
    return AccountEvent.objects.create(user=user, actor=user, kind=kind)
