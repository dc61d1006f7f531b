"""The three directorates as every page of the process reads them: one copy per process,
read again after the admin changes a directorate (``core.lookups``; the receivers are
connected in ``AccountsConfig.ready``).

Shared, read-only instances: never save or change them. A page that shows a user's
directorate can take it from here (``directorate(user.directorate_id)``) instead of
following ``user.directorate``, which costs a query.
"""

from __future__ import annotations

from core.lookups import VersionedLookup

from .models import Directorate


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
