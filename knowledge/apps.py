from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Basis pengetahuan")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .fts import on_connection_created

        # Not workflow: the SQL function SQLite's index triggers call (knowledge_stem),
        # registered on every new connection before any statement runs on it.
        connection_created.connect(on_connection_created, dispatch_uid="knowledge.sqlite_functions")

        from core import panels

        from .editorial_views import case_panel

        # "Usulkan untuk basis pengetahuan" on the staff case page, which may not import us.
        panels.register(panels.STAFF_CASE, "knowledge-propose", case_panel)
