"""The public knowledge base: the list and its search, one article, its "Apakah ini
membantu?" vote, and the sitemap. All public (no account); nothing here shows who asked.

Whatever is typed into the search answers 200: the text only ever becomes words for the
index (:mod:`knowledge.fts`), cut to :data:`knowledge.text.MAX_QUERY_CHARS`; a query
without a word of two letters or more gets a message instead of a search.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.access import public
from accounts.throttling import client_ip
from consultations.models import AnswerKind, Category

from . import selectors, votes
from .fts import search_articles
from .text import MAX_QUERY_CHARS, query_terms

PER_PAGE = 10
# A search shows at most this many pages: ranking past the 50th answer means little,
# and each page asks the index again for everything before it (no offsets in a ranking).
MAX_SEARCH_PAGES = 5
# What a list item does not show: the long texts and their analysed copies.
LIST_DEFERRED = ("answer", "regulations", "search_title", "search_question", "search_answer")


@dataclass(frozen=True)
class SearchPage:
    """One page of ranked hits, with the pagination a template needs (no total: the
    search is asked for one more than the page, which says whether a next one exists)."""

    number: int
    object_list: list
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except (TypeError, ValueError):
        return 1


def _search(query: str, category, number: int) -> SearchPage:
    number = min(number, MAX_SEARCH_PAGES)
    wanted = number * PER_PAGE
    hits = search_articles(query, category=category, limit=wanted + 1)
    page_hits = hits[(number - 1) * PER_PAGE : wanted]
    return SearchPage(number=number, object_list=page_hits, has_next=len(hits) > wanted and number < MAX_SEARCH_PAGES)


@public
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """``?q=`` searches, ``?kategori=<code>`` filters, ``?halaman=`` pages; without a
    query, the newest published articles."""
    query = " ".join(request.GET.get("q", "")[:MAX_QUERY_CHARS].split())
    categories = list(Category.objects.active())
    category = next((c for c in categories if c.code == request.GET.get("kategori")), None)
    context = {"query": query, "categories": categories, "category": category, "notice": ""}
    if query and not query_terms(query, stemmed=False):
        context["notice"] = _(
            "Kata pencarian terlalu pendek atau terlalu umum. Ketik paling sedikit satu kata "
            "dari dua huruf atau lebih, misalnya “HPS” atau “adendum kontrak”."
        )
        context.update(page=None, hits=[])
    elif query:
        page = _search(query, category, _page_number(request.GET.get("halaman")))
        context.update(page=page, hits=page.object_list)
    else:
        articles = selectors.published_articles(category=category).defer(*LIST_DEFERRED)
        page = Paginator(articles, PER_PAGE).get_page(
            request.GET.get("halaman")
        )
        context.update(page=page, articles=page.object_list)
    return render(request, "knowledge/index.html", context)


def _published_or_404(slug: str):
    article = selectors.published_article(slug)
    if article is None:
        raise Http404
    return article


@public
@require_safe
def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = _published_or_404(slug)
    return render(request, "knowledge/article.html", {
        "article": found,
        "kinds": AnswerKind.labels_of(AnswerKind.in_order(found.kinds or [])),
        "voted": votes.has_voted(request, found),
    })


VOTE_VALUES = {"ya": True, "tidak": False}


@public
@require_POST
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """A visitor's yes/no; works without JavaScript (POST, then back to the article with a
    message). A second vote from the same browser or address is refused politely."""
    found = _published_or_404(slug)
    response = redirect("knowledge:article", slug=found.slug)
    helpful = VOTE_VALUES.get(request.POST.get("membantu", ""))
    if helpful is None:
        messages.error(request, _("Pilih “Ya” atau “Tidak”."))
        return response
    if votes.has_voted(request, found):
        result = votes.Result.ALREADY
    else:
        result = votes.vote(article=found, visitor=client_ip(request) or "", helpful=helpful)
    if result is votes.Result.COUNTED:
        messages.success(request, _("Terima kasih atas penilaian Anda."))
    else:
        messages.info(request, _("Penilaian Anda untuk artikel ini sudah tercatat sebelumnya. Terima kasih."))
    votes.remember_vote(request, response, found)
    return response


@public
@require_safe
def sitemap(request: HttpRequest, sitemaps: dict) -> HttpResponse:
    """``/sitemap.xml``: Django's view, declared public (the project names the sections)."""
    return sitemap_views.sitemap(request, sitemaps=sitemaps)
