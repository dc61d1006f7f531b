"""``/sitemap.xml`` (django.contrib.sitemaps): the published articles, with the date each
last changed, and the public pages the project names (advokasi/urls.py)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")

    def location(self, item: Article) -> str:
        return reverse("knowledge:article", kwargs={"slug": item.slug})

    def lastmod(self, item: Article):
        return item.updated_at


class NamedPagesSitemap(Sitemap):
    """Pages without parameters, by URL name."""

    changefreq = "weekly"

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def items(self) -> list[str]:
        return self.names

    def location(self, item: str) -> str:
        return reverse(item)
