"""``manage.py sync_holidays``: fill the holiday table from the ``holidays`` package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workdays.services import default_sync_years, sync_from_package


class Command(BaseCommand):
    help = (
        "Fill the holiday table from the holidays package (Indonesia: national holidays and "
        "cuti bersama). Idempotent; never overwrites or re-activates a day an admin edited. "
        "Default years: this year - 1 to this year + 2 (Asia/Jakarta)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from-year", type=int, help="first year (default: this year - 1)")
        parser.add_argument("--to-year", type=int, help="last year (default: this year + 2)")

    def handle(self, *args: Any, from_year: int | None = None, to_year: int | None = None, **options: Any) -> None:
        try:
            result = sync_from_package(from_year=from_year, to_year=to_year)
        except ValueError as error:
            default_from, default_to = default_sync_years()
            raise CommandError(f"{error} (default range: {default_from}-{default_to})") from error
        self.stdout.write(self.style.SUCCESS(str(result)))
