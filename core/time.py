"""The project's time zone and how moments are written for people.

Every page, e-mail and PDF shows times in Asia/Jakarta (WIB), whatever zone a datetime
carries. :data:`WIB` is defined once, in ``workdays.deadlines`` (the lowest layer, which
imports nothing of ours); every other module imports it from here.

The template filters ``wib``, ``wib_date`` and ``iso`` (``core_tags``) are these
functions. Note that ``format_wib_date`` writes a date for people, while
``workdays.deadlines.wib_date`` returns the ``date`` itself for arithmetic.
"""

from __future__ import annotations

import functools
from datetime import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

from workdays.deadlines import WIB

__all__ = ["WIB", "format_iso", "format_wib", "format_wib_date"]

# Indonesian writes times with a dot (23.59); English with a colon.
_FORMATS = {
    "id": ("l, j F Y H.i", "l, j F Y"),
    "en": ("l, j F Y, H:i", "l, j F Y"),
}


def format_wib(value: datetime | None) -> str:
    """``Selasa, 22 April 2025 23.59 WIB``: a moment, always in Asia/Jakarta, in the
    active language. Anything but a datetime gives ``""``."""
    if not isinstance(value, datetime):
        return ""
    return _format_wib(value, translation.get_language() or "id", with_time=True)


def format_wib_date(value: datetime | None) -> str:
    """``Selasa, 22 April 2025``: the WIB date of a moment, in the active language."""
    if not isinstance(value, datetime):
        return ""
    return _format_wib(value, translation.get_language() or "id", with_time=False)


def format_iso(value: datetime | None) -> str:
    """For ``<time datetime=...>``."""
    return value.isoformat() if isinstance(value, datetime) else ""


@functools.lru_cache(maxsize=4096)
def _format_wib(value: datetime, language: str, *, with_time: bool) -> str:
    # Memoised per language: formatting (day and month names through gettext) costs
    # far more than the lookup, and a list repeats deadlines (they end at 23:59:59 of
    # a few days). The result depends only on the arguments.
    with translation.override(language):
        pattern = _FORMATS.get(language[:2], _FORMATS["id"])[0 if with_time else 1]
        text = date_format(timezone.localtime(value, WIB), pattern)
    return f"{text} WIB" if with_time else text
