"""The admin edits the synonym dictionary and articles; the search follows at once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from knowledge.fts import search_articles
from knowledge.models import Article, SynonymGroup
from knowledge.synonyms import FILE, groups_from_file

from .conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_migration_loaded_the_dictionary_file():
    assert SynonymGroup.objects.count() == len(groups_from_file(FILE))
    assert SynonymGroup.objects.get(canonical="ppk").variants == "pejabat pembuat komitmen"


def test_a_group_added_in_the_admin_is_used_by_queries_and_articles(admin_client_, django_capture_on_commit_callbacks):
    article = make_article("Keadaan kahar", "Apa itu keadaan kahar?", "Keadaan di luar kehendak para pihak.")
    assert search_articles("force majeure") == []
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:knowledge_synonymgroup_add"),
            {"canonical": "kahar", "variants": "force majeure, keadaan memaksa", "is_active": "on", "_save": "Simpan"},
        )
    assert response.status_code == 302
    assert [h.article for h in search_articles("force majeure")] == [article]
    assert [h.article for h in search_articles("keadaan memaksa")] == [article]


def test_a_canonical_form_of_two_words_is_refused(admin_client_):
    response = admin_client_.post(
        reverse("admin:knowledge_synonymgroup_add"),
        {"canonical": "dua kata", "variants": "x", "is_active": "on", "_save": "Simpan"},
    )
    assert response.status_code == 200
    assert "Bentuk baku harus satu kata." in response.content.decode()
    assert not SynonymGroup.objects.filter(canonical="dua kata").exists()


def test_deleting_a_group_takes_it_out_of_the_search(admin_client_, django_capture_on_commit_callbacks):
    article = make_article("Lelang ulang", "Kapan lelang diulang?", "Bila gagal.")
    assert [h.article for h in search_articles("tender")] == [article]
    group = SynonymGroup.objects.get(canonical="tender")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(reverse("admin:knowledge_synonymgroup_delete", args=[group.pk]), {"post": "yes"})
    assert search_articles("tender") == []
    assert [h.article for h in search_articles("lelang")] == [article]


def test_load_synonyms_resets_the_dictionary_to_the_file(django_capture_on_commit_callbacks):
    SynonymGroup.objects.filter(canonical="tender").delete()
    SynonymGroup.objects.create(canonical="zzz", variants="yyy")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_synonyms", stdout=StringIO())
    assert SynonymGroup.objects.filter(canonical="tender").exists()
    assert not SynonymGroup.objects.filter(canonical="zzz").exists()


def test_an_article_edited_in_the_admin_is_indexed_again(admin_client_):
    article = make_article("Judul lama", "Pertanyaan lama?", "Jawaban lama.")
    data = {
        "title": "Judul baru tentang swakelola",
        "slug": article.slug,
        "question": article.question,
        "answer": article.answer,
        "category": article.category_id,
        "kinds": "[]",
        "regulations": "",
        "status": "published",
        "published_at_0": "2025-01-06",
        "published_at_1": "09:00:00",
        "_save": "Simpan",
    }
    response = admin_client_.post(reverse("admin:knowledge_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get(pk=article.pk).title == "Judul baru tentang swakelola"
    assert [h.article for h in search_articles("swakelola")] == [article]
