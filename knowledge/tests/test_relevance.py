"""The relevance set (knowledge/relevance/) as a test: imported with import_articles, every
query searched on the test database (SQLite or PostgreSQL), MRR@5 at least 0.8 (issue 25).
bench/relevance.py prints the same numbers with the misses."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from bench.relevance import ARTICLES, QUERIES, evaluate, read_queries, report

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not (ARTICLES.exists() and QUERIES.exists()), reason="relevance set not in the repository")
def test_the_relevance_set_finds_its_articles():
    out = StringIO()
    call_command("import_articles", str(ARTICLES), stdout=out)
    assert "refused: 0" in out.getvalue()
    result = evaluate(read_queries())
    assert result.mrr >= 0.8, report(result)
    assert result.recall >= 0.9, report(result)
