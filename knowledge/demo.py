"""Demo data of the knowledge base (``manage.py seed_demo``): the first
:data:`DEMO_ARTICLES` lines of the relevance corpus, published through the same import
as ``manage.py import_articles`` — so a second run updates nothing and adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .management.commands.import_articles import format_report, import_lines

CORPUS = Path(__file__).resolve().parent / "relevance" / "articles.jsonl"
DEMO_ARTICLES = 12


def seed(write: Callable[[str], object], *, calendar: bool, samples: bool) -> None:
    if not samples:
        return
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = import_lines(lines[:DEMO_ARTICLES])
    write("knowledge: " + format_report(report).replace("\n", "\n  "))
