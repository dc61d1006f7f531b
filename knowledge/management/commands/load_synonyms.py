"""``manage.py load_synonyms [FILE]`` — replace the admin's synonym groups with a file's
(``knowledge/synonyms.txt`` by default), forget the cached dictionary and analyse every
article again with it. Edits made in the admin since are lost: it is "reset to file"."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge import services
from knowledge import synonyms as synonym_store


class Command(BaseCommand):
    help = "Muat ulang kamus sinonim dari berkas / Reload the synonym dictionary from a file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?", default=synonym_store.FILE)

    def handle(self, *args, file: Path, **options):
        try:
            groups = synonym_store.groups_from_file(file)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Berkas tidak dapat dibaca / cannot read {file}: {error}") from error
        count = services.load_synonyms(groups)
        self.stdout.write(f"{count} kelompok sinonim dimuat / synonym groups loaded; artikel diindeks ulang / articles reindexed")
