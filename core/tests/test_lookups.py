"""The cached lookups (core.lookups): categories and directorates are read once per
process and read again as soon as the admin changes a row — in this process at once,
in every other one at its next call (the version in the shared cache moved); counts are
counted once per version and shared; a rolled-back change leaves nothing behind."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction

from accounts import lookups as account_lookups
from accounts.models import Directorate
from consultations import lookups as case_lookups
from consultations.models import Category
from core.lookups import VersionedCounts, VersionedLookup

pytestmark = pytest.mark.django_db


def another_process(lookup: VersionedLookup) -> VersionedLookup:
    """The same lookup as another worker process holds it: its own copy, the shared
    cache's version."""
    return VersionedLookup(lookup.name, lookup._load)


def test_categories_are_read_once_then_from_memory(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = case_lookups.categories()
    with django_assert_num_queries(0):
        assert case_lookups.categories() is first
        case_lookups.active_categories()
    assert [c.code for c in first] == list(Category.objects.values_list("code", flat=True))


@pytest.mark.parametrize("change", ["rename", "deactivate", "add", "delete"])
def test_a_category_change_is_seen_here_and_in_other_processes(change, django_capture_on_commit_callbacks):
    other = another_process(case_lookups.all_categories)
    case_lookups.categories(), other()  # both processes hold a copy
    target = Category.objects.get(code="swakelola")
    with django_capture_on_commit_callbacks(execute=True):
        if change == "rename":
            target.name = "Swakelola (baru)"
            target.save()
        elif change == "deactivate":
            target.is_active = False
            target.save(update_fields=["is_active"])
        elif change == "add":
            Category.objects.create(code="baru", name="Kategori baru", name_en="New")
        else:
            Category.objects.filter(pk=target.pk).get().delete()
    expected = list(Category.objects.values_list("code", "name", "is_active"))
    for process in (case_lookups.all_categories, other):
        assert [(c.code, c.name, c.is_active) for c in process()] == expected
    active = [c.code for c in case_lookups.active_categories()]
    assert ("swakelola" in active) is (change in ("rename", "add"))


def test_the_change_is_seen_before_the_transaction_commits_in_the_process_that_made_it():
    case_lookups.categories()
    Category.objects.filter(code="swakelola").get().delete()  # no commit inside the test's transaction
    assert "swakelola" not in [c.code for c in case_lookups.categories()]


def test_the_version_moves_again_on_commit(django_capture_on_commit_callbacks):
    """A process that read the table between the first bump and the commit read the old
    rows under the new version: the bump on commit makes it read them again."""
    key = case_lookups.all_categories.version_key
    case_lookups.categories()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Category.objects.create(code="baru", name="Kategori baru", name_en="New")
        during = cache.get(key)
    for callback in callbacks:
        callback()
    assert cache.get(key) != during


def test_bulk_writes_need_an_explicit_invalidate():
    case_lookups.categories()
    Category.objects.filter(code="swakelola").update(name="Diubah massal")
    case_lookups.all_categories.invalidate()
    assert "Diubah massal" in [c.name for c in case_lookups.categories()]


def test_without_a_working_cache_every_call_reads_the_database(django_assert_num_queries):
    with mock.patch.object(cache, "get", side_effect=ConnectionError("down")), \
            mock.patch.object(cache, "add", side_effect=ConnectionError("down")):
        with django_assert_num_queries(2):
            case_lookups.categories()
            case_lookups.categories()


def test_directorates_are_read_once_and_again_after_a_change(django_assert_num_queries, django_capture_on_commit_callbacks):
    other = another_process(account_lookups.all_directorates)
    with django_assert_num_queries(1):
        assert [d.code for d in account_lookups.directorates()] == ["pusat", "daerah", "hukum"]
    other()
    pusat = Directorate.objects.get(code="pusat")
    with django_assert_num_queries(0):
        assert account_lookups.directorate(pusat.pk).name == pusat.name
        assert account_lookups.directorate(None) is None
    with django_capture_on_commit_callbacks(execute=True):
        pusat.name = "Direktorat Pusat (baru)"
        pusat.save()
    assert account_lookups.directorate(pusat.pk).name == "Direktorat Pusat (baru)"
    assert other()[0].name == "Direktorat Pusat (baru)"


def names(categories) -> list[str]:
    return [category.name for category in categories]


def test_what_a_rolled_back_change_showed_is_kept_nowhere():
    """The writing request sees its own change, but a rollback sends no signal: what it
    read inside its transaction must not stay in any copy."""
    case_lookups.categories()
    with pytest.raises(RuntimeError), transaction.atomic():
        swakelola = Category.objects.get(code="swakelola")
        swakelola.name = "Sementara"
        swakelola.save()
        assert "Sementara" in names(case_lookups.categories())
        raise RuntimeError
    assert "Sementara" not in names(case_lookups.categories())
    assert "Sementara" not in names(another_process(case_lookups.all_categories)())


def test_counts_are_counted_once_per_version_and_shared_by_the_processes(django_capture_on_commit_callbacks):
    calls = []

    def count() -> int:
        calls.append(1)
        return 7

    here, there = VersionedCounts("test.counts"), VersionedCounts("test.counts")
    assert here.get("a", count) == 7 and here.get("a", count) == 7
    assert there.get("a", count) == 7  # from the shared cache
    assert len(calls) == 1
    assert here.get("b", count) == 7 and len(calls) == 2  # another key: counted
    with django_capture_on_commit_callbacks(execute=True):
        here.changed()  # a row of the model changed (committed)
    assert there.get("a", count) == 7 and here.get("a", count) == 7
    assert len(calls) == 3  # counted again once, for both


def test_without_a_working_cache_every_count_is_counted():
    calls = []
    counts = VersionedCounts("test.counts")
    with mock.patch.object(cache, "get", side_effect=ConnectionError("down")), \
            mock.patch.object(cache, "add", side_effect=ConnectionError("down")):
        counts.get("a", lambda: calls.append(1) or 1)
        counts.get("a", lambda: calls.append(1) or 1)
    assert len(calls) == 2
