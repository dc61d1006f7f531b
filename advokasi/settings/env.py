"""Reading settings from the environment, failing loudly on what cannot be meant.

django-environ as it comes reads a blank ``DATABASE_URL=`` (a blank line in ``.env``) as
an empty URL and crashes later with ``KeyError: 'ENGINE'``, reads ``DEBUG=maybe`` as
False, and ``DATABASE_URL=foo`` as a database without an engine. Here an empty variable
counts as unset (its default applies), and a value that cannot be read stops the start
with ``ImproperlyConfigured`` naming the variable and what it expects.
"""

from collections.abc import Iterator, Mapping, MutableMapping
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured


class _NonEmptyEnviron(MutableMapping):
    """The process environment, with variables set to blank treated as absent."""

    def __init__(self, environ_: MutableMapping):
        self._environ = environ_

    def __getitem__(self, key):
        value = self._environ[key]
        if isinstance(value, str) and not value.strip():
            raise KeyError(key)
        return value

    def __setitem__(self, key, value):
        self._environ[key] = value

    def __delitem__(self, key):
        del self._environ[key]

    def __iter__(self) -> Iterator:
        return (key for key in self._environ if key in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True


class Env(environ.Env):
    BOOLEAN_FALSE_STRINGS = ("false", "off", "no", "n", "0")

    def __init__(self, environ_: Mapping | None = None, **scheme):
        super().__init__(**scheme)
        self.ENVIRON = _NonEmptyEnviron(environ_ if environ_ is not None else environ.Env.ENVIRON)

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        raw = self.ENVIRON.get(f"{self.prefix}{var}")
        if cast is bool and raw is not None:
            if raw.strip().lower() not in (*self.BOOLEAN_TRUE_STRINGS, *self.BOOLEAN_FALSE_STRINGS):
                raise ImproperlyConfigured(f"{var} must be true or false, not {raw!r}.")
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except ImproperlyConfigured:
            raise
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(f"{var} cannot be read from {raw!r}: {error}.") from error

    def db_url(self, var="DATABASE_URL", default=environ.Env.NOTSET, engine=None):
        value = self.get_value(var, default=default)
        config = self.db_url_config(value, engine=engine) if value else {}
        if config.get("ENGINE") not in set(self.DB_SCHEMES.values()) or not config.get("NAME"):
            raise ImproperlyConfigured(
                f"{var} is not a database URL: {value!r}. Examples: "
                "postgres://user:password@host:5432/advokasi, sqlite:////absolute/path/advokasi.sqlite3."
            )
        return config

    def cache_url(self, var="CACHE_URL", default=environ.Env.NOTSET, backend=None):
        try:
            return super().cache_url(var, default=default, backend=backend)
        except (ImproperlyConfigured, KeyError, ValueError) as error:
            raise ImproperlyConfigured(f"{var} is not a cache URL: {error}") from error

    def email_url(self, var="EMAIL_URL", default=environ.Env.NOTSET, backend=None):
        message = f"{var} is not an e-mail URL (e.g. smtp+tls://user:password@smtp.example.go.id:587)."
        try:
            config = super().email_url(var, default=default, backend=backend)
        except (ImproperlyConfigured, KeyError, ValueError) as error:
            raise ImproperlyConfigured(message) from error
        if not config.get("EMAIL_BACKEND"):
            raise ImproperlyConfigured(message)
        return config

    def url_str(self, var, *, schemes: tuple[str, ...], default: str = "") -> str:
        """A URL kept as a string, refused unless its scheme is one of ``schemes``."""
        value = self.str(var, default=default)
        if value and (urlsplit(value).scheme not in schemes or "://" not in value):
            raise ImproperlyConfigured(
                f"{var} must be a URL starting with {' or '.join(s + '://' for s in schemes)}, not {value!r}."
            )
        return value
