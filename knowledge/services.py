"""The knowledge base's writes, one function each (DESIGN.md, convention 1).

Every function that writes an article's text also writes its ``search_*`` columns
(:func:`index_fields`), in the same statement: the database's index (generated column or
triggers, :mod:`knowledge.fts`) follows from them, so the index is never behind.
The proposal, redaction and approval steps come later; they must call
:func:`index_fields` too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from consultations.models import Category

from . import synonyms as synonym_store
from .models import TITLE_MAX, Article, Status, SynonymGroup
from .text import Synonyms, fold, normalize

REINDEX_BATCH = 500


def index_fields(article: Article, synonyms: Synonyms | None = None) -> list[str]:
    """Set the article's ``search_*`` columns from its text; returns their names (for
    ``save(update_fields=...)``). Title, then question with the category's name, then
    answer with the regulations: the three weights of the index."""
    synonyms = synonym_store.current() if synonyms is None else synonyms
    article.search_title = normalize(article.title, synonyms)
    article.search_question = normalize(f"{article.question}\n{article.category.name}", synonyms)
    article.search_answer = normalize(f"{article.answer}\n{article.regulations}", synonyms)
    return ["search_title", "search_question", "search_answer"]


def import_key(title: str, question: str) -> str:
    """What recognises an imported article: its title and question, compared case- and
    space-insensitively."""
    canon = " ".join(fold(title).split()) + "\n" + " ".join(fold(question).split())
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def title_from_question(question: str) -> str:
    """The first sentence of the question, cut at a word within the title's length."""
    text = " ".join(question.split())
    for end in ("?", ". ", "! "):
        at = text.find(end)
        if 0 < at < TITLE_MAX - 1:
            text = text[: at + 1].strip()
            break
    if len(text) <= TITLE_MAX:
        return text
    cut = text[: TITLE_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"


def unique_slug(title: str, *, exclude_id: int | None = None) -> str:
    base = (slugify(title) or "artikel")[:200].strip("-") or "artikel"
    slug, n = base, 1
    taken = Article.objects.exclude(pk=exclude_id) if exclude_id else Article.objects.all()
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Outcome(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Imported:
    article: Article
    outcome: Outcome


@transaction.atomic
def import_article(
    *,
    title: str,
    question: str,
    answer: str,
    category: Category,
    published_at: datetime | None,
    regulations: str = "",
    kinds: list[str] | None = None,
    synonyms: Synonyms | None = None,
) -> Imported:
    """Publish one imported question and answer, or bring the one already imported with
    the same title and question up to date. ``published_at`` None: now for a new article,
    kept for one already there. Values are checked by the caller (the command)."""
    key = import_key(title, question)
    existing = Article.objects.select_for_update().filter(import_key=key).first()
    if existing is None:
        article = Article(
            title=title,
            slug=unique_slug(title),
            question=question,
            answer=answer,
            category=category,
            regulations=regulations,
            kinds=kinds or [],
            status=Status.PUBLISHED,
            published_at=published_at or timezone.now(),
            import_key=key,
        )
        index_fields(article, synonyms)
        article.save()
        return Imported(article, Outcome.IMPORTED)
    wanted = {
        "answer": answer,
        "category_id": category.pk,
        "regulations": regulations,
        "kinds": kinds or [],
        "status": Status.PUBLISHED.value,
        "published_at": published_at or existing.published_at,
    }
    changed = [name for name, value in wanted.items() if getattr(existing, name) != value]
    if not changed:
        return Imported(existing, Outcome.UNCHANGED)
    for name in changed:
        setattr(existing, name, wanted[name])
    existing.category = category
    fields = index_fields(existing, synonyms)
    existing.save(update_fields=[name.removesuffix("_id") for name in changed] + fields + ["updated_at"])
    return Imported(existing, Outcome.UPDATED)


def reindex_articles(synonyms: Synonyms | None = None) -> int:
    """Recompute every article's ``search_*`` columns (after the dictionary or the
    analysis changed); returns how many changed. In batches, each its own transaction."""
    synonyms = synonym_store.current() if synonyms is None else synonyms
    changed, last_id = 0, 0
    while True:
        batch = list(Article.objects.select_related("category").filter(pk__gt=last_id).order_by("pk")[:REINDEX_BATCH])
        if not batch:
            return changed
        with transaction.atomic():
            for article in batch:
                before = (article.search_title, article.search_question, article.search_answer)
                fields = index_fields(article, synonyms)
                if before != (article.search_title, article.search_question, article.search_answer):
                    Article.objects.filter(pk=article.pk).update(**{f: getattr(article, f) for f in fields})
                    changed += 1
        last_id = batch[-1].pk


@transaction.atomic
def load_synonyms(groups: list[tuple[str, list[str]]]) -> int:
    """Replace the dictionary with ``groups`` (``manage.py load_synonyms``, the admin's
    reload action), then the articles' index follows. Returns the number of groups."""
    SynonymGroup.objects.all().delete()
    SynonymGroup.objects.bulk_create(
        SynonymGroup(canonical=canonical, variants=", ".join(variants)) for canonical, variants in groups
    )
    synonyms_changed()
    return len(groups)


def synonyms_changed() -> None:
    """After any change of the dictionary: the cached copy goes and, once committed, the
    articles are analysed again with the new one."""
    synonym_store.forget()

    def after_commit() -> None:
        synonym_store.forget()
        reindex_articles()

    transaction.on_commit(after_commit)
