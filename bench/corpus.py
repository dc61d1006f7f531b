"""Indonesian procurement text for the seeded cases (issue 25: the search at size).

The sentences of the knowledge base's relevance corpus (``knowledge/relevance/
articles.jsonl``: 82 real-looking questions and answers) recombined: a case's subject is
an article's title, its description two to four question sentences, its answer three to
six answer sentences, a message one question sentence, each drawn independently. The
search index then holds the corpus's words in its proportions (``pengadaan``,
``penyedia``, ``kontrak`` in most cases; ``PPK``, ``HPS``, ``katalog elektronik`` in
many; a regulation's number in a few), not one repeated sentence.

A few cases in a thousand also name a rare object (:data:`RARE`) in their subject, so that
a query for a rare word finds tens of cases in a million, not a third of them.

Both seeding paths use the same pools: :class:`Pools` for the rows built in Python (with
the seed's ``random.Random``), and the same lists passed to PostgreSQL as arrays for the
rows it makes itself (``bench/seed.py``, ``setseed`` first: deterministic too).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

ARTICLES = Path(__file__).resolve().parent.parent / "knowledge" / "relevance" / "articles.jsonl"
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")
# Subjects that mention these are rare (RARE_SHARE of the cases, one object each).
RARE = ("drone pemetaan", "kapal patroli", "jembatan gantung", "gamelan", "alat musik tradisional")
RARE_SHARE = 0.0005
OPENERS = ("", "", "", "Mohon penjelasan: ", "Pertanyaan tentang ", "Konsultasi ", "Mohon pendapat: ")
INSTITUTIONS = (
    "Dinas Pekerjaan Umum", "Dinas Kesehatan", "Dinas Pendidikan", "RSUD", "Sekretariat Daerah", "UKPBJ",
    "Badan Pengelola Keuangan", "Dinas Perhubungan", "Kementerian", "Universitas Negeri", "BUMD",
)
REGIONS = (
    "Kabupaten Bogor", "Kota Bandung", "Kabupaten Sleman", "Kota Surabaya", "Kabupaten Gowa", "Kota Medan",
    "Kabupaten Badung", "Kota Pontianak", "Kabupaten Jayapura", "Kota Kupang", "Provinsi Jambi", "Provinsi Riau",
)
PACKAGES = (
    "Pembangunan gedung kantor", "Pengadaan alat kesehatan", "Rehabilitasi jalan", "Jasa konsultansi pengawasan",
    "Pengadaan kendaraan dinas", "Pemeliharaan jaringan irigasi", "Pengadaan laptop", "Jasa kebersihan",
    "Pengadaan obat", "Pembangunan puskesmas", "Belanja makan minum rapat", "Pengadaan seragam sekolah",
)


@dataclass(frozen=True)
class Pools:
    titles: tuple[str, ...]
    questions: tuple[str, ...]
    answers: tuple[str, ...]

    def subject(self, rng: random.Random) -> str:
        if rng.random() < RARE_SHARE:
            return f"Pengadaan {rng.choice(RARE)} melalui {rng.choice(('tender', 'e-katalog', 'penunjukan langsung'))}"
        return rng.choice(OPENERS) + rng.choice(self.titles)

    def description(self, rng: random.Random) -> str:
        return " ".join(rng.choice(self.questions) for _ in range(rng.randint(2, 4)))

    def answer(self, rng: random.Random) -> str:
        return " ".join(rng.choice(self.answers) for _ in range(rng.randint(3, 6)))

    def message(self, rng: random.Random) -> str:
        return rng.choice(self.questions)

    def institution(self, rng: random.Random) -> str:
        return f"{rng.choice(INSTITUTIONS)} {rng.choice(REGIONS)}"

    def package(self, rng: random.Random) -> str:
        return f"{rng.choice(PACKAGES)} {rng.choice(REGIONS)} {rng.randint(2022, 2026)}"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 20]


def load(path: Path = ARTICLES) -> Pools:
    titles, questions, answers = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        article = json.loads(line)
        titles.append(article.get("title") or _sentences(article["question"])[0])
        questions += _sentences(article["question"])
        answers += _sentences(article["answer"])
    return Pools(tuple(titles), tuple(questions), tuple(answers))
