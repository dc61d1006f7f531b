""""Apakah ini membantu?": one vote per visitor and article, without an account — the
browser's signed cookie and the address's digest under a unique constraint, each enough
on its own; two identical votes at the same moment count once (on PostgreSQL, for real)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from knowledge import votes
from knowledge.models import Article, Status, Vote

from .conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    return make_article("Uang muka kontrak", "Berapa uang muka paling tinggi?", "Paling tinggi 30 persen.")


def vote_url(article) -> str:
    return reverse("knowledge:vote", args=[article.slug])


def counts(article) -> tuple[int, int]:
    article.refresh_from_db()
    return article.helpful, article.not_helpful


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_vote_is_counted_and_thanked_without_javascript(article):
    client = Client(REMOTE_ADDR="203.0.113.7")
    response = client.post(vote_url(article), {"membantu": "ya"}, follow=True)
    assert response.redirect_chain == [(reverse("knowledge:article", args=[article.slug]), 302)]
    assert "Terima kasih atas penilaian Anda." in messages_of(response)
    assert counts(article) == (1, 0)
    # The page now thanks instead of asking again.
    html = response.content.decode()
    assert 'id="sudah-dinilai"' in html and 'id="form-penilaian"' not in html
    assert Client(REMOTE_ADDR="203.0.113.8").post(vote_url(article), {"membantu": "tidak"}).status_code == 302
    assert counts(article) == (1, 1)


def test_a_second_vote_from_the_same_browser_is_refused_politely(article):
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.post(vote_url(article), {"membantu": "ya"})
    response = client.post(vote_url(article), {"membantu": "tidak"}, follow=True)
    assert response.status_code == 200
    assert "Penilaian Anda untuk artikel ini sudah tercatat sebelumnya. Terima kasih." in messages_of(response)
    assert counts(article) == (1, 0)
    # Even from another address: the browser's cookie says it voted.
    client.defaults["REMOTE_ADDR"] = "198.51.100.9"
    client.post(vote_url(article), {"membantu": "tidak"})
    assert counts(article) == (1, 0)
    assert Vote.objects.count() == 1


def test_clearing_cookies_does_not_vote_again_from_the_same_address(article):
    Client(REMOTE_ADDR="203.0.113.7").post(vote_url(article), {"membantu": "ya"})
    fresh = Client(REMOTE_ADDR="203.0.113.7")  # no cookie
    response = fresh.post(vote_url(article), {"membantu": "ya"}, follow=True)
    assert "Penilaian Anda untuk artikel ini sudah tercatat sebelumnya. Terima kasih." in messages_of(response)
    assert counts(article) == (1, 0)
    # The refused browser is remembered too: the page thanks instead of asking.
    assert 'id="sudah-dinilai"' in response.content.decode()


def test_one_vote_per_article_not_per_site(article):
    other = make_article("Jaminan pelaksanaan", "Berapa jaminan pelaksanaan?", "Lima persen.")
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.post(vote_url(article), {"membantu": "ya"})
    client.post(vote_url(other), {"membantu": "tidak"})
    assert counts(article) == (1, 0) and counts(other) == (0, 1)
    assert Vote.objects.count() == 2


def test_a_forged_cookie_is_no_cookie(article):
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.cookies[votes.VOTED_COOKIE] = f"{article.pk}"  # not signed
    client.post(vote_url(article), {"membantu": "ya"})
    assert counts(article) == (1, 0)


def test_the_table_holds_no_address(article):
    Client(REMOTE_ADDR="203.0.113.7").post(vote_url(article), {"membantu": "ya"})
    stored = Vote.objects.get()
    assert "203.0.113.7" not in stored.visitor_hash
    assert stored.visitor_hash == votes.visitor_hash("203.0.113.7", article.pk)
    assert stored.visitor_hash != votes.visitor_hash("203.0.113.7", article.pk + 1)


@pytest.mark.parametrize("value", ["", "mungkin", "YA", "1"])
def test_a_vote_without_yes_or_no_counts_nothing(article, value):
    response = Client().post(vote_url(article), {"membantu": value}, follow=True)
    assert response.status_code == 200
    assert "Pilih “Ya” atau “Tidak”." in messages_of(response)
    assert counts(article) == (0, 0)
    assert not Vote.objects.exists()


def test_the_vote_needs_the_csrf_token(article):
    client = Client(enforce_csrf_checks=True)
    assert client.post(vote_url(article), {"membantu": "ya"}).status_code == 403
    assert counts(article) == (0, 0)


def test_get_is_not_a_vote(article):
    assert Client().get(vote_url(article)).status_code == 405


def test_the_service_counts_once_and_refuses_drafts(article):
    assert votes.vote(article=article, visitor="192.0.2.1", helpful=True) is votes.Result.COUNTED
    assert votes.vote(article=article, visitor="192.0.2.1", helpful=False) is votes.Result.ALREADY
    assert counts(article) == (1, 0)
    draft = make_article("Konsep", "Konsep?", "Belum.", status=Status.DRAFT)
    with pytest.raises(ValueError, match="published"):
        votes.vote(article=draft, visitor="192.0.2.1", helpful=True)


def test_a_vote_does_not_change_the_articles_last_change(article):
    before = Article.objects.get(pk=article.pk).updated_at
    votes.vote(article=article, visitor="192.0.2.1", helpful=True)
    assert Article.objects.get(pk=article.pk).updated_at == before  # the sitemap's lastmod


# A flush after a transactional test would empty the tables the migrations fill (directorates,
# categories) for the tests after it: serialized_rollback puts them back. Skipped before any
# fixture runs on SQLite, which serialises writers anyway.
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises writers; the race is PostgreSQL's (run with DATABASE_URL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_identical_votes_at_once_count_once():
    target = make_article("Uang muka kontrak", "Berapa uang muka paling tinggi?", "Paling tinggi 30 persen.")
    barrier = threading.Barrier(2)
    results: list = []

    def cast() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(votes.vote(article=target, visitor="203.0.113.50", helpful=True))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == sorted([votes.Result.COUNTED, votes.Result.ALREADY])
    assert counts(target) == (1, 0)
    assert Vote.objects.filter(article=target).count() == 1
