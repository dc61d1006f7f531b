"""Suggestions before asking (issue 25): published articles like the question being typed.

The website and walk-in question forms ask ``knowledge:similar`` for an HTML fragment
while the visitor types (htmx, debounced; the forms work the same without JavaScript).
htmx sends the forms' own fields, so the text is read from ``q`` or, failing that, from
the fields the forms have (``question`` on the walk-in form, ``subject`` and
``description`` on the website form); ``category`` is the form's category select.

- Fewer than :data:`MIN_WORDS` significant words: an empty 200, which empties the region
  (htmx would keep the old suggestions on a 204).
- Anything else typed answers 200: the text is only ever words for the index
  (:mod:`knowledge.fts`), cut to :data:`knowledge.text.MAX_QUERY_CHARS`.
- Counted per client address (``THROTTLE_RATES["knowledge_similar_per_address"]``): past
  it a 429 fragment says suggestions are paused, with ``Retry-After``; the form is not
  affected. The forms' pages tell htmx to show that fragment (their ``htmx-config``).
- ``Cache-Control: private, max-age=60``: the browser may reuse an answer when the
  visitor types back to a text it asked about a moment ago; shared caches keep nothing
  (the language comes from a cookie, and the limit counts clients). ``Vary: Cookie``
  comes from the language middleware.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from accounts.access import public
from accounts.throttling import client_ip
from core import throttle
from core.throttle import Claim, Throttled

from . import synonyms as synonym_store
from .fts import Hit, similar_articles
from .text import MAX_QUERY_CHARS, query_terms

SCOPE = "knowledge_similar"
LIMIT = 5
MIN_WORDS = 3
MAX_AGE = 60
TEXT_FIELDS = ("q", "question", "subject", "description")


def typed_text(params) -> str:
    """The question as the form has it: ``q``, or the forms' own fields joined."""
    if q := params.get("q", ""):
        return q[:MAX_QUERY_CHARS]
    parts = [params.get(name, "")[:MAX_QUERY_CHARS] for name in TEXT_FIELDS[1:]]
    return " ".join(p for p in parts if p.strip())[:MAX_QUERY_CHARS]


def category_id(params) -> int | None:
    value = params.get("category", "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def enough_words(text: str) -> bool:
    return len(query_terms(text, synonym_store.current(), stemmed=connection.vendor != "postgresql")) >= MIN_WORDS


def suggestions(text: str, *, category: int | None = None, limit: int = LIMIT) -> list[Hit]:
    """Up to ``limit`` published articles like ``text``: those of the chosen category
    first, then, when it has fewer, the best of the others (a visitor may pick the
    category wrongly; an answer elsewhere still helps)."""
    if not enough_words(text):
        return []
    hits = similar_articles(text, limit=limit, category=category) if category is not None else []
    if len(hits) < limit:
        seen = {hit.article.pk for hit in hits}
        more = similar_articles(text, limit=limit + len(hits))
        hits += [hit for hit in more if hit.article.pk not in seen][: limit - len(hits)]
    return hits


def article_url(hit: Hit) -> str | None:
    # knowledge:article is the public article page; until it exists the title is shown
    # without a link rather than failing the fragment.
    try:
        return reverse("knowledge:article", kwargs={"slug": hit.article.slug})
    except NoReverseMatch:
        return None


@public
@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """The fragment of suggestions for the question typed so far (``?q=``)."""
    text = typed_text(request.GET)
    if not enough_words(text):
        return _cacheable(HttpResponse(b"", content_type="text/html; charset=utf-8"))
    try:
        rates = settings.THROTTLE_RATES["knowledge_similar_per_address"]
        throttle.take(Claim(SCOPE, throttle.network(client_ip(request)), rates))
    except Throttled as refusal:
        response = render(request, "knowledge/_similar.html", {"paused": True, "retry_minutes": refusal.minutes},
                          status=429)
        response["Retry-After"] = str(refusal.retry_after)
        response["Cache-Control"] = "private, no-store"
        return response
    hits = suggestions(text, category=category_id(request.GET))
    items = [{"hit": hit, "url": article_url(hit)} for hit in hits]
    return _cacheable(render(request, "knowledge/_similar.html", {"items": items}))


def _cacheable(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"private, max-age={MAX_AGE}"
    return response
