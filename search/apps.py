from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Pencarian kasus")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from core import panels

        from . import index
        from .panels import similar_cases_panel

        # Not workflow: the SQL function SQLite's index triggers call (search_analyse),
        # registered on every new connection before any statement runs on it.
        connection_created.connect(index.on_connection_created, dispatch_uid="search.sqlite_functions")
        # A later migration that makes SQLite rebuild a source table drops its triggers:
        # put them back (and refill) after every migrate (search.index.repair).
        post_migrate.connect(_repair, sender=self, dispatch_uid="search.repair")
        panels.register(panels.STAFF_CASE, "similar-cases", similar_cases_panel)


def _repair(sender, using="default", **kwargs) -> None:
    from django.db import connections

    from .index import repair

    repair(connections[using])
