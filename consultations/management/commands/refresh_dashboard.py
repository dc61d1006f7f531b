"""Rebuild the SLA dashboard's monthly rollup now (beat does it every few minutes)."""

from django.core.management.base import BaseCommand

from consultations.rollup import refresh_rollup


class Command(BaseCommand):
    help = "Rebuild the SLA dashboard's monthly rollup from the cases."

    def handle(self, *args, **options):
        run = refresh_rollup()
        self.stdout.write(f"rollup rebuilt in {run.duration_ms} ms")
