"""``manage.py search_reindex``: install the staff search's triggers again and rebuild
every row from the cases and complaints (after a restore, or to check the index)."""

from django.core.management.base import BaseCommand
from django.db import connections

from search.index import missing_triggers, rebuild
from search.models import Entry


class Command(BaseCommand):
    help = "Memasang ulang pemicu indeks pencarian kasus dan membangun ulang semua barisnya."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database: str = "default", **options) -> None:
        conn = connections[database]
        missing = missing_triggers(conn)
        rebuild(conn)
        self.stdout.write(
            f"{Entry.objects.using(database).count()} rows indexed; triggers reinstalled: {len(missing)} were missing."
        )
