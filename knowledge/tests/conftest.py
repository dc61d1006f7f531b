from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from consultations.tests.factories import category
from knowledge import services
from knowledge.models import Article, Status

WIB = ZoneInfo("Asia/Jakarta")


def make_article(title, question, answer, *, code="kontrak", status=Status.PUBLISHED, regulations="") -> Article:
    article = Article(
        title=title,
        slug=services.unique_slug(title),
        question=question,
        answer=answer,
        category=category(code),
        regulations=regulations,
        status=status,
        published_at=datetime(2025, 1, 6, 9, tzinfo=WIB) if status == Status.PUBLISHED else None,
    )
    services.index_fields(article)
    article.save()
    return article


@pytest.fixture
def jsonl(tmp_path):
    def write(*rows, name="articles.jsonl") -> str:
        path = tmp_path / name
        path.write_text(
            "\n".join(row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows) + "\n",
            encoding="utf-8",
        )
        return str(path)

    return write
