"""The synonym dictionary in force: the admin's ``SynonymGroup`` rows, compiled once and
kept in the project's cache until a change (:func:`forget`) — every search analyses its
query with it, so it must not cost a table read per request.

``synonyms.txt`` in this folder is the dictionary as shipped; a migration loads it and
:func:`groups_from_file` reads it again for ``manage.py load_synonyms``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.core.cache import cache

from .text import Synonyms, parse_line

FILE = Path(__file__).resolve().parent / "synonyms.txt"
CACHE_KEY = "knowledge:synonyms:v1"
CACHE_SECONDS = 24 * 3600


def groups_from_file(path: Path = FILE) -> list[tuple[str, list[str]]]:
    """The groups of a dictionary file, in its order (malformed lines skipped)."""
    text = path.read_text(encoding="utf-8")
    return [group for line in text.splitlines() if (group := parse_line(line))]


def current() -> Synonyms:
    """The active groups of the table, compiled; from the cache when it has them."""
    groups = cache.get(CACHE_KEY)
    if groups is None:
        from .models import SynonymGroup

        groups = [
            (canonical, [v for v in variants.split(",") if v.strip()])
            for canonical, variants in SynonymGroup.objects.filter(is_active=True).values_list("canonical", "variants")
        ]
        cache.set(CACHE_KEY, groups, CACHE_SECONDS)
    return _compiled(tuple((canonical, tuple(variants)) for canonical, variants in groups))


@lru_cache(maxsize=8)
def _compiled(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> Synonyms:
    # Keyed by the groups themselves (not a memo of "the current" dictionary): a process
    # never holds on to a dictionary the cache no longer has.
    return Synonyms.from_groups(groups)


def forget() -> None:
    """After any change of the groups (the services call it on commit)."""
    cache.delete(CACHE_KEY)
