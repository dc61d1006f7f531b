"""The three directorates, and the caseworkers, as every page of the process reads them:
one copy per process, read again after the admin changes a directorate or a person
(``core.lookups``; the receivers are connected in ``AccountsConfig.ready``).

Shared, read-only instances: never save or change them. A page that shows a user's
directorate can take it from here (``directorate(user.directorate_id)``) instead of
following ``user.directorate``, which costs a query.
"""

from __future__ import annotations

from typing import NamedTuple

from core.lookups import VersionedLookup

from .models import Directorate, User
from .roles import CASEWORKER_ROLES


def _load() -> tuple[Directorate, ...]:
    return tuple(Directorate.objects.all())


all_directorates = VersionedLookup("accounts.directorates", _load)


def directorates() -> tuple[Directorate, ...]:
    """Every directorate, in id order (the model's ordering)."""
    return all_directorates()


def directorate(pk: int | None) -> Directorate | None:
    """The directorate ``pk``, or None (no pk, or no such directorate)."""
    if pk is None:
        return None
    return next((d for d in all_directorates() if d.pk == pk), None)


class Caseworker(NamedTuple):
    id: int
    full_name: str
    role: str
    directorate_id: int | None


# The columns of User that :func:`caseworkers` reads: a save naming none of them (a
# sign-in's last_login) does not invalidate the copy.
CASEWORKER_FIELDS = frozenset({"full_name", "role", "is_active", "directorate", "directorate_id"})


def _load_caseworkers() -> tuple[Caseworker, ...]:
    people = User.objects.filter(role__in=CASEWORKER_ROLES, is_active=True).order_by("full_name", "id")
    return tuple(Caseworker(*row) for row in people.values_list("id", "full_name", "role", "directorate_id"))


all_caseworkers = VersionedLookup("accounts.caseworkers", _load_caseworkers)


def caseworkers() -> tuple[Caseworker, ...]:
    """The active directors, team leads and staff of every directorate, by name."""
    return all_caseworkers()
