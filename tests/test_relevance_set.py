"""The relevance set of issue 25 item 5 (knowledge/relevance/) is valid data.

It does not run the search (``bench/relevance.py`` does, and prints MRR@5 and recall@5);
it keeps the set a fair judge: enough articles and queries, every query pointing at one
existing article, every article importable by ``import_articles`` (seeded category code,
timezone-aware ISO 8601 date), and the variant queries really using a form their article
does not contain."""

from __future__ import annotations

import importlib
import json
import re
from datetime import datetime
from pathlib import Path

import pytest

SET = Path(__file__).resolve().parent.parent / "knowledge" / "relevance"
FIELDS = ("question", "answer", "category", "title", "published_at")


def _lines(name: str) -> list[dict]:
    rows = []
    for number, line in enumerate((SET / name).read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{name}:{number} is empty"
        row = json.loads(line)
        assert isinstance(row, dict), f"{name}:{number} is not a JSON object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    return _lines("articles.jsonl")


@pytest.fixture(scope="module")
def queries() -> list[dict]:
    return _lines("queries.jsonl")


def _contains(text: str, form: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(form.lower())}(?!\w)", text.lower()) is not None


def test_the_set_is_large_enough(articles, queries):
    assert len(articles) >= 60
    assert len(queries) >= 40


def test_every_article_has_the_import_fields_as_text(articles):
    for article in articles:
        for name in FIELDS:
            assert isinstance(article.get(name), str) and article[name].strip(), (name, article.get("title"))
        assert set(article) == set(FIELDS), article["title"]


def test_titles_are_unique(articles):
    titles = [article["title"] for article in articles]
    assert len(set(titles)) == len(titles)


def test_every_category_is_a_seeded_code(articles):
    seed = importlib.import_module("consultations.migrations.0002_seed_categories")
    codes = {row[0] for row in seed.CATEGORIES}
    assert {article["category"] for article in articles} <= codes


def test_every_date_is_timezone_aware_iso_8601(articles):
    for article in articles:
        moment = datetime.fromisoformat(article["published_at"])
        assert moment.utcoffset() is not None, article["title"]
        assert 2024 <= moment.year <= 2026, article["title"]


def test_every_query_names_an_existing_article(articles, queries):
    titles = {article["title"] for article in articles}
    for query in queries:
        assert isinstance(query.get("query"), str) and query["query"].strip(), query
        assert isinstance(query.get("note"), str) and query["note"].strip(), query
        assert query.get("expected") in titles, query
        assert query["query"].casefold() != query["expected"].casefold(), query


def test_variant_queries_use_a_form_their_article_lacks(articles, queries):
    by_title = {article["title"]: article for article in articles}
    variants = [query for query in queries if query.get("variant") is True]
    assert len(variants) >= 15
    for query in variants:
        form = query.get("form")
        assert isinstance(form, str) and form, query
        assert _contains(query["query"], form), query
        article = by_title[query["expected"]]
        text = " ".join((article["title"], article["question"], article["answer"]))
        assert not _contains(text, form), f"{form!r} occurs in {article['title']!r}: not a variant"
