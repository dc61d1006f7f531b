"""Who may do what on the complaints desk, in one place.

- Log a complaint that came by telephone, e-office, letter or LAPOR!: the secretariat,
  the complaint handlers and the admin (``INTAKE_ROLES``).
- Read a directorate's complaints: its complaint handlers and director; the admin all.
- Act on one (take, ask, reroute, close): a complaint handler of its directorate.
- The consultation a complaint names: readable by whoever may read the complaint,
  that one case only (docs/decisions/0003) — through :func:`visible_complaints`, never
  by widening the consultation desk's own rule.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.roles import COMPLAINT_DESK_ROLES as READER_ROLES
from accounts.roles import COMPLAINT_HANDLER_ROLES as HANDLER_ROLES
from accounts.roles import COMPLAINT_INTAKE_ROLES as INTAKE_ROLES
from consultations.policies import Scope

from .models import Complaint


def complaint_scope(user: User) -> Scope:
    """The one rule of who reads which complaints: the admin all; the complaint handlers
    and the director of a directorate its complaints; anybody else none."""
    if user.role == Role.ADMIN:
        return Scope.ALL
    if user.role in READER_ROLES and user.directorate_id:
        return Scope.DIRECTORATE
    return Scope.NONE


def visible_complaints(user: User) -> QuerySet[Complaint]:
    """The complaints ``user`` may read (the queue, and every per-complaint lookup)."""
    scope = complaint_scope(user)
    if scope is Scope.ALL:
        return Complaint.objects.all()
    if scope is Scope.DIRECTORATE:
        return Complaint.objects.filter(directorate_id=user.directorate_id)
    return Complaint.objects.none()


def can_act(user: User, complaint: Complaint) -> bool:
    return user.role in HANDLER_ROLES and user.is_active and user.directorate_id == complaint.directorate_id


def require_handler(user: User, complaint: Complaint) -> None:
    if not can_act(user, complaint):
        raise PermissionDenied(_("Hanya Pengelola Pengaduan direktorat ini yang dapat menindaklanjuti pengaduan ini."))


def require_intake(user: User) -> None:
    if user.role not in INTAKE_ROLES:
        raise PermissionDenied(_("Peran Anda tidak dapat mencatat pengaduan."))
