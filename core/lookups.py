"""Small tables every busy page reads (categories, directorates), kept in each process.

A :class:`VersionedLookup` holds a process-local copy of what its ``load`` function
returns, next to the *version* it was read under. The version lives in Django's shared
cache (Redis in production): every call reads it — one cache read instead of a query —
and a copy read under another version is read again from the database. So a change made
by the admin in one process is seen by every process at its next request.

Who bumps the version: the model's ``post_save`` and ``post_delete`` receivers, connected
in the app's ``AppConfig.ready`` (:meth:`VersionedLookup.connect`; a save that names
only columns the lookup does not read, such as a sign-in's ``last_login``, is ignored). A bump happens twice:
at once (this process, and a test inside its transaction, see the change immediately)
and again when the transaction commits (a process that read the table between the first
bump and the commit read the old rows under the new version; the second bump makes it
read again). Bulk writes (``QuerySet.update``, ``bulk_create``, raw SQL) send no
signals: call :meth:`VersionedLookup.invalidate` after them.

A version is a fresh random token, never a counter: a process that read the table
before a change and stores its result afterwards stores it under the old version, where
nobody looks. With no working cache (an outage of the fail-open Redis cache, a
``DummyCache``) nothing is kept: every call reads the database.

What ``load`` returns is shared by every request of the process: treat it as read-only
(tuples of model instances nobody saves or changes).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

T = TypeVar("T")


class VersionedLookup(Generic[T]):
    """``lookup()`` is ``load()``, read again only after the model changed."""

    def __init__(self, name: str, load: Callable[[], T]) -> None:
        self.name = name
        self.version_key = f"lookups:{name}:version"
        self._load = load
        self._memo: tuple[str, T] | None = None
        self._fields: frozenset[str] | None = None

    def __call__(self) -> T:
        version = self._version()
        memo = self._memo
        if memo is not None and version is not None and memo[0] == version:
            return memo[1]
        value = self._load()
        if version is not None:
            self._memo = (version, value)
        return value

    def invalidate(self) -> None:
        """Forget the copy here and, through a new version, in every process."""
        self._memo = None
        self._cache("set", self.version_key, uuid.uuid4().hex, None)

    def changed(self, **kwargs: Any) -> None:
        """A ``post_save``/``post_delete`` receiver: invalidate now and on commit."""
        self.invalidate()
        transaction.on_commit(self.invalidate)

    def connect(self, model: type, *, fields: frozenset[str] | None = None) -> None:
        """Invalidate whenever a row of ``model`` is saved or deleted (call in ``ready``).
        With ``fields``, a save that names its ``update_fields`` and none of these (a
        sign-in's ``last_login``) leaves the copy alone."""
        uid = f"core.lookups.{self.name}"
        self._fields = fields
        post_save.connect(self._on_save, sender=model, dispatch_uid=f"{uid}.saved", weak=False)
        post_delete.connect(self._on_delete, sender=model, dispatch_uid=f"{uid}.deleted", weak=False)

    def _on_save(self, sender: type, update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
        fields = self._fields
        if fields is not None and update_fields is not None and not fields & set(update_fields):
            return
        self.changed()

    def _on_delete(self, sender: type, **kwargs: Any) -> None:
        self.changed()

    def _version(self) -> str | None:
        version = self._cache("get", self.version_key)
        if version is None:
            # add() so that processes starting at once agree on one version.
            self._cache("add", self.version_key, uuid.uuid4().hex, None)
            version = self._cache("get", self.version_key)
        return None if version is None else str(version)

    def _cache(self, method: str, *args: Any) -> Any:
        try:
            return getattr(cache, method)(*args)
        except Exception:  # a cache outage must not break a page: read the database
            logger.warning("cache %s failed for the %s lookup", method, self.name, exc_info=True)
            return None
