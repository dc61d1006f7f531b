"""``seed_demo`` publishes the knowledge base's demo articles through the import, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from knowledge import demo
from knowledge.models import Article

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_at_least_ten_articles_once():
    out = []
    demo.seed(out.append, calendar=False, samples=True)
    published = Article.objects.published()
    assert published.count() == demo.DEMO_ARTICLES >= 10
    assert "Diimpor/imported: 12" in out[0] and "ditolak/refused: 0" in out[0]
    demo.seed(out.append, calendar=False, samples=True)
    assert Article.objects.count() == demo.DEMO_ARTICLES
    assert "tidak berubah/unchanged: 12" in out[1]


def test_seed_demo_without_samples_publishes_nothing():
    demo.seed(lambda line: None, calendar=False, samples=False)
    assert not Article.objects.exists()


@override_settings(DEBUG=True)
def test_seed_demo_command_publishes_them(settings):
    call_command("seed_demo", "--skip-calendar", stdout=StringIO())
    assert Article.objects.published().count() >= 10
