"""``manage.py reindex_articles`` — analyse every article again (after an upgrade that
changed knowledge/text.py; a dictionary change does it by itself)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from knowledge import services


class Command(BaseCommand):
    help = "Analisis ulang semua artikel untuk pencarian / Re-analyse every article for the search."

    def handle(self, *args, **options):
        changed = services.reindex_articles()
        self.stdout.write(f"{changed} artikel diindeks ulang / articles reindexed")
