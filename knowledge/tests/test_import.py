"""manage.py import_articles: publishes, is idempotent, reports what it refused and why."""

from __future__ import annotations

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from knowledge.models import Article, Status

from .conftest import WIB

pytestmark = pytest.mark.django_db

GOOD = [
    {
        "question": "Apakah PPK boleh merangkap sebagai anggota Pokja Pemilihan?",
        "answer": "Tidak. Pejabat Pembuat Komitmen tidak boleh merangkap pokja pada paket yang sama.",
        "category": "pemilihan-penyedia",
    },
    {
        "title": "Adendum perpanjangan waktu",
        "question": "Bagaimana melakukan addendum kontrak untuk perpanjangan waktu?",
        "answer": "Perubahan kontrak dituangkan dalam adendum.",
        "category": "KONTRAK DAN PELAKSANAAN",
        "published_at": "2024-03-01",
    },
    {
        "question": "Bisakah membeli lewat e-katalog tanpa negosiasi?",
        "answer": "Negosiasi harga dapat dilakukan dalam e-purchasing.",
        "category": "E-purchasing and e-catalogue",
        "published_at": "2024-05-02T10:30:00+07:00",
        "regulations": "Perpres 16/2018 pasal 50",
        "kinds": ["pendapat", "saran"],
        "extra": "ignored",
    },
]


def run(path) -> str:
    out = StringIO()
    call_command("import_articles", path, stdout=out)
    return out.getvalue()


def test_lines_are_published_with_their_category_title_and_date(jsonl):
    report = run(jsonl(*GOOD))
    assert "imported: 3" in report and "refused: 0" in report
    articles = {a.question: a for a in Article.objects.select_related("category")}
    first = articles[GOOD[0]["question"]]
    assert first.status == Status.PUBLISHED and first.published_at is not None
    assert first.title == GOOD[0]["question"]  # derived: the first sentence
    assert first.category.code == "pemilihan-penyedia"
    second = articles[GOOD[1]["question"]]
    assert second.title == "Adendum perpanjangan waktu" and second.category.code == "kontrak"
    assert second.published_at == datetime(2024, 3, 1, tzinfo=WIB)
    third = articles[GOOD[2]["question"]]
    assert third.category.code == "e-purchasing"
    assert third.regulations == "Perpres 16/2018 pasal 50" and third.kinds == ["saran", "pendapat"]
    assert "pasal" in third.search_answer
    assert all(a.search_title and a.search_answer for a in articles.values())
    assert len({a.slug for a in articles.values()}) == 3


def test_running_twice_gives_the_same_rows(jsonl):
    path = jsonl(*GOOD)
    run(path)
    before = list(Article.objects.order_by("pk").values())
    report = run(path)
    assert "imported: 0" in report and "unchanged: 3" in report
    assert list(Article.objects.order_by("pk").values()) == before


def test_a_changed_answer_updates_the_article_it_belongs_to(jsonl):
    run(jsonl(*GOOD))
    changed = dict(GOOD[0], answer="Jawaban baru tentang wanprestasi.")
    report = run(jsonl(changed, name="again.jsonl"))
    assert "updated: 1" in report
    article = Article.objects.get(question=GOOD[0]["question"])
    assert article.answer == "Jawaban baru tentang wanprestasi."
    assert "wanprestasi" in article.search_answer
    assert Article.objects.count() == 3


def test_refused_lines_are_reported_with_their_reason_and_the_rest_imported(jsonl):
    path = jsonl(
        GOOD[0],
        "{not json",
        "[1, 2]",
        {"answer": "x", "category": "kontrak"},
        {"question": "Q?", "answer": "   ", "category": "kontrak"},
        {"question": "Q?", "answer": "A", "category": "tidak-ada"},
        {"question": "Q" * 10_001, "answer": "A", "category": "kontrak"},
        {"question": "Q?", "answer": 5, "category": "kontrak"},
        {"question": "Q?", "answer": "A", "category": "kontrak", "published_at": "kemarin"},
        GOOD[0],
        {"question": "Q?", "answer": "A", "category": "kontrak", "kinds": ["nasihat"]},
        "",
    )
    report = run(path)
    assert "imported: 1" in report and "refused: 10" in report
    for line, reason in [
        (2, "not valid JSON"),
        (3, "not a JSON object"),
        (4, "required field missing: question"),
        (5, "field answer is empty"),
        (6, "unknown category: 'tidak-ada'"),
        (7, "field question too long"),
        (8, "field answer must be text"),
        (9, "published_at is not an ISO 8601 date"),
        (10, "same article as line 1"),
        (11, "kinds must be a list of known answer kinds"),
    ]:
        assert f"line {line}: " in report and reason in report.split(f"line {line}: ")[1].splitlines()[0]
    assert Article.objects.count() == 1


def test_an_unreadable_file_is_the_only_failure(tmp_path):
    with pytest.raises(CommandError):
        run(str(tmp_path / "missing.jsonl"))
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError):
        run(str(binary))
