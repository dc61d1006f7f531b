"""A typed query as the two databases' query languages, never the user's text itself.

``knowledge.text.query_terms`` makes words of the query (operators, quotes, HTML, emoji
become separators; at most 32 words; single letters dropped) and puts each in its
synonym group's canonical form. Each word then stands for its whole group: the word and
every variant, a variant of several words as a phrase (``ppk`` → ``ppk`` or
``pejabat pembuat komitmen``). The words are only ever letters and digits, each quoted
again all the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge import synonyms as synonym_store
from knowledge.text import Synonyms, query_terms, significant_terms, stem

MIN_PREFIX = 3


@dataclass(frozen=True)
class Terms:
    """The words of a query (canonical forms), each with the phrases it stands for."""

    words: tuple[str, ...]
    groups: tuple[tuple[tuple[str, ...], ...], ...]

    def __bool__(self) -> bool:
        return bool(self.words)

    def tsquery(self, mode: str = "and", *, prefix: bool = True) -> str:
        """PostgreSQL's ``to_tsquery('indonesian', …)`` text (it stems the words)."""
        joiner = " & " if mode == "and" else " | "
        parts = []
        for i, group in enumerate(self.groups):
            phrases = [" <-> ".join(_quoted(w, "'") for w in phrase) for phrase in group]
            if prefix and i == len(self.groups) - 1 and len(group[0]) == 1 and len(group[0][0]) >= MIN_PREFIX:
                phrases[0] += ":*"
            parts.append("(" + " | ".join(phrases) + ")")
        return joiner.join(parts)

    def match(self, mode: str = "and", *, prefix: bool = True) -> str:
        """SQLite's FTS5 ``MATCH`` text over stemmed words (what ``search_analyse`` indexed)."""
        joiner = " AND " if mode == "and" else " OR "
        parts = []
        for i, group in enumerate(self.groups):
            phrases = [_quoted(" ".join(stem(w) for w in phrase), '"') for phrase in group]
            if prefix and i == len(self.groups) - 1 and len(group[0]) == 1 and len(group[0][0]) >= MIN_PREFIX:
                phrases[0] += "*"
            parts.append("(" + " OR ".join(phrases) + ")")
        return joiner.join(parts)

    def highlight_terms(self) -> list[str]:
        """For ``knowledge.fts.python_snippet``: every single word, as typed and stemmed."""
        out: list[str] = []
        for group in self.groups:
            for phrase in group:
                for word in phrase:
                    for form in (word, stem(word)):
                        if form not in out:
                            out.append(form)
        return out


def _quoted(text: str, quote: str) -> str:
    return quote + text.replace(quote, quote * 2).replace("\\", "") + quote


def _expanded(words: list[str], synonyms: Synonyms) -> Terms:
    by_canonical: dict[str, list[tuple[str, ...]]] = {}
    for variant, canonical in synonyms.variants.items():
        by_canonical.setdefault(canonical, []).append(variant)
    groups = tuple(
        tuple([(word,), *sorted(by_canonical.get(word, []), key=lambda v: (len(v), v))]) for word in words
    )
    return Terms(words=tuple(words), groups=groups)


def parse(query: str, synonyms: Synonyms | None = None) -> Terms:
    """The words of a typed query (empty when none has two letters or more)."""
    synonyms = synonym_store.current() if synonyms is None else synonyms
    return _expanded(query_terms(query, synonyms, stemmed=False), synonyms)


def significant(text: str, synonyms: Synonyms | None = None, *, limit: int = 12) -> Terms:
    """The longest words of a case's own text, for "similar cases" (any of them)."""
    synonyms = synonym_store.current() if synonyms is None else synonyms
    return _expanded(significant_terms(text, synonyms, stemmed=False, limit=limit), synonyms)
