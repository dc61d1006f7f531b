"""How well the knowledge search finds the right article: MRR@5 and recall@5.

    .venv/bin/python bench/relevance.py                       # a throwaway SQLite file
    .venv/bin/python bench/relevance.py --database-url postgres://postgres@127.0.0.1:5432/advokasi_relevance
    .venv/bin/python bench/relevance.py --all                 # every query with its top 5

Migrates the database (a PostgreSQL database is created when missing; use a throwaway
one), imports ``knowledge/relevance/articles.jsonl`` with ``manage.py import_articles``
(idempotent, so a second run reuses it), runs every query of
``knowledge/relevance/queries.jsonl`` (``query``, ``expected`` = the expected article's
title) through ``knowledge.fts.search_articles(limit=5)`` and prints MRR@5 (the mean of
1/rank of the expected article, 0 when it is not in the top five), recall@5 (the share
found in the top five) and each miss or low hit with the top five it got. Exit status 1
when MRR@5 is below ``--target`` (0.8, issue 25). ``--articles``/``--queries`` take other
files. knowledge/tests/test_relevance.py runs the same evaluation on the test database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "knowledge" / "relevance" / "articles.jsonl"
QUERIES = ROOT / "knowledge" / "relevance" / "queries.jsonl"
K = 5


@dataclass
class Outcome:
    query: str
    expected: str
    rank: int | None  # 1-based, None when not in the top K
    top: list[str] = field(default_factory=list)


@dataclass
class Result:
    outcomes: list[Outcome]

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / max(len(self.outcomes), 1)

    @property
    def recall(self) -> float:
        return sum(1 for o in self.outcomes if o.rank) / max(len(self.outcomes), 1)


def read_queries(path: Path = QUERIES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(queries: list[dict]) -> Result:
    """Run each query through the search on the configured database (Django set up)."""
    from knowledge.fts import search_articles

    outcomes = []
    for item in queries:
        top = [hit.article.title for hit in search_articles(item["query"], limit=K)]
        rank = top.index(item["expected"]) + 1 if item["expected"] in top else None
        outcomes.append(Outcome(item["query"], item["expected"], rank, top))
    return Result(outcomes)


def report(result: Result, *, show_all: bool = False) -> str:
    lines = []
    for o in result.outcomes:
        if show_all or o.rank != 1:
            lines.append(f"[{o.rank or '-'}] {o.query!r}\n      expected: {o.expected}")
            lines += [f"      {n}. {title}" for n, title in enumerate(o.top, 1)]
    lines.append(
        f"queries: {len(result.outcomes)}  MRR@{K}: {result.mrr:.3f}  recall@{K}: {result.recall:.3f}"
        f"  first: {sum(1 for o in result.outcomes if o.rank == 1)}"
    )
    return "\n".join(lines)


def _ensure_postgres_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--target", type=float, default=0.8)
    parser.add_argument("--all", action="store_true", help="print every query, not only the misses")
    args = parser.parse_args(argv)

    scratch = tempfile.mkdtemp(prefix="advokasi-relevance-")
    url = args.database_url or f"sqlite:///{scratch}/relevance.sqlite3"
    if url.startswith("postgres"):
        _ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ADVOKASI_VAR_DIR", scratch)
    os.environ["CACHE_URL"] = "locmemcache://"
    os.environ["DJANGO_SETTINGS_MODULE"] = "advokasi.settings.base"
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("import_articles", str(args.articles))

    from django.db import connection

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    result = evaluate(read_queries(args.queries))
    print(report(result, show_all=args.all))
    return 0 if result.mrr >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
