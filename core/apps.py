from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from workdays.signals import calendar_changed

        from .pgtime import use_iso_loader
        from .receivers import recompute_deadlines_on_calendar_change

        # timestamptz read at C speed on every PostgreSQL connection (core.pgtime).
        connection_created.connect(use_iso_loader, dispatch_uid="core.pgtime")

        # Every desk on the deadline lifecycle (core.lifecycle) at once: the desks
        # register their hooks from their own ready().
        calendar_changed.connect(recompute_deadlines_on_calendar_change, dispatch_uid="core.recompute_deadlines")
