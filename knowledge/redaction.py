"""What must not reach the public in an article: the redaction step's finder (ADR 0013,
"Editorial workflow").

:func:`flags` is pure (no database): it marks e-mail addresses, phone numbers, NIK,
letter numbers, package names, institutions and names of people in a text, from
patterns of Indonesian correspondence and from what the source case says of its
applicant (:class:`Known`). It flags generously — an editor confirms a false alarm in one
click, while a missed name is published — but keeps clear of what every answer cites:
regulation numbers ("Peraturan Presiden Nomor 16 Tahun 2018", "Perpres 12/2021",
"Nomor 14/PRT/M/2020" after "Peraturan Menteri"), amounts ("Rp1.000.000.000"), dates
and the generic names of the procurement rules ("Kementerian/Lembaga", "Pemerintah
Daerah", "pekerjaan konstruksi", "Bapak/Ibu").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from .text import fold


class Kind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    NIK = "nik"
    LETTER_NUMBER = "letter_number"
    PACKAGE = "package"
    INSTITUTION = "institution"
    NAME = "name"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])

    @property
    def placeholder(self) -> str:
        """What the editor's replacement box proposes."""
        return str(PLACEHOLDERS[self])


KIND_LABELS = {
    Kind.EMAIL: _("Alamat e-mail"),
    Kind.PHONE: _("Nomor telepon"),
    Kind.NIK: _("NIK"),
    Kind.LETTER_NUMBER: _("Nomor surat"),
    Kind.PACKAGE: _("Nama paket"),
    Kind.INSTITUTION: _("Instansi"),
    Kind.NAME: _("Nama orang"),
}
PLACEHOLDERS = {
    Kind.EMAIL: _("[alamat e-mail]"),
    Kind.PHONE: _("[nomor telepon]"),
    Kind.NIK: _("[NIK]"),
    Kind.LETTER_NUMBER: _("[nomor surat]"),
    Kind.PACKAGE: _("[nama paket]"),
    Kind.INSTITUTION: _("[instansi]"),
    Kind.NAME: _("[nama]"),
}
# When two findings overlap, the longer wins; at equal length, the first of this order.
_PRIORITY = {kind: n for n, kind in enumerate(Kind)}


@dataclass(frozen=True)
class Flag:
    """One finding: its kind, where it is (``start``/``end`` in the text) and the text."""

    kind: Kind
    start: int
    end: int
    excerpt: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def key(self) -> str:
        """What an editor's "keep it" is remembered by: the kind and the text, not the
        place (which moves with every edit)."""
        return f"{self.kind}:{' '.join(fold(self.excerpt).split())}"


@dataclass(frozen=True)
class Known:
    """What the source case says of its people: each occurrence is flagged, whatever
    the patterns find."""

    names: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    letter_numbers: tuple[str, ...] = ()


# --- patterns ---------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Mobile (+62 / 62 / 0, then 8xx) and landline ((021), 021-, +62 21) numbers, with
# spaces, dots or hyphens; never inside a longer number, an amount or a letter number.
_PHONE = re.compile(
    r"(?<![\w.,/+-])(?:\+62|62|0)[\s-]?\(?0?[2-9]\d{0,3}\)?(?:[\s.-]?\d{2,5}){1,3}(?![\w/]|[.,-]\d)"
    r"|(?<![\w.,/+-])\(0[2-9]\d{0,2}\)\s?\d{3,4}[\s.-]?\d{3,5}(?![\w/]|[.,-]\d)"
)
_NIK = re.compile(r"(?<![\w.,/-])(?:\d{16}|\d{4}[ .-]\d{4}[ .-]\d{4}[ .-]\d{4})(?![\w/]|[.,-]\d)")
# A token with two or more slashes ("027/123/DPU/2025", "B-123/LKPP/D.3/05/2025").
_SLASHED = re.compile(r"(?<![\w/.-])[A-Za-z0-9][A-Za-z0-9.\-]*(?:/[A-Za-z0-9][A-Za-z0-9.\-]*){2,}")
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")
# A number after one of these names a regulation, which is public and cited on purpose.
_REGULATION_BEFORE = re.compile(
    r"(?:peraturan|perpres|permen\w*|perlem\w*|perka\w*|perda|pergub|perbup|perwal|undang|uu|pp|"
    r"surat\s+edaran|se|keputusan|kepres|keppres|instruksi|inpres|putusan)\b[^.;\n]{0,60}$",
    re.IGNORECASE,
)
_RUP = re.compile(r"\b(?:kode\s+)?RUP\s*:?\s*\d{6,}", re.IGNORECASE)

# A capitalised word of a name ("Bogor", "PUPR", "H.", "Jaya", "2025" in a package).
_CAP = r"(?:[A-Z][\w'’.-]*|\d[\w./-]*)"
_CONNECT = r"(?:dan|di|ke|pada|untuk|&|Tahun)"
# A run of capitalised words, connectors allowed between two of them.
_RUN = rf"{_CAP}(?:\s+(?:{_CONNECT}\s+)?{_CAP})*"

_PACKAGE = re.compile(rf"\b(?:Paket|paket|Pekerjaan|pekerjaan|Kegiatan|kegiatan)\s+(?:{_RUN}|[\"“‘'][^\"”’'\n]{{3,150}}[\"”’'])")
_INSTITUTION = re.compile(
    rf"(?<![\w/])(?:Pemerintah\s+(?:Kabupaten|Kota|Provinsi|Daerah)|Kabupaten|Kota|Provinsi|Dinas|Badan|"
    rf"Kementerian|Sekretariat|Biro|Bagian|RSUD|Rumah\s+Sakit|Puskesmas|Universitas|Politeknik|"
    rf"Institut|Perum|Perumda|PDAM|BUMD|PT\.?|CV\.?|UD\.?|Koperasi)\s+(?!/){_RUN}"
)
# A name: capitalised words only, no connector ("Bapak Ahmad Fauzi dan Sdri. Rina" is two).
_NAME_RUN = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,5}"
_HONORIFIC = re.compile(
    rf"(?<![\w/])(?:Bapak|Bpk\.?|Pak|Ibu|Bu|Sdr\.?|Sdri\.?|Saudara|Saudari|Tuan|Nyonya)\s+(?!/){_NAME_RUN}"
)
# Words that, after a keyword, name no one in particular: "Pemerintah Daerah",
# "Kementerian/Lembaga", "Badan Usaha", "Saudara Pemohon", "Ibu Kota".
_GENERIC = {
    w.casefold()
    for w in (
        "Daerah Pusat Usaha Lembaga Perangkat Layanan Umum Pengadaan Barang Jasa Pemerintah "
        "Kota Kabupaten Provinsi Negara Hukum Milik Pemohon Penanya Penyedia Pejabat Kepala "
        "Direktur Ketua Menteri Presiden Gubernur Bupati Walikota Wali Sekretaris Yang Pimpinan "
        "PPK PA KPA Pokja UKPBJ PBJ Pelaksana Konstruksi Konsultansi Lainnya Tersebut Ini Itu "
        "Dan Di Ke Pada Untuk Tahun Anggaran Kerja Unit Tim"
    ).split()
}
_SENTENCE_STARTERS = {"Pekerjaan", "Paket", "Kegiatan"}


def _informative(run: str) -> bool:
    """Whether a run of capitalised words names somebody: a word that is not generic
    before the first connector ("Badan Usaha Milik Negara dan …" names nobody)."""
    run = re.split(rf"\s{_CONNECT}\s", run, maxsplit=1)[0]
    words = re.findall(r"[^\W\d_][\w'’-]*|\d+", run)
    return any(w.casefold().strip(".") not in _GENERIC for w in words)


def _after_keyword(match: re.Match, keyword: re.Pattern) -> str:
    return keyword.sub("", match.group(0), count=1)


_INSTITUTION_KEYWORD = re.compile(
    r"^(?:Pemerintah\s+)?(?:Kabupaten|Kota|Provinsi|Daerah|Dinas|Badan|Kementerian|Sekretariat|Biro|Bagian|"
    r"RSUD|Rumah\s+Sakit|Puskesmas|Universitas|Politeknik|Institut|Perum|Perumda|PDAM|BUMD|PT\.?|CV\.?|UD\.?|"
    r"Koperasi)\s+"
)
_HONORIFIC_KEYWORD = re.compile(r"^\S+\s+")
_PACKAGE_KEYWORD = re.compile(r"^\S+\s+")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without the trailing connector or sentence dot a run may have taken."""
    while end > start and text[end - 1] in ".,;: ":
        end -= 1
    tail = re.search(rf"\s+{_CONNECT}$", text[start:end])
    if tail:
        end = start + tail.start()
    return start, end


def _phrase(value: str) -> re.Pattern | None:
    words = value.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w@.]){body}(?![\w@])", re.IGNORECASE)


def _pattern_flags(text: str) -> list[Flag]:
    found: list[Flag] = []

    def add(kind: Kind, start: int, end: int) -> None:
        start, end = _trim(text, start, end)
        if end > start:
            found.append(Flag(kind, start, end, text[start:end]))

    for m in _EMAIL.finditer(text):
        add(Kind.EMAIL, *m.span())
    for m in _NIK.finditer(text):
        add(Kind.NIK, *m.span())
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 9 <= len(digits) <= 14 and len(digits) != 16:
            add(Kind.PHONE, *m.span())
    for m in _SLASHED.finditer(text):
        token = m.group(0).rstrip(".")
        before = re.sub(r"\bNo\.", "No", text[max(0, m.start() - 80) : m.start()])
        if not re.search(r"\d", token) or _DATE.fullmatch(token) or _REGULATION_BEFORE.search(before):
            continue
        add(Kind.LETTER_NUMBER, m.start(), m.start() + len(token))
    for m in _RUP.finditer(text):
        add(Kind.PACKAGE, *m.span())
    for m in _PACKAGE.finditer(text):
        rest = _after_keyword(m, _PACKAGE_KEYWORD)
        # "Pekerjaan Konstruksi" and its kind are procurement types, not packages.
        if rest[:1] in "\"“‘'" or _informative(rest):
            add(Kind.PACKAGE, *m.span())
    for m in _INSTITUTION.finditer(text):
        if _informative(_after_keyword(m, _INSTITUTION_KEYWORD)):
            add(Kind.INSTITUTION, *m.span())
    for m in _HONORIFIC.finditer(text):
        rest = _after_keyword(m, _HONORIFIC_KEYWORD)
        first = rest.split()[0].casefold().strip(".") if rest.split() else ""
        if first not in _GENERIC and _informative(rest):
            add(Kind.NAME, *m.span())
    return found


def _known_flags(text: str, known: Known) -> list[Flag]:
    found: list[Flag] = []
    values: list[tuple[Kind, str]] = [
        *((Kind.EMAIL, v) for v in known.emails),
        *((Kind.PHONE, v) for v in known.phones),
        *((Kind.LETTER_NUMBER, v) for v in known.letter_numbers),
        *((Kind.PACKAGE, v) for v in known.packages),
        *((Kind.INSTITUTION, v) for v in known.institutions),
        *((Kind.NAME, v) for v in known.names),
    ]
    for name in known.names:  # "Lestari" alone names Ayu Lestari too (capitalised only)
        for part in name.split():
            if len(part) >= 4 and part[:1].isupper() and part.casefold().strip(".") not in _GENERIC:
                values.append((Kind.NAME, part))
    for kind, value in values:
        value = (value or "").strip()
        if len(value) < 3:
            continue
        if kind is Kind.PHONE:
            digits = re.sub(r"\D", "", value)[-9:]
            if len(digits) < 8:
                continue
            # the same number however it is written: the last nine digits, any separators
            pattern = re.compile(r"(?<!\d)" + r"[\s.()-]*".join(digits) + r"(?!\d)")
            for m in pattern.finditer(text):
                start = m.start()
                prefix = re.search(r"(?:\+62|62|0)[\s.()-]*8?[\s.()-]*$", text[max(0, start - 8) : start])
                found.append(Flag(kind, start - (len(prefix.group(0)) if prefix else 0), m.end(), ""))
            continue
        pattern = _phrase(value)
        exact_case = kind is Kind.NAME and " " not in value
        for m in pattern.finditer(text) if pattern else ():
            if exact_case and not m.group(0)[:1].isupper():
                continue
            found.append(Flag(kind, m.start(), m.end(), ""))
    return [Flag(f.kind, f.start, f.end, text[f.start : f.end]) for f in found]


def flags(text: str, *, known: Known | None = None) -> list[Flag]:
    """The findings in ``text``, in order, none overlapping another."""
    text = text or ""
    found = _pattern_flags(text) + _known_flags(text, known or Known())
    found.sort(key=lambda f: (f.start, -(f.end - f.start), _PRIORITY[f.kind]))
    kept: list[Flag] = []
    for flag in found:
        if kept and flag.start < kept[-1].end:
            continue
        kept.append(flag)
    return kept


def unresolved(findings: Iterable[Flag], confirmed: Iterable[str]) -> list[Flag]:
    """The findings an editor has not confirmed (by :attr:`Flag.key`)."""
    keep = set(confirmed)
    return [flag for flag in findings if flag.key not in keep]
