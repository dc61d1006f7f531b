"""Loading and caching the working-day calendar; invalidating it when the table changes.

``get_calendar()`` returns the current :class:`~workdays.values.Calendar` with at most
one query: all holiday rows are read at once, never one query per day. Three layers:

1. a process-local memo, trusted for ``MEMO_SECONDS`` so that computing many deadlines in
   one request or task costs nothing;
2. Django's default cache, shared by the web and worker processes (Redis in production),
   holding the calendar under a *version* key;
3. the database.

Invalidation bumps the version (a fresh random token) instead of deleting the entry:
a process that read the database just before a change and writes its now stale result
afterwards writes it under the old version, where nobody looks any more. It happens when
the transaction that changed the table commits: ``post_save``/``post_delete`` of
:class:`~workdays.models.Holiday` (connected in ``WorkdaysConfig.ready``), and
:func:`notify_calendar_changed` called explicitly after bulk operations, which bypass
those signals. Then ``workdays.signals.calendar_changed`` is sent.

Other processes see a change within ``MEMO_SECONDS`` (their memo expires, the version in
the shared cache has moved). The process that made the change sees it at once.

Do not compute deadlines inside the transaction that edits holidays: the caches are
only refreshed on commit. Receive ``calendar_changed`` instead.

If the shared cache is unavailable the calendar is read from the database (and the
failure logged): deadlines must not fail because Redis did.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import transaction

from .signals import calendar_changed
from .values import Calendar

logger = logging.getLogger(__name__)

VERSION_KEY = "workdays:calendar:version"
DATA_KEY = "workdays:calendar:v1:{version}"  # v1: the payload format of _encode()
# Invalidation is explicit; the timeout only bounds the damage of a change made behind
# Django's back (raw SQL), and lets entries of old versions expire.
DATA_TIMEOUT = 6 * 60 * 60
MEMO_SECONDS = 5.0
_UNCACHED = "uncached"


@dataclass(frozen=True)
class _Memo:
    version: str
    calendar: Calendar
    expires_at: float


_memo: _Memo | None = None
_memo_lock = threading.Lock()


def load_calendar_from_db() -> Calendar:
    """Build the calendar from the holiday table with exactly one query."""
    from .models import Holiday

    holidays: set[date] = set()
    years: set[int] = set()
    for day, active in Holiday.objects.values_list("date", "is_active"):
        years.add(day.year)
        if active:
            holidays.add(day)
    if not years:
        logger.warning(
            "the holiday table is empty: only weekends count as non-working days. "
            "Run 'manage.py sync_holidays'."
        )
    return Calendar.of(holidays, covered_years=years)


def get_calendar() -> Calendar:
    """The current calendar: from the process memo, the shared cache or the database."""
    global _memo
    memo = _memo
    now = time.monotonic()
    if memo is not None and memo.expires_at > now:
        return memo.calendar

    version = _current_version()
    if memo is not None and memo.version == version != _UNCACHED:
        calendar = memo.calendar
    else:
        calendar = _from_shared_cache(version)
        if calendar is None:
            calendar = load_calendar_from_db()
            _cache_call("set", DATA_KEY.format(version=version), _encode(calendar), DATA_TIMEOUT)
    with _memo_lock:
        _memo = _Memo(version=version, calendar=calendar, expires_at=now + MEMO_SECONDS)
    return calendar


def invalidate_calendar() -> None:
    """Forget the cached calendar in this process and, through a new version, everywhere.

    Called on commit by :func:`notify_calendar_changed`; call it directly only outside
    a transaction (tests, a shell after raw SQL).
    """
    global _memo
    with _memo_lock:
        _memo = None
    version = uuid.uuid4().hex
    _cache_call("set", VERSION_KEY, version, None)
    # A cache that is away (the fail-open Redis cache drops writes) cannot announce the
    # change; once it is back, other processes would read the old calendar until its
    # entry expires. Say so loudly, with what to do.
    if _cache_call("get", VERSION_KEY) != version:
        logger.error(
            "the working-day calendar changed but the shared cache could not be told: other processes may "
            "use the old calendar for up to %d hours. Once the cache is back, run: manage.py shell -c "
            "'from workdays.calendar import invalidate_calendar; invalidate_calendar()'",
            DATA_TIMEOUT // 3600,
        )


def notify_calendar_changed(*, dates: Iterable[date] = ()) -> None:
    """After the current transaction commits: invalidate the caches, send ``calendar_changed``.

    Runs at once outside a transaction, never if the transaction rolls back.
    """
    changed = frozenset(dates)
    transaction.on_commit(lambda: _calendar_changed(changed))


def _calendar_changed(dates: frozenset[date]) -> None:
    from .models import Holiday

    invalidate_calendar()
    for receiver, result in calendar_changed.send_robust(sender=Holiday, dates=dates):
        if isinstance(result, Exception):
            logger.error(
                "calendar_changed receiver %r failed",
                receiver,
                exc_info=(type(result), result, result.__traceback__),
            )


# --- post_save / post_delete of Holiday (connected in apps.py) ------------------------

# Only these columns make up the calendar (see load_calendar_from_db); a save that
# touches none of them (a name or note corrected) changes no deadline.
_CALENDAR_FIELDS = frozenset({"date", "is_active"})


def on_holiday_saved(
    sender: type, instance: Any, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    if update_fields is not None and not (set(update_fields) & _CALENDAR_FIELDS):
        return
    notify_calendar_changed(dates=[instance.date])


def on_holiday_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    notify_calendar_changed(dates=[instance.date])


# --- shared cache -------------------------------------------------------------------


def _current_version() -> str:
    version = _cache_call("get", VERSION_KEY)
    if version is None:
        # add() so that two processes starting at once agree on one version.
        _cache_call("add", VERSION_KEY, uuid.uuid4().hex, None)
        version = _cache_call("get", VERSION_KEY)
    # With no working cache (DummyCache, an outage) every process has its own "version";
    # the memo then still spares the database within MEMO_SECONDS.
    return str(version) if version is not None else _UNCACHED


def _from_shared_cache(version: str) -> Calendar | None:
    payload = _cache_call("get", DATA_KEY.format(version=version))
    if payload is None:
        return None
    try:
        return _decode(payload)
    except (TypeError, ValueError, KeyError):
        logger.warning("ignoring an unreadable cached calendar (version %s)", version)
        return None


def _encode(calendar: Calendar) -> dict[str, Any]:
    # Plain data rather than a pickled Calendar, so that a deploy that changes the class
    # cannot be broken by entries written by the previous release.
    return {
        "holidays": sorted(day.toordinal() for day in calendar.holidays),
        "years": None if calendar.covered_years is None else sorted(calendar.covered_years),
    }


def _decode(payload: dict[str, Any]) -> Calendar:
    years = payload["years"]
    return Calendar.of(
        (date.fromordinal(int(n)) for n in payload["holidays"]),
        covered_years=None if years is None else (int(y) for y in years),
    )


def _cache_call(method: str, *args: Any) -> Any:
    try:
        return getattr(cache, method)(*args)
    except Exception:  # a cache outage must not break deadline computation
        logger.warning("cache %s failed for the working-day calendar", method, exc_info=True)
        return None
