"""No bearer secret in the logs (issue 24, item 3; docs/decisions/0012-codes-and-throttles.md).

A complaint's tracking code, a walk-in code, a survey link's token, a letter's tracking
token and an answer letter's verification code each open a page by themselves: whoever
reads a log line holding one holds the key. They travel in addresses, so every log line
that can carry an address is rewritten before it is written:

- Django's request warnings (``Not Found: /path``, ``Too Many Requests: /path``,
  ``Bad Request: /path``, the CSRF refusals, runserver's request lines) and anything
  else that reaches the site's handlers: :class:`RedactSecrets`, installed in
  ``LOGGING`` (settings) on the console handler and on the loggers that write paths;
- gunicorn's access log (and its error log): :class:`GunicornLogger`, named by
  ``gunicorn.conf.py`` beside manage.py.

Which addresses carry a secret is read from the URLconf, not written down twice: a URL
parameter named in :data:`SECRET_PARAMETERS` is a bearer secret wherever it stands
(``pengaduan/lacak/<str:code>/``, ``survei/<str:token>/``, django-allauth's reset and
confirmation ``key``). Each such pattern becomes a search pattern (its path up to the
secret, which may stand anywhere in a line: a request line, a Referer, a redirect's
Location); the secret is replaced by ``[redacted]``. A path that really leads to
another page (``/survei/laporan/``) is left alone: the resolver is asked. Query
parameters named in :data:`SECRET_QUERY_PARAMETERS` lose their values too.

This module is read by the logging configuration before the apps are loaded: Django is
imported lazily, and until the URLconf can be read only query parameters are redacted.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import unquote

from gunicorn.glogging import Logger as _GunicornLogger

REDACTED = "[redacted]"
# A URL parameter so named holds a bearer secret (tests/test_log_redaction.py makes every
# parameter of the URLconf one of these or one of PLAIN_PARAMETERS).
SECRET_PARAMETERS = frozenset({"code", "token", "key"})
PLAIN_PARAMETERS = frozenset({
    "number", "pk", "answer", "draft", "uidb36",
    # a published knowledge article's public name
    "slug",
    # the Django admin's
    "id", "object_id", "app_label", "content_type_id", "url",
})
# Query parameters whose values are not logged: codes and tokens by any name people
# use, and search terms (the walk-in desk finds a guest by code, name or e-mail).
SECRET_QUERY_PARAMETERS = frozenset({"code", "kode", "token", "key", "q"})

# What a secret may be made of, found in free text: up to the next separator.
_SECRET = r"[^/?#\s\"'<>]+"
_QUERY = re.compile(
    r"(?i)([?&;](?:" + "|".join(sorted(SECRET_QUERY_PARAMETERS)) + r")=)[^&;#\s\"'<>]*"
)
_PATH_END = re.compile(r"[\s?#\"'<>]")
_GROUP = re.compile(r"\(\?P<(\w+)>")


def _group_end(regex: str, start: int) -> int:
    """The index just after the group opening at ``regex[start]`` (escapes and
    character classes respected)."""
    depth, i, in_class = 0, start, False
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if regex[i + 1 : i + 2] == "^":
                i += 1
            if regex[i + 1 : i + 2] == "]":
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group in {regex!r}")


def _searchable(regex: str, index: int) -> tuple[str, list[str]] | None:
    """The address regex of one URL pattern (the levels' regexes joined, anchors
    dropped) as a search pattern: up to its last secret parameter, each secret made
    ``(?P<sN_M>…)`` of :data:`_SECRET`, other groups non-capturing. None without a secret."""
    out, secrets, position, cut = [], [], 0, None
    for match in _GROUP.finditer(regex):
        if match.start() < position:
            continue  # inside a secret group already replaced
        name, end = match.group(1), _group_end(regex, match.start())
        out.append(regex[position : match.start()])
        if name in SECRET_PARAMETERS:
            group = f"s{index}_{len(secrets)}"
            secrets.append(group)
            out.append(f"(?P<{group}>{_SECRET})")
            position, cut = end, len("".join(out))
        else:
            out.append("(?:")
            position = match.end()
    if not secrets:
        return None
    out.append(regex[position:])
    return "/" + "".join(out)[:cut], secrets


def _levels(patterns, prefix: str = ""):
    from django.urls import URLResolver

    for entry in patterns:
        regex = entry.pattern.regex.pattern.removeprefix("^").removesuffix(r"\Z").removesuffix("$")
        if isinstance(entry, URLResolver):
            yield from _levels(entry.url_patterns, prefix + regex)
        else:
            yield prefix + regex


class _Patterns:
    """The URLconf's secret-bearing addresses as one search regex, built once per URLconf."""

    def __init__(self, urlconf: str) -> None:
        from django.urls import get_resolver

        self.urlconf = urlconf
        alternatives, self.groups, seen = [], [], set()
        for regex in _levels(get_resolver(urlconf).url_patterns):
            found = _searchable(regex, len(alternatives))
            # The pages under a secret (``…/<code>/qr.svg``) search the same as the secret's page.
            if found is None or (same := re.sub(r"\(\?P<s\d+_\d+>", "(", found[0])) in seen:
                continue
            seen.add(same)
            alternatives.append(found[0])
            self.groups.extend(found[1])
        self.regex = re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE) if alternatives else None

    def _leads_elsewhere(self, path: str) -> bool:
        """Whether ``path`` is another page's address with no secret in it (the survey's
        report under ``survei/``, the walk-in desk's paper form beside its codes)."""
        from django.urls import Resolver404, resolve

        try:
            match = resolve(unquote(path), urlconf=self.urlconf)
        except Resolver404:
            return False
        except Exception:  # noqa: BLE001 - a log line must never fail on a strange path
            return False
        return not (SECRET_PARAMETERS & set(match.kwargs))

    def _replace(self, match: re.Match) -> str:
        text = match.string
        end = _PATH_END.search(text, match.start())
        if self._leads_elsewhere(text[match.start() : end.start() if end else len(text)]):
            return match.group(0)
        spans = sorted(match.span(g) for g in self.groups if match.group(g) is not None)
        out, position = [], match.start()
        for start, stop in spans:
            out += [text[position:start], REDACTED]
            position = stop
        out.append(text[position : match.end()])
        return "".join(out)

    def redact(self, text: str) -> str:
        return self.regex.sub(self._replace, text) if self.regex is not None else text


_built: dict[str, _Patterns] = {}
_lock = threading.RLock()
_building = threading.local()


def _patterns() -> _Patterns | None:
    """The current URLconf's patterns, or None while they cannot be read (Django not
    set up, or the URLconf being imported — a log line written meanwhile)."""
    try:
        from django.apps import apps
        from django.conf import settings

        if not (settings.configured and apps.ready) or getattr(_building, "active", False):
            return None
        urlconf = settings.ROOT_URLCONF
    except Exception:  # noqa: BLE001
        return None
    if (found := _built.get(urlconf)) is not None:
        return found
    # Never wait long on another thread's build (it may be importing a module this one holds).
    if not _lock.acquire(timeout=5):
        return None
    try:
        if (found := _built.get(urlconf)) is None:
            _building.active = True
            try:
                found = _built[urlconf] = _Patterns(urlconf)
            except Exception:  # noqa: BLE001 - an URLconf that does not import yet
                return None
            finally:
                _building.active = False
    finally:
        _lock.release()
    return found


def redact(text: str) -> str:
    """``text`` with every bearer secret in an address, and every secret query
    parameter's value, replaced by ``[redacted]``."""
    if not isinstance(text, str) or ("/" not in text and "=" not in text):
        return text
    text = _QUERY.sub(lambda m: m.group(1) + REDACTED, text)
    patterns = _patterns()
    return patterns.redact(text) if patterns is not None else text


def redact_query(query: str) -> str:
    """A bare query string (``a=1&token=…``, as WSGI's QUERY_STRING) redacted."""
    if not query:
        return query
    return redact("?" + query)[1:]


class RedactSecrets(logging.Filter):
    """Rewrites a log record whose text holds a bearer secret: the message is formatted
    (``msg % args``: an address is often an argument, ``"Not Found: %s"``), redacted and
    kept as ``msg`` without ``args``; a traceback is redacted the same way. Records that
    hold none are left as they are. Never drops a record."""

    _traceback = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is the handler's to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            text = self._traceback.formatException(record.exc_info)
            if (cleaned := redact(text)) != text:
                record.exc_text = cleaned
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with the secrets out of the access log: every atom of the
    format (request line, path, query, Referer, any header or environ value) is
    redacted; the error log gets :class:`RedactSecrets` ("Error handling request /path")."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        if not any(isinstance(f, RedactSecrets) for f in self.error_log.filters):
            self.error_log.addFilter(RedactSecrets())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if isinstance(value, str):
                atoms[name] = redact_query(value) if name in ("q", "{query_string}e") else redact(value)
        return atoms
