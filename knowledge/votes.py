""""Apakah ini membantu?" — one vote per visitor and article, without an account.

Who a visitor is, twice over:

- a signed cookie (``VOTED_COOKIE``) lists the articles this browser has voted on, so the
  page can thank instead of asking again, and a second POST is refused without a query;
- the database keeps, per vote, a keyed digest of the client address and the article
  (:func:`visitor_hash`) under a unique constraint, so clearing cookies or another
  browser on the same address does not vote again, however many requests race.

The trade: visitors behind one address (an office's NAT) share one vote per article. A
helpfulness counter is better low than stuffed, and the address is the only thing an
anonymous visitor cannot change freely. The digest is an HMAC with the secret key: the
table holds no address, and the 2^32 IPv4 addresses cannot be tried against it.
"""

from __future__ import annotations

from enum import StrEnum

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from .models import Article, Vote

VOTED_COOKIE = "pengetahuan_dinilai"
COOKIE_SALT = "knowledge.votes.cookie"
COOKIE_MAX_AGE = 365 * 24 * 3600
COOKIE_MAX_ARTICLES = 200  # the newest kept: a cookie stays far below 4 KB


class Result(StrEnum):
    COUNTED = "counted"
    ALREADY = "already"


def visitor_hash(visitor: str, article_id: int) -> str:
    """The keyed digest of a visitor (their client address) and an article."""
    return salted_hmac("knowledge.votes.visitor", f"{visitor}\0{article_id}", algorithm="sha256").hexdigest()


def vote(*, article: Article, visitor: str, helpful: bool) -> Result:
    """Count ``visitor``'s answer for a published ``article`` once: a second one, however
    close in time, is :attr:`Result.ALREADY` and changes nothing.

    The unique constraint decides a race (on PostgreSQL the second insert waits for the
    first transaction and then fails); the counter is raised with ``F()`` in the same
    transaction as the vote row, so the two never disagree."""
    if not article.is_published:
        raise ValueError("only a published article takes votes")
    try:
        with transaction.atomic():
            Vote.objects.create(article=article, visitor_hash=visitor_hash(visitor, article.pk), helpful=helpful)
            field = "helpful" if helpful else "not_helpful"
            Article.objects.filter(pk=article.pk).update(**{field: F(field) + 1})
    except IntegrityError:
        return Result.ALREADY
    return Result.COUNTED


# --- the browser's side: the signed cookie ------------------------------------------------


def voted_articles(request: HttpRequest) -> list[int]:
    """The articles this browser has voted on (newest last); [] for no or a forged cookie."""
    try:
        raw = request.get_signed_cookie(VOTED_COOKIE, default="", salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return []
    return [int(part) for part in raw.split(",") if part.isdigit()]


def has_voted(request: HttpRequest, article: Article) -> bool:
    return article.pk in voted_articles(request)


def remember_vote(request: HttpRequest, response: HttpResponse, article: Article) -> None:
    ids = [pk for pk in voted_articles(request) if pk != article.pk] + [article.pk]
    response.set_signed_cookie(
        VOTED_COOKIE,
        ",".join(str(pk) for pk in ids[-COOKIE_MAX_ARTICLES:]),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
