"""The public knowledge base's pages: the list and its search (``knowledge:index``), one
article (``knowledge:article``), the sitemap and the standard page's list. Hostile queries
answer 200 with results or a message. The same tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ApplicantFactory
from consultations.models import Category
from consultations.tests.factories import ConsultationFactory, category
from knowledge import services, views
from knowledge.models import Article, Status

from .conftest import make_article

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
INDEX = reverse("knowledge:index")


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def corpus(db):
    return {
        "hps": make_article(
            "Dasar penyusunan harga perkiraan sendiri",
            "Data apa yang dipakai untuk menyusun HPS?",
            "HPS disusun berdasarkan harga pasar setempat dan harga kontrak sebelumnya.",
            code="perencanaan",
            regulations="Perpres 16/2018 pasal 26",
        ),
        "adendum": make_article(
            "Addendum kontrak karena keadaan kahar",
            "Bagaimana perpanjangan waktu pelaksanaan pekerjaan?",
            "Perubahan kontrak dapat diadakan dengan adendum bila terjadi keadaan kahar.",
            code="kontrak",
        ),
        "draft": make_article(
            "Konsep tentang swakelola adendum",
            "Swakelola tipe III dan adendum?",
            "Belum terbit.",
            code="swakelola",
            status=Status.DRAFT,
        ),
    }


def body(response) -> str:
    return response.content.decode()


def test_the_index_without_a_query_lists_the_newest_published_articles(client, corpus):
    newer = make_article("Uang muka kontrak", "Berapa uang muka?", "Paling tinggi 30 persen.", code="kontrak")
    Article.objects.filter(pk=newer.pk).update(published_at=datetime(2025, 3, 1, 9, tzinfo=WIB))
    response = client.get(INDEX)
    assert response.status_code == 200
    html = body(response)
    assert "Artikel terbaru" in html
    assert html.index("Uang muka kontrak") < html.index("Dasar penyusunan harga perkiraan sendiri")
    assert "Konsep tentang swakelola" not in html


def test_a_search_finds_the_article_with_a_highlighted_snippet(client, corpus):
    response = client.get(INDEX, {"q": "adendum kahar"})
    assert response.status_code == 200
    html = body(response)
    assert 'href="{}"'.format(reverse("knowledge:article", args=[corpus["adendum"].slug])) in html
    assert re.search(r"<mark>[^<]*(adendum|kahar)[^<]*</mark>", html, re.IGNORECASE)
    assert "Konsep tentang swakelola" not in html  # drafts are never found
    assert "Hasil pencarian untuk “adendum kahar”" in html


def test_the_category_filter_narrows_the_list_and_the_search(client, corpus):
    html = body(client.get(INDEX, {"kategori": "perencanaan"}))
    assert "Dasar penyusunan harga perkiraan sendiri" in html
    assert "Addendum kontrak karena keadaan kahar" not in html
    html = body(client.get(INDEX, {"q": "kontrak", "kategori": "perencanaan"}))
    assert "Addendum kontrak karena keadaan kahar" not in html
    # An unknown category is no filter (not an error).
    response = client.get(INDEX, {"kategori": "tidak-ada"})
    assert response.status_code == 200 and "Addendum kontrak karena keadaan kahar" in body(response)


def test_the_list_is_paginated_keeping_the_query_and_category(client, db):
    for n in range(views.PER_PAGE + 3):
        make_article(f"Jaminan pelaksanaan nomor {n}", f"Pertanyaan jaminan {n}?", "Jaminan pelaksanaan.")
    first = body(client.get(INDEX, {"kategori": "kontrak"}))
    assert first.count("Jaminan pelaksanaan nomor") == views.PER_PAGE
    assert "Halaman 1 dari 2" in first
    assert "kategori=kontrak&amp;halaman=2" in first
    second = body(client.get(INDEX, {"kategori": "kontrak", "halaman": "2"}))
    assert second.count("Jaminan pelaksanaan nomor") == 3
    # The search pages too (without a total: each page asks for one more than it shows).
    found = body(client.get(INDEX, {"q": "jaminan"}))
    assert found.count("Jaminan pelaksanaan nomor") == views.PER_PAGE
    assert "q=jaminan&amp;halaman=2" in found
    rest = body(client.get(INDEX, {"q": "jaminan", "halaman": "2"}))
    assert rest.count("Jaminan pelaksanaan nomor") == 3 and "Berikutnya" not in rest
    # A page past the end or no number at all is still a page.
    assert client.get(INDEX, {"halaman": "999"}).status_code == 200
    assert client.get(INDEX, {"q": "jaminan", "halaman": "x"}).status_code == 200
    assert client.get(INDEX, {"q": "jaminan", "halaman": "-5"}).status_code == 200


LONG = ("pengadaan barang jasa pemerintah kontrak adendum " * 60)[:2000]


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("", "list"),
        ("   ", "list"),
        ("a", "short"),
        ("apakah", "short"),  # nothing but a stop word
        (LONG, "results"),
        (LONG + "x" * 5000, "results"),
        ("adendum & | ! <-> :* kahar", "results"),
        ("& | ! <-> :*", "short"),
        ("'; DROP TABLE knowledge_article; --", "none"),
        ("\" OR 1=1 -- kontrak", "results"),
        ("adendum) OR (kahar", "results"),
        ("NEAR(adendum kahar) kahar*", "results"),
        ("<script>alert('x')</script> adendum", "results"),
        ("adendum 🙂🔥", "results"),
        ("🙂", "short"),
        ("адендум 契約 عقد adendum", "results"),
        ("\x00adendum\x00", "results"),
    ],
)
def test_bad_input_answers_200_with_results_or_a_message(client, corpus, query, expect):
    response = client.get(INDEX, {"q": query})
    assert response.status_code == 200
    html = body(response)
    assert "<script>alert" not in html
    if expect == "list":
        assert "Artikel terbaru" in html
    elif expect == "short":
        assert "Kata pencarian terlalu pendek atau terlalu umum" in html
    elif expect == "results":
        assert "Addendum kontrak karena keadaan kahar" in html
    else:
        assert "Tidak ada artikel yang cocok" in html
    assert Article.objects.count() == 3  # and the table is still there


def test_the_article_shows_question_answer_kinds_regulations_category_and_date(client, corpus):
    article = corpus["hps"]
    Article.objects.filter(pk=article.pk).update(kinds=["pendapat", "saran"])
    html = body(client.get(reverse("knowledge:article", args=[article.slug])))
    for text in (
        "Dasar penyusunan harga perkiraan sendiri",
        "Data apa yang dipakai untuk menyusun HPS?",
        "HPS disusun berdasarkan harga pasar setempat",
        "Perpres 16/2018 pasal 26",
        category("perencanaan").name,
        "Saran, Pendapat",  # the standard's order, whatever order they were chosen in
        "6 Januari 2025",
        "Apakah ini membantu?",
    ):
        assert text in html, text


def test_the_article_never_shows_the_applicant(client, db):
    applicant = ApplicantFactory(email="zulkarnaen.wiryawan@rahasia.example", full_name="Zulkarnaen Wiryawan")
    case = ConsultationFactory(
        applicant=applicant, institution_name="Dinas Rahasia Kabupaten Contoh", subject="Subjek Rahasia Sekali"
    )
    article = Article(
        title="Pengadaan langsung jasa konsultansi",
        slug="pengadaan-langsung-jasa-konsultansi",
        question="Bolehkah pengadaan langsung untuk jasa konsultansi?",
        answer="Boleh sampai nilai tertentu.",
        category=category("pemilihan-penyedia"),
        status=Status.PUBLISHED,
        published_at=datetime(2025, 2, 3, 9, tzinfo=WIB),
        source_consultation=case,
    )
    services.index_fields(article)
    article.save()
    for url in (
        reverse("knowledge:article", args=[article.slug]),
        INDEX,
        reverse("knowledge:index") + "?q=konsultansi",
        reverse("pages:standard"),
        reverse("sitemap"),
    ):
        html = body(Client().get(url))
        assert "Pengadaan langsung jasa konsultansi" in html or "pengadaan-langsung-jasa-konsultansi" in html
        for secret in ("Zulkarnaen", "Wiryawan", "rahasia.example", "Dinas Rahasia", "Subjek Rahasia", case.number):
            assert secret not in html, (url, secret)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PROPOSED, Status.WITHDRAWN])
def test_an_unpublished_article_is_a_404(client, db, status):
    article = make_article("Belum untuk umum", "Pertanyaan?", "Jawaban.", status=status)
    assert client.get(reverse("knowledge:article", args=[article.slug])).status_code == 404
    assert client.post(reverse("knowledge:vote", args=[article.slug]), {"membantu": "ya"}).status_code == 404


def test_an_unknown_article_is_a_404(client, db):
    assert client.get(reverse("knowledge:article", args=["tidak-ada"])).status_code == 404


def test_the_sitemap_lists_published_articles_with_their_last_change(client, corpus):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    xml = body(response)
    for key in ("hps", "adendum"):
        article = Article.objects.get(pk=corpus[key].pk)
        assert reverse("knowledge:article", args=[article.slug]) in xml
        # The day in WIB, as every date on the site (it was a day behind UTC after 17:00 UTC).
        assert f"<lastmod>{timezone.localdate(article.updated_at).isoformat()}</lastmod>" in xml
    assert corpus["draft"].slug not in xml
    for name in ("pages:standard", "knowledge:index"):
        assert f"{reverse(name)}</loc>" in xml


def test_the_standard_page_lists_the_newest_articles_and_links_the_index(client, db):
    base = datetime(2025, 1, 1, 9, tzinfo=WIB)
    made = []
    for n in range(7):
        article = make_article(f"Pertanyaan umum nomor {n}", f"Pertanyaan {n}?", "Jawaban.")
        Article.objects.filter(pk=article.pk).update(published_at=base + timedelta(days=n))
        made.append(article)
    make_article("Konsep yang belum terbit", "Konsep?", "Belum.", status=Status.DRAFT)
    html = body(client.get(reverse("pages:standard")))
    assert "Pertanyaan yang sering diajukan" in html
    shown = re.findall(r"Pertanyaan umum nomor (\d)", html)
    assert shown == ["6", "5", "4", "3", "2"]
    assert "Konsep yang belum terbit" not in html
    assert f'href="{INDEX}"' in html


def test_the_navigation_links_the_knowledge_base(client, applicant_a, db):
    assert f'href="{INDEX}"' in body(client.get(reverse("pages:home")))
    client.force_login(applicant_a)
    assert f'href="{INDEX}"' in body(client.get(reverse("pages:home")))


def test_every_category_is_offered_in_the_filter(client, db):
    html = body(client.get(INDEX))
    for code in Category.objects.active().values_list("code", flat=True):
        assert f'value="{code}"' in html



def test_head_requests_are_answered_like_get(client, corpus):
    for url in (INDEX, reverse("knowledge:article", args=[corpus["hps"].slug]), reverse("sitemap")):
        assert client.head(url).status_code == 200
