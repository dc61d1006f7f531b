from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from workdays.signals import calendar_changed

        from .receivers import recompute_deadlines_on_calendar_change

        # Every desk on the deadline lifecycle (core.lifecycle) at once: the desks
        # register their hooks from their own ready().
        calendar_changed.connect(recompute_deadlines_on_calendar_change, dispatch_uid="core.recompute_deadlines")
