"""``manage.py seed_demo``: demo data for trying E-Advokasi, from every app that has some.

Each app that wants demo data has a ``demo.py`` module with
``seed(write, *, calendar: bool, samples: bool)``; this command calls them in the order
of INSTALLED_APPS (accounts' personas before the desks' sample cases). It knows no app:
a new desk adds its ``demo.py`` and nothing here.

Only with DEBUG on (never in production): the demo accounts share a public password, and
the demo staff a public authenticator secret (accounts/demo.py), whose codes only count
with DEBUG on.
Safe to run again: each ``seed`` creates what is missing and leaves everything else alone.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule


def demo_modules() -> list:
    """The ``demo`` modules of the installed apps, in INSTALLED_APPS order."""
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "demo")
    ]


class Command(BaseCommand):
    help = "Create demo accounts (password 'advokasi-demo'), the holiday calendar and sample cases."

    def add_arguments(self, parser):
        parser.add_argument("--skip-calendar", action="store_true", help="do not sync holidays")
        parser.add_argument("--skip-cases", action="store_true", help="do not create sample cases")

    def handle(self, *args, skip_calendar: bool = False, skip_cases: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on; it creates accounts with a public password.")
        for module in demo_modules():
            module.seed(self.stdout.write, calendar=not skip_calendar, samples=not skip_cases)
        self.stdout.write(self.style.SUCCESS(
            "demo data ready; every demo account's password is 'advokasi-demo'; staff also enter "
            "a code from an authenticator app set up with the demo secret printed above"
        ))
