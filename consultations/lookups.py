"""The problem categories as every page of the process reads them: one copy per process,
read again after the admin changes a category; and the staff queue's counts, counted
again after any case changes (``core.lookups``; the receivers are connected in
``ConsultationsConfig.ready``).

``categories()`` is every category, in the admin's order (``sort_order``, then name),
inactive ones too — a queue filters and labels old cases by categories no longer offered;
``active_categories()`` those a new case may choose. Shared, read-only instances: never
save or change them.
"""

from __future__ import annotations

from core.lookups import VersionedCounts, VersionedLookup

from .models import Category


def _load() -> tuple[Category, ...]:
    return tuple(Category.objects.all())


all_categories = VersionedLookup("consultations.categories", _load)


def categories() -> tuple[Category, ...]:
    """Every category, active or not, in the admin's order."""
    return all_categories()


def active_categories() -> tuple[Category, ...]:
    """The categories a new case may choose, in the admin's order."""
    return tuple(category for category in all_categories() if category.is_active)


def category_by_pk() -> dict[int, Category]:
    return {category.pk: category for category in all_categories()}


# The staff queue's "N konsultasi" per user and filters (``selectors.filtered_queue``),
# counted again after any case is saved or deleted. Never a count that a clock changes
# (the deadline filter): those are counted on every page.
queue_counts = VersionedCounts("consultations.queue_counts")
