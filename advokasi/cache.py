"""A Redis cache that fails open.

The cache holds nothing that cannot be rebuilt: allauth's rate-limit counters (sign-up,
password-reset mail), the working-day calendar (rebuilt from the database; a change made
while Redis is away cannot be announced, and workdays.calendar logs that as an error with
the command that fixes it). When Redis is down, Django's RedisCache raises on every
call, and sign-in, sign-up and reset answered 500. This one logs a warning and answers as
an empty cache would: reads miss, writes are dropped, ``add`` reports success (so a
rate-limit lock is taken at once instead of waiting for a Redis that never answers). The
limits are not enforced while Redis is down; the sign-in lock-out is django-axes' job and
lives in the database.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# Under load a dead Redis would write a warning per request; once per interval says it.
WARNING_INTERVAL = 30.0
_last_warning = 0.0


def _warn(operation: str, error: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARNING_INTERVAL:
        _last_warning = now
        logger.warning("Redis cache unavailable (%s: %s); answering as an empty cache", operation, error)


class FailOpenRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as error:
            _warn("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as error:
            _warn("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as error:
            _warn("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE as error:
            _warn("add", error)
            return True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNAVAILABLE as error:
            _warn("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE as error:
            _warn("set_many", error)
            return []

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE as error:
            _warn("touch", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as error:
            _warn("incr", error)
            # What Django's caches raise for a missing key, which callers already handle.
            raise ValueError(f"Key {key!r} not found (cache unavailable)") from error

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE as error:
            _warn("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNAVAILABLE as error:
            _warn("delete_many", error)
