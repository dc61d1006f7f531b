"""Indonesian text analysis, the same for what is indexed and what is asked (ADR 0013).

The pipeline, pure functions only (no database, no cache — :mod:`knowledge.synonyms`
hands in the dictionary):

1. :func:`tokenize` — Unicode NFKC, case-folded; a one-letter prefix joined by a hyphen
   is one word (``e-katalog`` → ``ekatalog``, ``e-purchasing``), a reduplication is its
   word (``barang-barang`` → ``barang``), any other punctuation separates words
   (``barang/jasa`` → ``barang jasa``, ``PA/KPA`` → ``pa kpa``).
2. :meth:`Synonyms.apply` — every variant of a group becomes the group's canonical word,
   the longest variant first (``kuasa pengguna anggaran`` → ``kpa`` before ``pengguna
   anggaran`` → ``pa``). Applied to documents *and* queries, so each side meets the
   other whatever form it used.
3. Stop words go (:data:`STOP_WORDS`).
4. :func:`stem` — a light confix-stripping stemmer (``pengadaan``, ``diadakan``,
   ``mengadakan`` → ``ada``). SQLite indexes and queries stemmed words; PostgreSQL gets
   the words of step 3 and stems them with its own ``indonesian`` configuration.

:func:`normalize` gives the text of steps 1–3 (what ``Article.search_*`` hold);
:func:`query_terms` the distinct terms of a query for the index of either database.
No input raises: operators, quotes, HTML, emoji and other scripts become words or
separators, nothing more.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# A query longer than this is cut: a question pasted whole still finds its article, and
# no query sent to the database grows without bound.
MAX_QUERY_CHARS = 2000
MAX_QUERY_TERMS = 32
MIN_TERM_CHARS = 2

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# "e-katalog", "e-purchasing", "e-tendering": a one-letter prefix (only at a word start).
_LETTER_PREFIX = re.compile(r"(?<![^\W_])([^\W\d_])-(?=[^\W\d_]{2})", re.UNICODE)
# "barang-barang" → "barang" (also "kali-kali"; the two halves must be equal).
_REDUPLICATION = re.compile(r"(?<![^\W_])([^\W\d_]{2,})-\1(?![^\W_])", re.UNICODE)

STOP_WORDS = frozenset(
    """
    ada adalah agar akan akankah aku anda apa apakah apabila atas atau bagaimana bagaimanakah bahwa
    baik bila bisa boleh bukan dalam dan dapat dari daripada demikian dengan di dia hal hanya harus
    ia ialah ini itu jadi jika juga kalau kami kamu karena ke kemudian kenapa ketika kita lagi lain
    maka masih mana melalui mengapa menurut mereka misalnya mohon nya oleh pada para perlu saat saja
    sama sampai saya sebagai sebagaimana sebelum secara sedang sehingga sejak selama seperti serta
    setelah siapa sudah supaya tanpa telah tentang terhadap tersebut tetapi tidak untuk yaitu yakni
    yang bapak ibu terima kasih tolong lewat via
    """.split()
)

# Words the stemmer leaves alone: common words a prefix or suffix rule would mangle into
# another word's root (berita is no "ita", pemerintah no "perintah").
PROTECTED = frozenset(
    """
    berita pemerintah perintah pernah kepala kepada menteri perlu beberapa tender tentang dengan
    teknis pertama kedua ketiga bukan bahan badan pasal
    """.split()
)

MIN_ROOT = 3
_VOWELS = frozenset("aiueo")
_PARTICLES = ("lah", "kah", "pun", "tah")
_POSSESSIVES = ("nya",)  # -ku/-mu: rare in formal text, and they eat roots (berlaku)
_SUFFIXES = ("kan", "an")


def fold(text: str) -> str:
    """NFKC and case-folded, control characters gone (they never reach the database)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch if ch.isprintable() or ch in "\n\t " else " " for ch in text)


def tokenize(text: str) -> list[str]:
    """The words of ``text`` (step 1)."""
    text = _REDUPLICATION.sub(r"\1", fold(text))
    text = _LETTER_PREFIX.sub(r"\1", text)
    return _WORD.findall(text)


@dataclass(frozen=True)
class Synonyms:
    """A dictionary of groups: each variant (a sequence of words) → one canonical word."""

    variants: dict[tuple[str, ...], str] = field(default_factory=dict)
    longest: int = 1

    @classmethod
    def from_groups(cls, groups: Iterable[tuple[str, Iterable[str]]]) -> Synonyms:
        variants: dict[tuple[str, ...], str] = {}
        for canonical, others in groups:
            words = tokenize(canonical)
            if len(words) != 1:
                continue  # a canonical form is one word; parse_line refuses the rest
            target = words[0]
            for variant in others:
                key = tuple(tokenize(variant))
                if key and key != (target,):
                    variants[key] = target
        return cls(variants=variants, longest=max((len(k) for k in variants), default=1))

    @classmethod
    def from_text(cls, text: str) -> Synonyms:
        return cls.from_groups(group for line in text.splitlines() if (group := parse_line(line)))

    def apply(self, words: Sequence[str]) -> list[str]:
        """``words`` with every variant replaced by its canonical word, longest first."""
        if not self.variants:
            return list(words)
        out: list[str] = []
        i, n = 0, len(words)
        while i < n:
            for size in range(min(self.longest, n - i), 0, -1):
                target = self.variants.get(tuple(words[i : i + size]))
                if target is not None:
                    out.append(target)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    def canonical(self, word: str) -> str:
        """The canonical form of one word (for highlighting a single word)."""
        return self.variants.get((word,), word)


NO_SYNONYMS = Synonyms()


def parse_line(line: str) -> tuple[str, list[str]] | None:
    """One line of ``synonyms.txt``: ``canonical = variant, variant, ...``; ``#`` starts a
    comment; blank lines and lines without ``=`` or with a canonical form of more than one
    word are ignored (``check_line`` says why)."""
    if check_line(line):
        return None
    head, _, tail = line.split("#", 1)[0].partition("=")
    return head.strip(), [v.strip() for v in tail.split(",") if v.strip()]


def check_line(line: str) -> str:
    """Empty if ``line`` is a group (or blank/comment), else what is wrong with it."""
    body = line.split("#", 1)[0].strip()
    if not body:
        return "blank"
    head, sep, tail = body.partition("=")
    if not sep:
        return "no '='"
    if len(tokenize(head)) != 1:
        return "the canonical form must be one word"
    if not any(tokenize(v) for v in tail.split(",")):
        return "no variants"
    return ""


def stem(word: str) -> str:
    """A light Indonesian stemmer: particle, possessive and one derivational suffix, then
    up to two prefixes, never leaving a root shorter than :data:`MIN_ROOT` letters.
    Words of four letters or less, protected words and words with digits stay."""
    if len(word) <= 4 or word in PROTECTED or not word.isalpha() or not word.isascii():
        return word
    root = word
    for group in (_PARTICLES, _POSSESSIVES):
        for suffix in group:
            if root.endswith(suffix) and len(root) - len(suffix) >= MIN_ROOT + 1:
                root = root[: -len(suffix)]
                break
    for suffix in _SUFFIXES:
        if root.endswith(suffix) and len(root) - len(suffix) >= MIN_ROOT and len(root) >= 6:
            return _strip_prefixes(root[: -len(suffix)])
    # -i is the least sure suffix (pakai, sampai, beli end in i): it goes only after a
    # consonant and when a root of four letters or more is left (membeli → beli, not bel).
    if root.endswith("i") and len(root) >= 6 and root[-2] not in _VOWELS:
        shorter = _strip_prefixes(root[:-1])
        if len(shorter) >= MIN_ROOT + 1:
            return shorter
    return _strip_prefixes(root)


def _strip_prefixes(root: str) -> str:
    for first in (True, False):
        stripped = _strip_prefix(root, first=first)
        if stripped == root:
            break
        root = stripped
    return root


def _strip_prefix(word: str, *, first: bool) -> str:
    def ok(rest: str) -> bool:
        return len(rest) >= MIN_ROOT

    # Longest prefixes first; the nasal ones recode the first letter they swallowed.
    for prefix in ("meny", "peny"):
        if word.startswith(prefix) and len(word) > 4 and word[4] in _VOWELS and ok(word[3:]):
            return "s" + word[4:]
    for prefix in ("meng", "peng"):
        if word.startswith(prefix) and ok(word[4:]):
            return word[4:]
    for prefix in ("mem", "pem"):
        if word.startswith(prefix) and ok(word[3:]):
            rest = word[3:]
            return ("p" + rest) if rest[0] in _VOWELS else rest
    for prefix in ("men", "pen"):
        if word.startswith(prefix) and ok(word[3:]):
            rest = word[3:]
            return ("t" + rest) if rest[0] in _VOWELS else rest
    for prefix in ("ber", "ter", "per"):
        if word.startswith(prefix) and ok(word[3:]):
            return word[3:]
    if word.startswith("be") and len(word) > 2 and word[2] not in _VOWELS and word[2] != "r" and ok(word[2:]):
        return word[2:]  # bekerja → kerja
    if word.startswith("me") and len(word) > 2 and word[2] in "lrwymn" and ok(word[2:]):
        return word[2:]  # melaksanakan → laksana
    if word.startswith("pe") and len(word) > 2 and word[2] not in _VOWELS and ok(word[2:]):
        return word[2:]  # pelaksana → laksana, pekerja → kerja
    # di-/ke- only as the outer prefix (di-per-panjang, ke-uang-an; pe-kerja is no ke-rja).
    # A root left by them starts like a syllable (kerja is no ke-rja).
    for prefix in ("di", "ke") if first else ():
        rest = word[2:]
        if word.startswith(prefix) and ok(rest) and (rest[0] in _VOWELS or rest[1] in _VOWELS):
            return word[2:]
    return word


def normalize_words(text: str, synonyms: Synonyms = NO_SYNONYMS) -> list[str]:
    """Steps 1–3: the words worth indexing or asking for, in order."""
    return [w for w in synonyms.apply(tokenize(text)) if w not in STOP_WORDS]


def normalize(text: str, synonyms: Synonyms = NO_SYNONYMS) -> str:
    """The text an index is built from (``Article.search_*``): steps 1–3, space-joined."""
    return " ".join(normalize_words(text, synonyms))


def stem_text(text: str) -> str:
    """Every word of an already normalised text stemmed (SQLite's index, step 4)."""
    return " ".join(stem(w) for w in (text or "").split())


def query_terms(query: str, synonyms: Synonyms = NO_SYNONYMS, *, stemmed: bool) -> list[str]:
    """The distinct terms of a query, in order, at most :data:`MAX_QUERY_TERMS`; single
    letters dropped. ``stemmed`` for SQLite (PostgreSQL stems them itself)."""
    terms: list[str] = []
    for word in normalize_words((query or "")[:MAX_QUERY_CHARS], synonyms):
        if len(word) < MIN_TERM_CHARS:
            continue
        term = stem(word) if stemmed else word
        if term not in terms:
            terms.append(term)
        if len(terms) >= MAX_QUERY_TERMS:
            break
    return terms


def significant_terms(text: str, synonyms: Synonyms = NO_SYNONYMS, *, stemmed: bool, limit: int = 12) -> list[str]:
    """For "similar" questions: the longest distinct terms of ``text`` (longer words carry
    more meaning in Indonesian, where the short ones are mostly function words), at most
    ``limit``, in their order in the text."""
    terms = query_terms(text, synonyms, stemmed=stemmed)
    keep = set(sorted(terms, key=len, reverse=True)[:limit])
    return [t for t in terms if t in keep]
