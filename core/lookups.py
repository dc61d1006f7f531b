"""What busy pages read again and again, kept in each process until a row changes:
small tables (categories, directorates, the caseworkers: :class:`VersionedLookup`) and
counts of a list (:class:`VersionedCounts`).

Each holds a process-local copy next to the *version* it was read under. The version
lives in Django's shared cache (Redis in production): every call reads it — one cache
read instead of a query — and a copy read under another version is read again from the
database. So a change made in one process is seen by every process at its next request.

Who bumps the version: the model's ``post_save`` and ``post_delete`` receivers, connected
in the app's ``AppConfig.ready`` (:meth:`Versioned.connect`; a save that names only
columns the copy does not read, such as a sign-in's ``last_login``, is ignored). Inside
a transaction a bump happens twice: at once, and again when the transaction commits (a
process that read the table between the first bump and the commit read the old rows
under the new version; the second bump makes it read again). Until then the writing
thread reads the database and keeps nothing: it sees its own uncommitted rows, which a
rollback would take back without a signal. Bulk writes (``QuerySet.update``,
``bulk_create``, raw SQL) send no signals: call :meth:`Versioned.invalidate` after them.

A version is a fresh random token, never a counter: a process that read the table
before a change and stores its result afterwards stores it under the old version, where
nobody looks. With no working cache (an outage of the fail-open Redis cache, a
``DummyCache``) nothing is kept: every call reads the database.

What a lookup's ``load`` returns is shared by every request of the process: treat it as
read-only (tuples of model instances nobody saves or changes).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Versioned:
    """A version in the shared cache, moved whenever a row of a model changes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.version_key = f"lookups:{name}:version"
        self._fields: frozenset[str] | None = None
        self._thread = threading.local()  # ``writing``: see :meth:`_writing`

    def forget(self) -> None:
        """Drop what this process holds (the version has moved)."""

    def invalidate(self) -> None:
        """Forget the copy here and, through a new version, in every process."""
        self.forget()
        self._cache("set", self.version_key, uuid.uuid4().hex, None)

    def changed(self, **kwargs: Any) -> None:
        """A ``post_save``/``post_delete`` receiver: invalidate now and, inside a
        transaction, again on commit."""
        self.invalidate()
        connection = transaction.get_connection()
        if connection.in_atomic_block:
            # The transaction is its outermost atomic block: a later one is another.
            self._thread.writing = connection.atomic_blocks[0] if connection.atomic_blocks else True
            transaction.on_commit(self._committed)

    def _committed(self) -> None:
        self._thread.writing = None
        self.invalidate()

    def _writing(self) -> bool:
        """Whether this thread changed rows in a transaction that is still open. What it
        reads then may never be committed (a rollback sends no signal), so it is read
        from the database and kept nowhere."""
        writing = getattr(self._thread, "writing", None)
        if writing is None:
            return False
        connection = transaction.get_connection()
        if connection.in_atomic_block and (writing is True or writing is connection.atomic_blocks[0]):
            return True
        self._thread.writing = None  # that transaction ended: committed (bumped) or rolled back
        return False

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


class VersionedLookup(Versioned, Generic[T]):
    """``lookup()`` is ``load()``, read again only after the model changed."""

    def __init__(self, name: str, load: Callable[[], T]) -> None:
        super().__init__(name)
        self._load = load
        self._memo: tuple[str, T] | None = None

    def __call__(self) -> T:
        if self._writing():
            return self._load()
        version = self._version()
        memo = self._memo
        if memo is not None and version is not None and memo[0] == version:
            return memo[1]
        value = self._load()
        if version is not None:
            self._memo = (version, value)
        return value

    def forget(self) -> None:
        self._memo = None


class VersionedCounts(Versioned):
    """Counts of a model's rows by key (a list's scope and filters), kept until a row of
    the model changes: ``counts.get(key, count)`` calls ``count()`` once per version and
    key, in every process together (the shared cache holds the numbers too).

    Only for counts that no clock changes: a count of rows late *now* changes while
    nobody writes, so it is never kept here. ``timeout`` bounds what a change made
    behind the signals' back (bulk writes, raw SQL, a reseeded database) can leave."""

    MAX_KEPT = 1000  # keys kept in this process per version

    def __init__(self, name: str, *, timeout: int = 300) -> None:
        super().__init__(name)
        self.timeout = timeout
        self._kept: tuple[str, dict[str, int]] | None = None

    def get(self, key: str, count: Callable[[], int]) -> int:
        if self._writing():
            return count()
        version = self._version()
        if version is None:
            return count()
        kept = self._kept
        if kept is None or kept[0] != version or len(kept[1]) > self.MAX_KEPT:
            kept = self._kept = (version, {})
        value = kept[1].get(key)
        if value is None:
            shared = f"lookups:{self.name}:{version}:{key}"
            value = self._cache("get", shared)
            if value is None:
                value = count()
                self._cache("set", shared, value, self.timeout)
            kept[1][key] = value
        return value

    def forget(self) -> None:
        self._kept = None

