"""Reads of the knowledge base. The full-text search itself is :mod:`knowledge.fts`
(``search_articles``, ``similar_articles``); these are the plain reads around it."""

from __future__ import annotations

from .models import Article


def published_articles(*, category=None):
    """Published articles, newest first, with their category (the public list)."""
    articles = Article.objects.published().select_related("category")
    if category is not None:
        articles = articles.filter(category=category)
    return articles


def published_article(slug: str) -> Article | None:
    """The published article at ``slug``; None for any other (draft, withdrawn, unknown)."""
    return published_articles().filter(slug=slug).first()
